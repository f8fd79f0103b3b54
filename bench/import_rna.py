"""`make bench-import`: the register (RNA) import at 15,000 rows of one département and 1,500,000 national.

For each size it writes a waldec file with bench/register_files.py (15,000 rows
of département 78; 1,500,000 rows over the whole country), then runs, each
command in its own process, measured for wall time and peak memory
(`/usr/bin/time -f %M`, else getrusage in a fresh helper process), the commands
in turn, three rounds:

- plain read: Python's csv module over the file, Latin-1, DictReader, counting the
  rows whose adrs_codeinsee is in département 78 (the floor of any import);
- import: `python -m annuaire import-rna FILE --data DATA --departement 78` into a
  fresh copy of a data folder (the sample data's themes, communes and records)
  prepared by `python -m annuaire communes --departement 78`; for the national
  file too, only département 78 is imported: what is measured is the streaming
  filter over 1.5 million rows;
- at 15,000 rows only: `python -m annuaire build` of the imported data
  (ANNUAIRE_TODAY=2026-12-01), against plain Pelican building as many Markdown
  articles of 300 words with its default theme and DEFAULT_PAGINATION 20.

It prints the median wall time and the peak memory of each command, and the
ratios import / plain read and build / plain Pelican of each round, measured in
the same run since this machine is shared and noisy. `--baseline-only` runs the
generation and the two baselines alone (before the import commands exist).
"""

from __future__ import annotations

import argparse
import csv
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.measure import SEED, TIME, measure, python, ratio, write_articles, write_pelican_settings

ROOT = Path(__file__).resolve().parents[1]
DEPARTEMENT = "78"
TODAY = "2026-12-01"
DATE = "20250901"
DATA_FILES = ("themes.yaml", "communes.yaml")
DATA_FOLDERS = ("organisations", "offers", "needs", "projects")


def baseline_read(path: Path, departement: str) -> int:
    """The floor of any import: every row decoded and split into fields, the département's counted."""
    with open(path, encoding="latin-1", newline="") as file:
        return sum(1 for row in csv.DictReader(file, delimiter=";") if (row.get("adrs_codeinsee") or "").startswith(departement))


