"""Linters: the code passes them as configured in the repository."""

from __future__ import annotations

import re
import subprocess

import pytest
from conftest import ROOT

BIOME = ROOT / "node_modules" / ".bin" / "biome"
# What biome.jsonc's files.includes lints: every script of ours that a browser runs, and the benches' and tests'.
BROWSER_JAVASCRIPT = ("annuaire/devserver_reload.js", "annuaire/search/**/*.js", "annuaire/contribute/browser/*.js", "tests/search/*.js", "tests/contribute/*.js", "bench/*.js", "theme/static/js/*.js", "plugins/*/*.js")


def test_browser_javascript_passes_biome():
    if not BIOME.exists():
        pytest.skip("node_modules/.bin/biome is missing: run `npm ci` (or `make setup`) to lint the JavaScript")
    completed = subprocess.run(
        [str(BIOME), "lint", "--error-on-warnings", "--verbose", "--colors=off"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    output = completed.stdout + completed.stderr
    assert completed.returncode == 0, output
    # Every file was linted: none left out by the configuration.
    processed = set(re.findall(r"^\s+- (\S+\.js)$", output, re.MULTILINE))
    expected = {path.relative_to(ROOT).as_posix() for pattern in BROWSER_JAVASCRIPT for path in ROOT.glob(pattern)}
    assert processed == expected and "annuaire/search/browser/search-core.js" in processed, output


def test_python_passes_ruff():
    """ruff (pinned in requirements.txt), with the rules and line length of pyproject.toml."""
    ruff = ROOT / ".venv" / "bin" / "ruff"
    command = [str(ruff)] if ruff.exists() else ["ruff"]
    try:
        completed = subprocess.run([*command, "check", "--output-format", "concise", "."], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)
    except FileNotFoundError:
        pytest.skip("ruff is not installed: run `make setup`")
    assert completed.returncode == 0, completed.stdout + completed.stderr


def test_no_noqa_comment_is_left_that_no_linter_reads():
    """ruff's RUF100 reports the unused ones; a comment for a rule ruff does not run would hide nothing."""
    marker = "# " + "noqa"  # spelt apart, so that this file does not hold it
    files = subprocess.run(["git", "ls-files", "*.py"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    found = [name for name in files if not name.startswith("tests/fixtures/") and marker in (ROOT / name).read_text("utf-8")]
    assert found == []
