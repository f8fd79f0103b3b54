"""Shared pieces of the register's tests: the official geography, the fixture files, a copy of the sample data."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from annuaire.register.territory import Geography
from annuaire.settings import CHECKOUT

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "rna"
WALDEC = FIXTURES / "rna_waldec_20250901_dpt_78.csv"  # ISO-8859-1, CRLF, telephone and email columns in the middle
IMPORT = FIXTURES / "rna_import_20250901_dpt_78.csv"  # UTF-8


@pytest.fixture(scope="session")
def geography() -> Geography:
    if not (CHECKOUT / "node_modules" / "@etalab" / "decoupage-administratif").is_dir():
        pytest.skip("node_modules absent : lancez make setup")
    return Geography(CHECKOUT / "node_modules")


@pytest.fixture
def sample(tmp_path) -> Path:
    """A copy of the sample data folder."""
    return Path(shutil.copytree(CHECKOUT / "data", tmp_path / "data"))


def snapshot(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}