def make_data(folder: Path) -> Path:
    """A copy of the repository's data folder, as the import starts from it."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for name in DATA_FILES:
        shutil.copyfile(ROOT / "data" / name, folder / name)
    for name in DATA_FOLDERS:
        shutil.copytree(ROOT / "data" / name, folder / name)
    return folder


def fresh_copy(template: Path, folder: Path) -> Path:
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(template, folder)
    return folder


def record_count(data: Path) -> int:
    return sum(len(list((data / name).glob("*.yaml"))) for name in DATA_FOLDERS)


def missing_commands() -> list[str]:
    helptext = subprocess.run(python("-m", "annuaire", "--help"), cwd=ROOT, capture_output=True, text=True, check=False).stdout
    choices = re.search(r"\{([^}]*)\}", helptext)
    known = set(choices.group(1).split(",")) if choices else set()
    return [name for name in ("communes", "import-rna") if name not in known]


def bench_size(size: int, work: Path, runs: int, baseline_only: bool) -> list[tuple]:
    """The lines of the table for one size: (size, label, results, baseline results or None)."""
    scope = DEPARTEMENT if size <= 100_000 else "ALL"
    source = work / f"rna_waldec_{DATE}_{size}.csv"
    generated = measure(python("-m", "bench.register_files", "--edition", "waldec", "--rows", str(size), "--departement", scope,
                               "--seed", str(SEED), "--date", DATE, "--output", str(source)))
    megabytes = source.stat().st_size / 1e6
    lines = [(size, f"generate ({'dpt ' + scope if scope != 'ALL' else 'national'}, {megabytes:.0f} MB)", [generated], None)]
    reads, imports, builds, plains = [], [], [], []
    template = None
    if not baseline_only:
        template = make_data(work / f"data-{size}-template")
        measure(python("-m", "annuaire", "communes", "--data", str(template), "--departement", DEPARTEMENT))
    for _round in range(runs):
        reads.append(measure(python("-m", "bench.import_rna", "--baseline-read", str(source), "--departement", DEPARTEMENT)))
        if template:
            data = fresh_copy(template, work / f"data-{size}")
            imports.append(measure(python("-m", "annuaire", "import-rna", str(source), "--data", str(data), "--departement", DEPARTEMENT)))
    found = int(reads[0]["stdout"].split()[-1])
    lines.append((size, f"plain csv read ({found} rows of dpt {DEPARTEMENT})", reads, None))
    if imports:
        lines.append((size, "annuaire import-rna", imports, reads))
    if size <= 100_000:
        articles = record_count(work / f"data-{size}") if imports else found
        content, settings = work / f"articles-{size}", work / f"pelican-{size}.py"
        write_articles(content, articles)
        write_pelican_settings(settings)
        for _round in range(runs):
            plain_out = work / f"plain-{size}"
            shutil.rmtree(plain_out, ignore_errors=True)
            plains.append(measure(python("-m", "pelican", str(content), "-s", str(settings), "-o", str(plain_out), "-q")))
            if imports:
                out = work / f"site-{size}"
                for folder in (out, out.with_name(out.name + ".staging"), out.with_name(out.name + ".previous")):
                    shutil.rmtree(folder, ignore_errors=True)
                builds.append(measure(python("-m", "annuaire", "build", "--data", str(work / f"data-{size}"), "--output", str(out)),
                                      env={"ANNUAIRE_TODAY": TODAY}))
        lines.append((size, f"plain Pelican ({articles} articles)", plains, None))
        if builds:
            lines.append((size, f"annuaire build ({articles} records)", builds, plains))
    return lines


def print_table(lines: list[tuple]) -> None:
    header = f"{'rows':>9} | {'command':<42} | {'median s':>9} | {'peak MB':>8} | {'ratio':>6} | ratio of each round"
    print(header)
    print("-" * len(header))
    for size, label, results, baseline in lines:
        seconds = statistics.median(result["seconds"] for result in results)
        peak = max(result["peak_mb"] for result in results)
        if baseline:
            overall = ratio(seconds, statistics.median(result["seconds"] for result in baseline))
            rounds = ", ".join(ratio(ours["seconds"], theirs["seconds"]) for ours, theirs in zip(results, baseline))
        else:
            overall, rounds = "", ""
        print(f"{size:>9} | {label:<42} | {seconds:>9.2f} | {peak:>8.0f} | {overall:>6} | {rounds}")
    print("-" * len(header))
    print("ratio: median wall time against the baseline above it (import / plain csv read, build / plain Pelican);")
    print("each round ran the two commands one after the other. Peak MB: the highest peak resident memory of the runs.")


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.import_rna", description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sizes", default="15000,1500000", help="numbers of rows, comma separated (at most 100,000: département 78; more: national)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--baseline-only", action="store_true", help="generate and run the baselines only")
    parser.add_argument("--workdir", type=Path, help="work in this folder and keep it (default: a temporary folder)")
    parser.add_argument("--baseline-read", type=Path, metavar="FILE", help=argparse.SUPPRESS)
    parser.add_argument("--departement", default=DEPARTEMENT, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.baseline_read:
        print(baseline_read(args.baseline_read, args.departement))
        return 0
    baseline_only = args.baseline_only
    missing = [] if baseline_only else missing_commands()
    if missing:
        print(f"commande(s) absente(s) de python -m annuaire : {', '.join(missing)} ; seules les références sont mesurées", file=sys.stderr)
        baseline_only = True
    lines = []
    with tempfile.TemporaryDirectory(prefix="bench-import-") as temporary:
        work = args.workdir or Path(temporary)
        work.mkdir(parents=True, exist_ok=True)
        for size in (int(value) for value in args.sizes.split(",")):
            lines.extend(bench_size(size, work, args.runs, baseline_only))
    print(f"Import benchmark: waldec files of the register (seed {SEED}), département {DEPARTEMENT} imported, {args.runs} rounds; "
          f"memory by {'/usr/bin/time' if TIME.exists() else 'getrusage'}.\n")
    print_table(lines)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
