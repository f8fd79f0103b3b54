"""The sample site, built into a temporary folder, read through an HTML parser."""

from __future__ import annotations

import datetime
import filecmp
import re

import pytest
import yaml
from conftest import ROOT, TODAY
from site_helpers import broken_links, html_files, internal_targets, page

from annuaire.cli import build
from annuaire.records.loader import load_directory

DATA = ROOT / "data"
SECTIONS = {"organisations": "organisations", "offers": "offres", "needs": "besoins", "projects": "projets"}


def records(folder):
    return {path.stem: yaml.safe_load(path.read_text("utf-8")) for path in sorted((DATA / folder).glob("*.yaml"))}


@pytest.mark.parametrize("folder", SECTIONS)
def test_every_record_has_its_page(built_site, folder):
    for slug, data in records(folder).items():
        soup = page(built_site, f"{SECTIONS[folder]}/{slug}/")
        title = data.get("nom") or data.get("titre")
        assert soup.h1.get_text(" ", strip=True).startswith(title)
        assert soup.title.get_text().startswith(title)


@pytest.mark.parametrize("folder", SECTIONS)
def test_listing_shows_every_record(built_site, folder):
    soup = page(built_site, f"{SECTIONS[folder]}/")
    listed = {a["href"].rstrip("/").rsplit("/", 1)[-1] for a in soup.select(".results .card-title a")}
    assert listed == set(records(folder))


def test_offers_listing_is_newest_first(built_site):
    soup = page(built_site, "offres/")
    slugs = [a["href"].rstrip("/").rsplit("/", 1)[-1] for a in soup.select(".results .card-title a")]
    dates = [records("offers")[slug]["publie_le"] for slug in slugs]
    assert dates == sorted(dates, reverse=True)


def test_filter_pages_list_exactly_the_matching_records(built_site):
    offers = records("offers")
    for category in {data["categorie"] for data in offers.values()}:
        soup = page(built_site, f"offres/categorie/{category}/")
        listed = {a["href"].rstrip("/").rsplit("/", 1)[-1] for a in soup.select(".results .card-title a")}
        assert listed == {slug for slug, data in offers.items() if data["categorie"] == category}
        current = soup.select('.filters a[aria-current="page"]')
        assert len(current) == 1 and current[0]["href"].endswith(f"categorie/{category}/")


def test_every_facet_of_every_listing_has_its_pages(built_site):
    expected_facets = {
        "organisations": {"type", "theme", "commune"},
        "offres": {"categorie", "acces", "theme", "commune"},
        "besoins": {"categorie", "acces", "theme", "commune"},
        "projets": {"statut", "forme", "theme", "commune"},
    }
    for section, facets in expected_facets.items():
        soup = page(built_site, f"{section}/")
        links = [a["href"] for a in soup.select(".filters a")]
        found = {href.rstrip("/").split("/")[-2] for href in links}
        assert found == facets, section
        for value in {href.rstrip("/").split("/")[-1] for href in links if "/statut/" in href}:
            assert page(built_site, f"{section}/statut/{value}/").h1


def test_project_page_lists_partners_with_roles(built_site):
    soup = page(built_site, "projets/ptce-la-verriere/")
    items = soup.select('section[aria-labelledby="partenaires"] .memberships > li')
    rows = {li.a["href"].rstrip("/").rsplit("/", 1)[-1]: li.b.get_text(strip=True) for li in items}
    partners = records("projects")["ptce-la-verriere"]["partenaires"]
    labels = {"partenaire": "Partenaire", "autorite-publique": "Autorité publique", "operateur": "Opérateur", "porteur": "Porteur du projet"}
    assert rows == {p["organisation"]: labels[p["role"]] for p in partners}
    # In the data's order, each with its organisation's type and what it brings.
    assert [li.get_text() for li in items][1] == "Tracetel (Entreprise) : Partenaire, PME informatique."
    assert soup.find(id="partenaires").get_text() == "Les partenaires (3)"


def test_organisation_page_links_its_offers_needs_and_projects(built_site):
    for slug in records("organisations"):
        soup = page(built_site, f"organisations/{slug}/")
        # Its own offers and needs (suggestions of other organisations' needs come in another section).
        hrefs = {a["href"] for a in soup.select('section[aria-labelledby="offres"] a, section[aria-labelledby="besoins"] a')}
        for folder in ("offers", "needs"):
            for record_slug, record in records(folder).items():
                linked = any(href.endswith(f"/{SECTIONS[folder]}/{record_slug}/") for href in hrefs)
                assert linked == (record["organisation"] == slug), (slug, record_slug)
        for project_slug, project in records("projects").items():
            roles = [p["role"] for p in project["partenaires"] if p["organisation"] == slug]
            items = [li for li in soup.select(".memberships li") if li.a["href"].endswith(f"/projets/{project_slug}/")]
            assert len(items) == len(roles)


