"""Gate 3: every internal link and asset resolves, at the root and under a sub-path SITEURL.

The sample site is checked by tests/test_site.py (test_no_internal_link_is_broken,
test_site_works_under_a_sub_path); this extends the same check, `broken_links` of
tests/site_helpers.py, to the torture site, and shows that it catches planted defects.
"""

from __future__ import annotations

import shutil

import pytest
from site_helpers import broken_links, html_files, internal_targets

from .conftest import FIGURES, build_site

BASE = "https://example.org/annuaire"


def test_torture_site_has_no_broken_link(torture_site):
    assert broken_links(torture_site) == []
    FIGURES["liens, site torture"] = f"{sum(1 for f in html_files(torture_site) for _ in internal_targets(torture_site, f))} liens internes vérifiés"


def test_torture_site_works_under_a_sub_path(torture_data, tmp_path, monkeypatch):
    monkeypatch.setenv("SITEURL", BASE)
    site = build_site(torture_data, tmp_path / "output", "torture sous un chemin")
    assert broken_links(site, BASE) == []
    checked = sum(1 for f in html_files(site) for value, _t, _f in internal_targets(site, f, BASE) if value.startswith(BASE))
    assert checked > 1000


@pytest.fixture
def planted_site(built_site, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    return site


def test_planted_broken_links_are_reported(planted_site):
    page = planted_site / "a-propos" / "index.html"
    html = page.read_text("utf-8")
    html = html.replace("</h1>", '</h1><a href="../organisations/absente/">absente</a><a href="../offres/#nulle-part">ancre</a>'
                        '<img alt="" src="../theme/absente.png"><a href="https://ailleurs.example/">dehors</a><a href="mailto:a@b.fr">courriel</a>', 1)
    page.write_text(html, "utf-8")
    assert broken_links(planted_site, pages=[page]) == [
        ("a-propos/index.html", "../organisations/absente/"),
        ("a-propos/index.html", "../offres/#nulle-part"),
        ("a-propos/index.html", "../theme/absente.png"),
    ]


def test_planted_root_relative_link_is_reported_under_a_sub_path(planted_site):
    page = planted_site / "a-propos" / "index.html"
    planted = f'</h1><a href="/offres/">racine</a><a href="{BASE}/offres/">bon</a><a href="//autre.example/x">autre hôte</a>'
    page.write_text(page.read_text("utf-8").replace("</h1>", planted, 1), "utf-8")
    assert broken_links(planted_site, BASE, pages=[page]) == [("a-propos/index.html", "/offres/")]
