"""Shared fixtures: data folders to validate, and the sample site built once per test session."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from annuaire.cli import build

ROOT = Path(__file__).resolve().parents[1]

FIXTURES = Path(__file__).parent / "fixtures"
MINIMAL = FIXTURES / "minimal"
INVALID = FIXTURES / "invalid"
TODAY = "2026-11-26"  # fixed, so that checks against today's date do not drift


def data_with_case(case: Path, target: Path) -> Path:
    """The minimal valid data folder with one negative case laid over it.

    A case folder holds the files to add or replace; `name.delete` removes `name`.
    """
    shutil.copytree(MINIMAL, target)
    for path in sorted(case.rglob("*")):
        if path.is_dir() or path.name == "expected.txt":
            continue
        relative = path.relative_to(case)
        destination = target / relative
        if path.suffix == ".delete":
            destination.with_suffix("").unlink()
            continue
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, destination)
    return target


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The sample site, built from data/ with the real settings into a temporary folder."""
    output = tmp_path_factory.mktemp("site") / "output"
    assert build(ROOT / "data", output, ROOT / "pelican.conf.py") == 0
    return output
