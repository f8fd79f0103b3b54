"""Builds of small generated data folders: pagination, Pelican warnings.

Hostile text (script injection) has its own gate: tests/quality/test_hostile_content.py.
"""

from __future__ import annotations

import shutil

from conftest import MINIMAL, ROOT
from site_helpers import page

from annuaire.cli import build

SETTINGS = ROOT / "pelican.conf.py"


def write_organisations(data, count):
    for number in range(count):
        (data / "organisations" / f"association-{number:03d}.yaml").write_text(
            f"nom: Association numéro {number:03d}\ntype: association\nresume: Une association générée pour les tests.\n"
            "themes: [solidarite]\ncommune: trappes\nmis_a_jour: 2026-01-01\n",
            "utf-8",
        )


def test_long_listings_are_paginated(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(MINIMAL, data)
    write_organisations(data, 50)  # 52 organisations, 24 a page
    output = tmp_path / "output"
    assert build(data, output, SETTINGS) == 0
    first, second, third = page(output, "organisations/"), page(output, "organisations/page/2/"), page(output, "organisations/page/3/")
    assert [len(p.select(".results .card")) for p in (first, second, third)] == [24, 24, 4]
    assert first.select_one('a[rel="next"]')["href"].endswith("organisations/page/2/")
    assert third.select_one('a[rel="prev"]')["href"].endswith("organisations/page/2/")
    assert not (output / "organisations" / "page" / "4").exists()
    # Filter pages paginate too: 51 organisations are in Trappes.
    assert len(page(output, "organisations/commune/trappes/page/3/").select(".results .card")) == 3


def test_a_pelican_warning_fails_the_build(tmp_path, capsys):
    """A content page with a broken internal link makes Pelican warn: the build must stop."""
    site = tmp_path / "site"
    shutil.copytree(ROOT / "content", site / "content")
    (site / "content" / "pages" / "casse.md").write_text("Title: Cassée\n\n[lien]({filename}/pages/absente.md)\n", "utf-8")
    settings = site / "pelican.conf.py"
    settings.write_text(
        "import runpy\n"
        f"globals().update({{k: v for k, v in runpy.run_path({str(SETTINGS)!r}).items() if k.isupper()}})\n"
        f"PATH = {str(site / 'content')!r}\n",
        "utf-8",
    )
    assert build(MINIMAL, tmp_path / "output", settings) == 1
    assert not (tmp_path / "output").exists()
    assert "Warning or error encountered" in capsys.readouterr().err


def test_expired_offers_leave_search_and_structured_data(tmp_path, monkeypatch):
    import json

    data = tmp_path / "data"
    shutil.copytree(MINIMAL, data)
    offer = data / "offers" / "salle-verte.yaml"
    offer.write_text(offer.read_text("utf-8") + "expire_le: 2026-02-01\n", "utf-8")
    monkeypatch.setenv("ANNUAIRE_TODAY", "2026-06-01")
    output = tmp_path / "output"
    assert build(data, output, SETTINGS) == 0
    shards = "".join(path.read_text("utf-8") for path in (output / "search").glob("*/docs-*.json"))
    assert "offres/salle-verte/" not in shards and "organisations/asso-verte/" in shards
    organisation = page(output, "organisations/asso-verte/")
    described = json.loads(organisation.find("script", type="application/ld+json").string)
    assert "makesOffer" not in described
    assert (output / "offres" / "salle-verte" / "index.html").is_file()  # its page stays, saying it expired
