"""What the benchmarks that run whole commands share: a command's wall time and peak memory, and plain Pelican.

`measure(command)` runs one command in a process of its own and returns its
wall time and peak memory: the process's peak resident memory (`/usr/bin/time -f %M`,
else getrusage in a fresh helper process: `python -m bench.measure '["cmd", ...]'`),
or the sampled sum of its and its workers' PSS when larger.
`write_articles` and `write_pelican_settings` make the plain Pelican site our
builds are compared with: Markdown articles of 300 words, the default theme.
Used by bench/import_rna.py and bench/site.py.
"""

from __future__ import annotations

import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = 2026
TIME = Path("/usr/bin/time")
WORDS = (
    "association", "bénévoles", "quartier", "solidarité", "culture", "sport", "jeunes", "familles", "habitants", "ateliers",
    "commune", "projet", "partage", "rencontre", "saison", "adhérents", "locaux", "matériel", "formation", "entraide", "jardin",
    "musique", "théâtre", "randonnée", "enfants", "seniors", "accueil", "animation", "fête", "école", "environnement", "repas",
    "week-end", "mairie", "salle", "réunion", "bureau", "assemblée", "cotisation", "programme", "sortie", "concert", "exposition",
    "tournoi", "stage", "initiation", "découverte", "collecte", "soutien", "lien", "vivre", "ensemble", "chaque", "mois", "nos",
    "les", "des", "pour", "avec", "dans", "sur", "une", "un", "et", "de", "la", "le", "en", "au", "nous", "vous", "tous",
)


def run_measured(command: list[str], env: dict | None = None) -> dict:
    """Child process of the fallback: run `command`, then report its wall time and its peak memory (ours alone)."""
    started = time.perf_counter()
    completed = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # KiB on Linux
    return {"seconds": seconds, "peak_mb": peak_kb / 1024, "returncode": completed.returncode, "stdout": completed.stdout, "stderr": completed.stderr}


def measure(command: list[str], env: dict | None = None) -> dict:
    """Wall time and peak memory of one command, in a process of its own. The peak is the larger of the
    process's own peak resident memory and the highest sum, sampled, of the proportional memory (PSS) of
    it and its worker processes: workers forked by a build share most of their pages with it."""
    environment = {**os.environ, **(env or {})}
    if TIME.exists():
        with tempfile.NamedTemporaryFile("r", suffix=".time") as report:
            started = time.perf_counter()
            with subprocess.Popen([str(TIME), "-f", "%e %M", "-o", report.name, *command], env=environment, cwd=ROOT,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as process:
                sampler = TreeMemory(process.pid)
                sampler.start()
                stdout, stderr = process.communicate()
                sampler.stop()
            seconds = time.perf_counter() - started
            peak_kb = int(Path(report.name).read_text().split()[-1])
        result = {"seconds": seconds, "peak_mb": max(peak_kb / 1024, sampler.peak_mb), "returncode": process.returncode,
                  "stdout": stdout, "stderr": stderr}
    else:
        helper = subprocess.run([sys.executable, "-m", "bench.measure", json.dumps(command)], env=environment, cwd=ROOT,
                                capture_output=True, text=True, check=True)
        result = json.loads(helper.stdout)
    if result["returncode"]:
        sys.exit(f"échec de {' '.join(command)} (code {result['returncode']}) :\n{(result['stdout'] + result['stderr'])[-3000:]}")
    return result


class TreeMemory(threading.Thread):
    """Samples, every SAMPLE seconds, the summed PSS of a process and its descendants (Linux /proc); 0 elsewhere."""

    SAMPLE = 0.2

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.peak_mb, self._done = pid, 0.0, threading.Event()

    def run(self) -> None:
        while not self._done.wait(self.SAMPLE):
            self.peak_mb = max(self.peak_mb, sum(_pss_kb(pid) for pid in _tree(self.pid)) / 1024)

    def stop(self) -> None:
        self._done.set()
        self.join()


def _tree(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir() if Path("/proc").is_dir() else ():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry.name))
    found, waiting = [], [root]
    while waiting:
        pid = waiting.pop()
        found.append(pid)
        waiting += children.get(pid, [])
    return found


def _pss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def python(*arguments: str) -> list[str]:
    return [sys.executable, *arguments]


def write_articles(content: Path, count: int, seed: int = SEED) -> None:
    """`count` Markdown articles of 300 words, with a category (10) and tags (50), as a plain Pelican site has."""
    rng = random.Random(seed)
    shutil.rmtree(content, ignore_errors=True)
    content.mkdir(parents=True)
    for number in range(count):
        body = "\n\n".join(" ".join(rng.choices(WORDS, k=60)).capitalize() + "." for _ in range(5))
        tags = ", ".join(f"commune-{rng.choice('abcdefghij')}{rng.choice('klmnp')}" for _ in range(rng.randint(1, 2)))  # no digit: pages are name + number
        (content / f"article-{number}.md").write_text(
            f"Title: Association numéro {number}\nDate: 2026-{rng.randint(1, 11):02d}-{rng.randint(1, 28):02d}\n"
            f"Category: thème {rng.choice('abcdefghij')}\nTags: {tags}\nSummary: Association numéro {number}.\n\n{body}\n",
            "utf-8",
        )


def write_pelican_settings(path: Path) -> None:
    path.write_text(
        'AUTHOR = "Bench"\nSITENAME = "Bench"\nSITEURL = ""\nTIMEZONE = "Europe/Paris"\nDEFAULT_LANG = "fr"\nDEFAULT_PAGINATION = 20\n',
        "utf-8",
    )


def ratio(a: float | None, b: float | None) -> str:
    return f"{a / b:.2f}" if a is not None and b else "-"


if __name__ == "__main__":
    print(json.dumps(run_measured(json.loads(sys.argv[1]))))
