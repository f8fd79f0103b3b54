"""Gate 5: hostile or broken files are refused quickly, with a clear message and bounded memory.

Each case is one file in an otherwise valid data folder, read by the project's own loader
(`validate`, what `make validate` and the build run) in a child process: a case that
crashed the interpreter (a stack overflow in libyaml's C composer did) fails its test
instead of taking pytest down, and the child's peak resident memory (VmHWM, reset after
the imports) measures the case alone. tests/unit/test_yaml_source.py checks the parser's messages one by one;
this checks the whole loader, with generous bounds of time and memory.
"""

from __future__ import annotations

import codecs
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from annuaire.records.yaml_source import MAX_BYTES

from .conftest import FIGURES, ROOT

MINIMAL = ROOT / "tests" / "fixtures" / "minimal"
SECONDS = 10.0  # generous: the slowest cases take one to three seconds on a busy 2-core machine
PEAK_BYTES = 64 * 1024 * 1024  # growth of the child's resident memory while it loads the folder

VALID = "nom: Essai\ntype: association\nresume: Une organisation d'essai.\nthemes: [solidarite]\nmis_a_jour: 2025-01-01\n"


def billion_laughs(levels: int = 20) -> bytes:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for level in range(1, levels):
        previous, name = chr(96 + level), chr(97 + level)
        lines.append(f"{name}: &{name} [*{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}]")
    return ("\n".join(lines) + "\n").encode()


CASES = {
    # name: (file content, or "sparse:<size>" for a file of that size made of holes; expected words in the message)
    "alias-bomb": (billion_laughs(), "ancres et alias"),
    "alias-merge": (b"base: &b {nom: X}\nautre:\n  <<: *b\n", "nom de champ invalide"),
    "huge-file": ("sparse:1073741824", "fichier trop gros"),
    "just-over-the-limit": (VALID.encode() + b"#" * (MAX_BYTES - len(VALID)) + b"\n", "fichier trop gros"),
    "deep-flow-nesting": (b"nom: " + b"[" * 100_000 + b"]" * 100_000 + b"\n", "imbriquée"),
    "deep-map-nesting": (b"nom: " + b"{a: " * 50_000 + b"1" + b"}" * 50_000 + b"\n", "imbriquée"),
    "deep-block-nesting": ("".join(" " * i + "a:\n" for i in range(400)).encode() + b" " * 400 + b"b\n", "imbriquée"),
    "latin-1": (VALID.replace("Essai", "Caf\xe9").encode("latin-1"), "pas en UTF-8"),
    "utf-16-with-bom": (codecs.BOM_UTF16_LE + VALID.encode("utf-16-le"), "pas en UTF-8"),
    "nul-byte": (VALID.encode() + b"adresse: 1 rue\x00 de la Paix\n", "caractère de contrôle"),
    "duplicate-key": (VALID.encode() + b"nom: Encore\n", "écrit deux fois"),
    "duplicate-nested-key": (VALID.encode() + b"contact:\n  email: a@b.fr\n  email: c@d.fr\n", "écrit deux fois"),
    "huge-integer": (VALID.encode() + b"fondee_en: " + b"9" * 100_000 + b"\n", "nombre trop long"),
    "many-unknown-keys": (VALID.encode() + b"".join(b"champ%d: %d\n" % (i, i) for i in range(12_000)), "champ inconnu"),
    "long-list": (VALID.replace("themes: [solidarite]", "themes: [" + ", ".join(f"theme-{i}" for i in range(20_000)) + "]").encode(), "trop d'éléments"),
    "python-tag": (VALID.encode() + b"description: !!python/object/apply:os.system [echo pwned]\n", "étiquette YAML non permise"),
}
ACCEPTED = {
    "utf-8-bom": codecs.BOM_UTF8 + VALID.encode(),
    "crlf-line-ends": VALID.replace("\n", "\r\n").encode(),
}


def write_case(folder: Path, content) -> Path:
    shutil.copytree(MINIMAL, folder)
    path = folder / "organisations" / "cas.yaml"
    if isinstance(content, str) and content.startswith("sparse:"):
        with path.open("wb") as file:
            file.truncate(int(content.split(":")[1]))
    else:
        path.write_bytes(content)
    return folder


@pytest.mark.parametrize("case", list(CASES))
def test_hostile_file_is_refused_quickly_with_a_clear_message(case, tmp_path):
    content, words = CASES[case]
    data = write_case(tmp_path / "data", content)
    problems, seconds, peak = run_in_child("validate", data)
    figure = "chargement hostile (cas : secondes, pic de mémoire du processus, interpréteur compris)"
    FIGURES[figure] = FIGURES.get(figure, "") + f"{case} {seconds:.2f} s {PEAKS[data] / 2**20:.0f} Mio ; "
    mine = [problem for problem in problems if "organisations/cas.yaml" in problem]
    assert mine and words in mine[0], problems[:5]
    assert seconds < SECONDS
    assert peak < PEAK_BYTES


@pytest.mark.parametrize("case", list(ACCEPTED))
def test_harmless_encodings_are_accepted(case, tmp_path):
    assert run_in_child("validate", write_case(tmp_path / "data", ACCEPTED[case]))[0] == []


CHILD = """
import sys, time
from pathlib import Path
from annuaire.records.loader import validate
from annuaire.records.yaml_source import read_text


def peak():  # this process's peak resident memory; unlike getrusage's, not inherited from the parent
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024


try:
    open("/proc/self/clear_refs", "w").write("5")  # start the peak again from the current size
except OSError:
    pass
action, path = sys.argv[1], Path(sys.argv[2])
before = peak()
started = time.perf_counter()
if action == "validate":
    problems = [str(problem) for problem in validate(path)]
else:  # "read-unbounded": the reader with no size limit
    text, problems = read_text(path, path.name, 2**40)
seconds = time.perf_counter() - started
print(seconds, peak() - before, peak())
print("\\n".join(str(p) for p in problems))
"""


def run_in_child(action: str, path: Path, script: str = CHILD) -> tuple[list[str], float, int]:
    """(problems, seconds, growth of peak resident memory in bytes) of `action` run on `path` in a fresh interpreter."""
    if not Path("/proc/self/status").is_file():
        pytest.skip("memory is read from /proc/self/status (Linux)")
    completed = subprocess.run([sys.executable, "-c", script, action, str(path)], capture_output=True, text=True, timeout=120, check=False)
    assert completed.returncode == 0, f"the loader crashed (exit code {completed.returncode}): {completed.stderr[-2000:]}"
    first, *problems = completed.stdout.splitlines()
    seconds, growth, peak = first.split()
    PEAKS[path] = int(peak)
    return [problem for problem in problems if problem], float(seconds), int(growth)


PEAKS: dict[Path, int] = {}  # peak resident memory of each child, interpreter included


def test_planted_unbounded_read_breaks_the_memory_bound(tmp_path):
    """Without its size limit, the same reader holds a 160 MiB file in memory: the bound catches it."""
    path = tmp_path / "gros.yaml"
    with path.open("wb") as file:
        file.truncate(160 * 2**20)
    problems, _seconds, peak = run_in_child("read-unbounded", path)
    assert problems == [] and peak > PEAK_BYTES


def test_planted_crash_is_reported_by_the_child_process(tmp_path):
    """A child that dies on a signal fails the test with its exit code, instead of taking pytest down with it."""
    data = write_case(tmp_path / "data", VALID.encode())
    with pytest.raises(AssertionError, match="the loader crashed"):
        run_in_child("validate", data, "import os, signal; os.kill(os.getpid(), signal.SIGSEGV)")
