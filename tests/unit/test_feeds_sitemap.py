"""Atom feeds, sitemap and robots.txt, parsed with the standard library's XML parser."""

import xml.etree.ElementTree as ET

from annuaire.publish.feeds import Entry, atom, stable_id
from annuaire.publish.sitemap import robots, sitemap
from annuaire.publish.urls import link

A = "{http://www.w3.org/2005/Atom}"


def test_atom_feed_parses_and_keeps_its_entries():
    entries = [
        Entry("offer/a", "Salle <de> réunion & co", "../offres/a/", "2026-05-01", "2026-04-01", "Résumé", "Asso", "Locaux et salles"),
        Entry("offer/b", "Fourgon", "../offres/b/", "2026-06-01", None, "Résumé", "Asso"),
    ]
    content = atom(key="offer", title="Nouvelles offres", subtitle="…", self_href="offres.atom.xml", alternate_href="../offres/", author="Site", entries=entries)
    root = ET.fromstring(content)
    assert root.tag == f"{A}feed"
    assert root.find(f"{A}updated").text == "2026-06-01T00:00:00Z"
    titles = [entry.find(f"{A}title").text for entry in root.findall(f"{A}entry")]
    assert titles == ["Salle <de> réunion & co", "Fourgon"]
    first = root.find(f"{A}entry")
    assert first.find(f"{A}id").text == stable_id("offer/a") and first.find(f"{A}published").text == "2026-04-01T00:00:00Z"
    assert first.find(f"{A}link").get("href") == "../offres/a/"


def test_ids_are_stable_uuid_names():
    assert stable_id("offer/a") == stable_id("offer/a") != stable_id("offer/b")
    assert stable_id("offer/a").startswith("urn:uuid:")


def test_sitemap_parses_sorted_with_dates_from_the_data():
    root = ET.fromstring(sitemap({"https://e.org/b/": None, "https://e.org/a/": "2026-01-02"}))
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    assert [url.find(f"{ns}loc").text for url in root] == ["https://e.org/a/", "https://e.org/b/"]
    assert root[0].find(f"{ns}lastmod").text == "2026-01-02" and root[1].find(f"{ns}lastmod") is None


def test_robots_points_to_the_sitemap_only_when_it_exists():
    assert b"Sitemap: https://e.org/sitemap.xml" in robots("https://e.org/sitemap.xml")
    assert b"Sitemap:" not in robots(None)


def test_links_are_absolute_with_a_site_address_else_relative():
    assert link("https://e.org/annuaire", "flux/offres.atom.xml", "offres/a/") == "https://e.org/annuaire/offres/a/"
    assert link("", "flux/offres.atom.xml", "offres/a/") == "../offres/a/"
    assert link("", "index.html", "offres/a/") == "offres/a/"
    assert link("", "flux/offres.atom.xml", "flux/offres.atom.xml") == "offres.atom.xml"
