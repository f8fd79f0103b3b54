"""The same site, byte for byte, whatever the number of worker processes (JOBS)."""

from __future__ import annotations

from pathlib import Path

import pytest

from annuaire.cli import build
from bench.synthetic import write_directory

ROOT = Path(__file__).resolve().parents[1]


def files(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in sorted(site.rglob("*")) if path.is_file()}


def built(data: Path, output: Path, jobs: int, monkeypatch) -> dict[str, bytes]:
    monkeypatch.setenv("JOBS", str(jobs))
    assert build(data, output, ROOT / "pelican.conf.py") == 0
    return files(output)


@pytest.fixture(scope="module")
def synthetic_data(tmp_path_factory) -> Path:
    data = tmp_path_factory.mktemp("synthetic") / "data"
    write_directory(data, 300, seed=7, commune_count=40)
    return data


@pytest.mark.parametrize("source", ["sample", "synthetic"])
def test_one_worker_or_several_write_the_same_bytes(source, synthetic_data, tmp_path, monkeypatch):
    monkeypatch.setenv("SITEURL", "https://annuaire.example.org")  # the sitemap too
    monkeypatch.setenv("ANNUAIRE_TODAY", "2026-12-01")
    data = ROOT / "data" if source == "sample" else synthetic_data
    alone = built(data, tmp_path / "one", 1, monkeypatch)
    assert len(alone) > 100
    for jobs in (2, 3):
        several = built(data, tmp_path / f"jobs{jobs}", jobs, monkeypatch)
        assert several.keys() == alone.keys()
        assert [name for name in alone if several[name] != alone[name]] == []


def test_a_wrong_jobs_value_is_reported_not_raised(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("JOBS", "beaucoup")
    assert build(ROOT / "data", tmp_path / "site", ROOT / "pelican.conf.py") == 1
    assert "JOBS=beaucoup : indiquez un nombre entier de processus" in capsys.readouterr().err
    assert not (tmp_path / "site").exists()
