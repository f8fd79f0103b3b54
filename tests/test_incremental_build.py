"""Incremental builds: after each kind of change, the site is the same bytes as a build from scratch.

One data folder changes step by step; after each step it is built twice: incrementally, into the
same output as the step before (reusing its unchanged pages), and from scratch into a new folder.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from annuaire.cli import build
from annuaire.publish.page_cache import counts

ROOT = Path(__file__).resolve().parents[1]
OFFER = "offers/atelier-bois-et-co-fourgon.yaml"


def files(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in sorted(site.rglob("*")) if path.is_file()}


class Builds:
    def __init__(self, tmp_path: Path, monkeypatch):
        self.tmp_path, self.monkeypatch = tmp_path, monkeypatch
        self.data = tmp_path / "data"
        shutil.copytree(ROOT / "data", self.data)
        self.theme = tmp_path / "theme"
        shutil.copytree(ROOT / "theme", self.theme)
        self.settings = tmp_path / "settings.py"
        self.settings.write_text(
            f"import runpy\nglobals().update((k, v) for k, v in runpy.run_path({str(ROOT / 'pelican.conf.py')!r}).items() if k.isupper())\n"
            f"THEME = {str(self.theme)!r}\n"
        )
        self.site = tmp_path / "site"
        self.steps = 0

    def incremental(self, jobs: int = 2) -> dict:
        self.monkeypatch.setenv("JOBS", str(jobs))
        assert build(self.data, self.site, self.settings) == 0
        return counts(self.tmp_path / "site.cache")

    def same_as_from_scratch(self) -> dict:
        """Build incrementally then from scratch; assert the same files, the same bytes; the page counts."""
        pages = self.incremental()
        self.steps += 1
        fresh = self.tmp_path / f"fresh{self.steps}"
        self.monkeypatch.setenv("JOBS", "1")
        assert build(self.data, fresh, self.settings) == 0
        expected, found = files(fresh), files(self.site)
        assert sorted(found) == sorted(expected)
        assert [name for name in expected if found[name] != expected[name]] == []
        shutil.rmtree(fresh)
        shutil.rmtree(self.tmp_path / f"fresh{self.steps}.cache")
        return pages

    def edit(self, name: str, old: str, new: str) -> None:
        path = self.data / name
        text = path.read_text("utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), "utf-8")


@pytest.fixture
def builds(tmp_path, monkeypatch) -> Builds:
    monkeypatch.setenv("ANNUAIRE_TODAY", "2026-12-01")
    monkeypatch.setenv("SITEURL", "https://annuaire.example.org")
    steps = Builds(tmp_path, monkeypatch)
    steps.incremental()  # the first build: every page rendered
    return steps


def test_an_unchanged_directory_reuses_every_page(builds):
    pages = builds.same_as_from_scratch()
    assert pages["rendered"] == 1  # the last page is always rendered (see page_writer)
    assert pages["reused"] > 100


def test_records_edited_added_renamed_and_deleted(builds):
    builds.edit(OFFER, "Fourgon utilitaire de 12 m³", "Camionnette de 12 m³")
    pages = builds.same_as_from_scratch()
    assert 1 < pages["rendered"] < pages["reused"] / 4  # the offer, its organisation, listings, theme and commune pages...

    (builds.data / "offers/atelier-bois-et-co-remorque.yaml").write_text(
        (builds.data / OFFER).read_text("utf-8").replace("Camionnette de 12 m³", "Remorque bâchée"), "utf-8")
    builds.same_as_from_scratch()

    (builds.data / OFFER).rename(builds.data / "offers/atelier-bois-et-co-camionnette.yaml")
    builds.same_as_from_scratch()

    need = sorted((builds.data / "needs").glob("*.yaml"))[0]
    need.unlink()
    builds.same_as_from_scratch()


def test_reference_lists_and_where_communes_are(builds):
    builds.edit("communes.yaml", "coordonnees: {lat: 48.7842, lon: 1.9564}", "coordonnees: {lat: 48.7942, lon: 1.9464}")
    builds.same_as_from_scratch()
    builds.edit("communes.yaml", "nom: Guyancourt", "nom: Guyancourt-la-Belle")
    builds.same_as_from_scratch()


def test_a_template_or_a_setting_changes_every_page_it_must(builds):
    base = builds.theme / "templates" / "base.html"
    base.write_text(base.read_text("utf-8").replace("</footer>", "<p>Pied de page modifié</p></footer>", 1), "utf-8")
    pages = builds.same_as_from_scratch()
    assert pages["reused"] == 0  # a new key: nothing reused
    assert "Pied de page modifié" in (builds.site / "offres" / "index.html").read_text("utf-8")

    builds.monkeypatch.setenv("SITENAME", "Coopérer autrement")
    assert builds.same_as_from_scratch()["reused"] == 0
    builds.monkeypatch.setenv("ANNUAIRE_TODAY", "2027-06-01")  # offers expire: the date is part of every page's key
    assert builds.same_as_from_scratch()["reused"] == 0


def test_an_error_during_an_incremental_build_publishes_nothing(builds, capsys):
    before = files(builds.site)
    traces = (builds.tmp_path / "site.cache" / "pages.json").read_bytes()
    builds.edit(OFFER, "organisation: atelier-bois-et-co", "organisation: atelier-bois-et-coo")
    builds.monkeypatch.setenv("JOBS", "2")
    capsys.readouterr()
    assert build(builds.data, builds.site, builds.settings) == 1
    error = capsys.readouterr().err
    assert f"data/{OFFER}:3:1: organisation: organisation inconnue « atelier-bois-et-coo » ; vouliez-vous dire" in error.replace(str(builds.data.parent) + "/", "")
    assert "Rien n'a été publié" in error
    assert files(builds.site) == before
    assert (builds.tmp_path / "site.cache" / "pages.json").read_bytes() == traces
    assert not (builds.tmp_path / "site.cache" / "pages.json.next").exists()

    builds.edit(OFFER, "organisation: atelier-bois-et-coo", "organisation: atelier-bois-et-co")
    pages = builds.same_as_from_scratch()
    assert pages["rendered"] == 1


def test_a_page_deleted_from_the_site_by_hand_is_rendered_again(builds):
    (builds.site / "offres" / "atelier-bois-et-co-fourgon" / "index.html").unlink()
    pages = builds.same_as_from_scratch()
    assert pages["rendered"] == 2


def test_traces_name_records_not_their_content(builds):
    stored = json.loads((builds.tmp_path / "site.cache" / "pages.json").read_text("utf-8"))
    trace = stored["pages"]["offres/atelier-bois-et-co-fourgon/index.html"]
    read = [stored["records"][number][:2] for number in trace["records"]]
    assert ["offer", "atelier-bois-et-co-fourgon"] in read
    assert ["organisation", "atelier-bois-et-co"] in read
    assert "Fourgon" not in json.dumps(stored)