def test_theme_and_commune_pages_show_six_of_each_type_and_link_to_all(built_site):
    directory = load_directory(DATA)
    for kind in ("theme", "commune"):
        for item in directory.records[kind]:
            soup = page(built_site, f"{kind}s/{item.slug}/")
            for type_name, segment in (("organisation", "organisations"), ("offer", "offres"), ("need", "besoins"), ("project", "projets")):
                related = {r.slug for r in item.related[type_name]}
                section = soup.select_one(f"section[aria-labelledby={segment}]")
                if not related:
                    assert section is None, item.slug
                    continue
                hrefs = {a["href"].rstrip("/").rsplit("/", 1)[-1] for a in section.select(".card-title a")}
                assert hrefs <= related and len(hrefs) == min(6, len(related)), (item.slug, type_name)
                link = section.select("p a")[-1]
                assert link["href"].endswith(f"{segment}/{kind}/{item.slug}/"), item.slug
                if len(related) > 6:
                    assert f"les {len(related)} " in link.get_text(), item.slug
    assert page(built_site, "communes/la-verriere/").find("a", href=re.compile(r"projets/ptce-la-verriere/$"))


def test_theme_and_commune_indexes_count_what_is_published_there(built_site):
    """One count a type that has records there, the word kept with its number; nothing to count, said so."""
    from annuaire.record_types import RECORD_TYPES

    directory = load_directory(DATA, datetime.date.fromisoformat(TODAY))
    for kind in ("theme", "commune"):
        index = page(built_site, f"{kind}s/")
        for item, entry in zip(directory.records[kind], index.select(".reference-list li"), strict=True):
            counts = [span.get_text() for span in entry.select(".published span")]
            expected = []
            for type_ in RECORD_TYPES:
                n = len([r for r in item.related[type_.name] if not r.data.get("expire_le") or r.data["expire_le"] >= TODAY])
                if n:
                    expected.append(f"{n} {(type_.label_plural if n > 1 else type_.label).lower()}")
            assert counts == expected, item.slug
            assert counts or entry.select_one(".published").get_text() == "Rien de publié pour le moment"
    assert page(built_site, "communes/").find(string="Rien de publié pour le moment")  # Coignières, Maurepas


def test_home_page_counts_and_highlights(built_site):
    soup = page(built_site, "")
    counts = [li.get_text(" ", strip=True) for li in soup.select(".counts li")]
    assert counts == [
        f"{len(records('organisations'))} organisations",
        f"{len(records('offers'))} offres",
        f"{len(records('needs'))} besoins",
        f"{len(records('projects'))} projets",
    ]
    featured = {a["href"].rstrip("/").rsplit("/", 1)[-1] for a in soup.select("#projets-une ~ .cards .card-title a")}
    assert featured == {slug for slug, data in records("projects").items() if data.get("a_la_une")}


def test_content_pages_and_news_are_in_the_site(built_site):
    nav = page(built_site, "").select(".site-nav a")
    assert {"À propos", "Contribuer", "Actualités"} <= {a.get_text(strip=True) for a in nav}
    article = page(built_site, "actualites/atelier-mutualisation-cooperation/")
    text = article.main.get_text(" ", strip=True)
    assert "13 novembre" in text
    assert not re.search(r"13 novembre \d{4}", text), "the seed gives no year for the workshop"
    assert article.find("time", datetime="2017-10-04").get_text() == "4 octobre 2017"


def test_dates_are_written_in_french(built_site):
    soup = page(built_site, "offres/ressourcerie-des-etangs-salle-reunion/")
    months = "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre"
    times = soup.find_all("time")
    assert times and all(re.fullmatch(rf"(1er|\d{{1,2}}) ({months}) \d{{4}}", t.get_text()) for t in times)


def test_field_reference_documents_every_schema_field(built_site):
    from annuaire.contribute.field_docs import type_docs

    soup = page(built_site, "contribuer/champs/")
    documented = {code.get_text() for code in soup.select("table.fields tbody th code")}
    for doc in type_docs():
        assert {field.path for field in doc.fields} <= documented


def test_no_internal_link_is_broken(built_site):
    assert broken_links(built_site) == []


def test_site_works_under_a_sub_path(tmp_path, monkeypatch):
    monkeypatch.setenv("SITEURL", "https://example.org/annuaire")
    output = tmp_path / "output"
    assert build(DATA, output, ROOT / "pelican.conf.py") == 0
    base = "https://example.org/annuaire"
    # Root-relative links ("/offres/") would escape the sub-path: broken_links counts them as broken.
    assert broken_links(output, base) == []
    checked = sum(1 for html_file in html_files(output) for value, _t, _f in internal_targets(output, html_file, base) if value.startswith(base))
    assert checked > 1000
    home = page(output, "")
    assert home.select_one(".site-nav a")["href"] == base + "/organisations/"


def test_same_data_gives_byte_identical_sites(built_site, tmp_path):
    again = tmp_path / "again"
    assert build(DATA, again, ROOT / "pelican.conf.py") == 0
    comparison = filecmp.dircmp(built_site, again)
    differences = []

    def walk(cmp, prefix=""):
        differences.extend(prefix + name for name in cmp.left_only + cmp.right_only + cmp.diff_files)
        for name, sub in cmp.subdirs.items():
            walk(sub, f"{prefix}{name}/")

    walk(comparison)
    assert differences == []
    files = [p for p in built_site.rglob("*") if p.is_file()]
    assert all((again / p.relative_to(built_site)).read_bytes() == p.read_bytes() for p in files)
