"""Each folder of tests/fixtures/invalid/ is one kind of contributor mistake.

The minimal valid data set with the case laid over it must give exactly the
problems of the case's expected.txt: right file, right line, right field, in French.
"""

from __future__ import annotations

import datetime
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import INVALID, MINIMAL, ROOT, TODAY, data_with_case

from annuaire.cli import build, main
from annuaire.records.loader import validate

CASES = sorted(path.name for path in INVALID.iterdir() if path.is_dir())


def test_minimal_data_is_valid():
    assert validate(MINIMAL, datetime.date.fromisoformat(TODAY)) == []


def test_there_are_many_kinds_of_mistakes():
    assert len(CASES) >= 25


@pytest.mark.parametrize("case", CASES)
def test_mistake_is_reported_at_its_line(case, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    data_with_case(INVALID / case, tmp_path / "data")
    problems = validate(Path("data"), datetime.date.fromisoformat(TODAY))
    expected = (INVALID / case / "expected.txt").read_text("utf-8").splitlines()
    assert [str(problem) for problem in problems] == expected


@pytest.mark.parametrize("case", CASES)
def test_command_line_says_each_mistake_in_french_without_a_traceback(case, tmp_path, monkeypatch, capsys):
    """`make validate` as a contributor runs it: exit code 1, the expected lines, then nothing else."""
    monkeypatch.chdir(tmp_path)
    data_with_case(INVALID / case, tmp_path / "data")
    assert main(["validate", "--data", "data", "--today", TODAY, "--stale-days", "3650"]) == 1
    captured = capsys.readouterr()
    expected = (INVALID / case / "expected.txt").read_text("utf-8").splitlines()
    errors, *warnings = captured.err.split("\n\n")
    lines = errors.splitlines()
    assert lines[0].endswith("dans les données, rien n'est publié :") and lines[1:] == expected
    assert all(block.startswith(("1 avertissement", "2 avertissements")) for block in warnings)  # an expired offer, after
    assert "Traceback" not in captured.err + captured.out


def test_command_line_lists_every_problem_and_fails(tmp_path):
    data = tmp_path / "data"
    data_with_case(INVALID / "url-et-courriel", data)
    (data / "organisations" / "tabs.yaml").write_text("nom: x\n\ttype: y\n", "utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "annuaire", "validate", "--data", str(data)],
        capture_output=True, text=True, cwd=tmp_path, env={"PATH": ""},
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith("data/")]
    assert lines == [
        "data/organisations/liens.yaml:5:1: site_web: format invalide « javascript:alert(1) » : adresse complète commençant par https:// ou http:// ; exemple : https://association.example.org/",
        "data/organisations/liens.yaml:7:3: contact.email: format invalide « pas-un-courriel » : adresse électronique complète ; exemple : contact@association.example.org",
        "data/organisations/liens.yaml:8:3: contact.telephone: format invalide « 12345 » : numéro français à 10 chiffres ou au format international, espaces permis ; exemple : 01 23 45 67 89",
        "data/organisations/tabs.yaml:2:1: tabulation interdite : indentez avec des espaces",
    ]
    assert result.stderr.startswith("4 problèmes dans les données, rien n'est publié")


def test_failed_build_leaves_the_previous_site_untouched(tmp_path):
    data = data_with_case(INVALID / "theme-inconnu", tmp_path / "data")
    output = tmp_path / "output"
    output.mkdir()
    (output / "index.html").write_text("site précédent", "utf-8")
    assert build(data, output, ROOT / "pelican.conf.py") == 1
    assert (output / "index.html").read_text("utf-8") == "site précédent"
    # Beside it, only the cache of what was read (kept: the build after the fix is faster), no page.
    assert sorted(path.name for path in tmp_path.iterdir()) == ["data", "output", "output.cache"]
    assert not list((tmp_path / "output.cache").rglob("*.html"))


def test_failed_first_build_writes_nothing(tmp_path):
    data = data_with_case(INVALID / "organisation-inconnue", tmp_path / "data")
    assert build(data, tmp_path / "output", ROOT / "pelican.conf.py") == 1
    assert not (tmp_path / "output").exists()
