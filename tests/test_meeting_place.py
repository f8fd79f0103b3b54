"""The meeting place in the built site: suggestions, cooperation network, agenda, open data."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import posixpath
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import icalendar
import pytest
import yaml
from conftest import ROOT
from site_helpers import page

from annuaire.cli import build
from annuaire.records import schemas

DATA = ROOT / "data"
SITEURL = "https://example.org/annuaire"
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
FOLDERS = {"organisations": "organisations", "offers": "offres", "needs": "besoins", "projects": "projets"}
EXPECTED_TYPES = {
    "organisations": {"NGO", "Organization", "Corporation", "GovernmentOrganization"},
    "offers": {"Offer"}, "needs": {"Demand"}, "projects": {"Project"},
}
EVENT_WITH_ORGANISERS = """Title: Atelier de test
Date: 2026-11-20
Slug: atelier-de-test
Summary: Un atelier pour les tests.
Start: 2026-12-10
Location: Trappes
Organisers: {organisers}

Texte de l'atelier.
"""


def records(folder):
    return {path.stem: yaml.safe_load(path.read_text("utf-8")) for path in sorted((DATA / folder).glob("*.yaml"))}


def site_with_event(tmp_path: Path, organisers: str, siteurl: str = "") -> Path:
    """A settings file: the real one, with a copy of content/ holding one more event."""
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    (content / "articles" / "atelier-de-test.md").write_text(EVENT_WITH_ORGANISERS.format(organisers=organisers), "utf-8")
    settings = tmp_path / "pelican.conf.py"
    settings.write_text(
        "import runpy\n"
        f"globals().update({{k: v for k, v in runpy.run_path({str(ROOT / 'pelican.conf.py')!r}).items() if k.isupper()}})\n"
        f"PATH = {str(content)!r}\nSITEURL = {siteurl!r}\nRELATIVE_URLS = not SITEURL\n",
        "utf-8",
    )
    return settings


@pytest.fixture(scope="module")
def absolute_site(tmp_path_factory):
    """The sample site built with its public address, and one more event with organisers."""
    folder = tmp_path_factory.mktemp("absolute")
    settings = site_with_event(folder, "ressourcerie-des-etangs, octet-pour-tous", SITEURL)
    output = folder / "output"
    assert build(DATA, output, settings) == 0
    return output


# Matching

def suggestion_links(soup, section_id):
    section = soup.find(id=section_id).find_parent("section")
    return [a["href"].rstrip("/").rsplit("/", 1)[-1] for a in section.select(".suggestion-title a")]


def test_need_and_offer_pages_show_meaningful_matches_with_reasons(built_site):
    need = page(built_site, "besoins/chapiteau-bleu-fourgon-tournee/")
    assert suggestion_links(need, "suggestions")[0] == "atelier-bois-et-co-fourgon"
    reason = need.select_one(".suggestion-why").get_text(" ", strip=True)
    assert reason.startswith("Pourquoi :") and "Les Clayes-sous-Bois" in reason and "fourgon" in reason
    offer = page(built_site, "offres/atelier-bois-et-co-fourgon/")
    assert suggestion_links(offer, "suggestions") == ["chapiteau-bleu-fourgon-tournee"]
    nothing = page(built_site, "besoins/octet-pour-tous-ordinateurs-reformes/")
    assert suggestion_links(nothing, "suggestions") == []
    assert "Aucune offre publiée ne correspond" in nothing.find(id="suggestions").find_parent("section").get_text()


def test_organisation_page_shows_who_looks_for_what_it_offers(built_site):
    soup = page(built_site, "organisations/atelier-bois-et-co/")
    heading = soup.find(id="ils-cherchent")
    assert heading.get_text() == "Ils cherchent ce que vous proposez"
    assert suggestion_links(soup, "ils-cherchent") == ["chapiteau-bleu-fourgon-tournee"]
    # No section for an organisation that offers nothing.
    assert page(built_site, "organisations/mgen/").find(id="ils-cherchent") is None


def test_projects_looking_for_partners_get_suggestions(built_site):
    soup = page(built_site, "projets/groupement-employeurs-ouest-sqy/")
    suggested = suggestion_links(soup, "partenaires-possibles")
    partners = {p["organisation"] for p in records("projects")["groupement-employeurs-ouest-sqy"]["partenaires"]}
    assert suggested and not partners & set(suggested)
    assert page(built_site, "projets/ptce-la-verriere/").find(id="partenaires-possibles") is None


# Cooperation network

def slug_of(link) -> str:
    return link["href"].rstrip("/").rsplit("/", 1)[-1]


def test_graph_and_table_list_the_same_links(built_site):
    soup = page(built_site, "cooperations/")
    drawings = soup.select("figure.network > svg[role=img]")
    assert [svg["class"] for svg in drawings] == [["network-large"], ["network-etroit"]]  # a desktop's, a phone's (site.css)
    for svg in drawings:
        drawing_and_table_agree(soup, svg)


def drawing_and_table_agree(soup, svg):
    labelled = svg["aria-labelledby"].split()
    assert [svg.find(id=label).name for label in labelled] == ["title", "desc"]
    assert svg.find("title").get_text() == "Réseau des coopérations"
    # Drawn: each curve in its project's group; table: each project's row lists its partners.
    drawn = sorted((path.parent["data-project"], path["data-organisation"]) for path in svg.select("g[data-project] > path"))
    rows = soup.select("table.links-table tbody tr")
    table = sorted((slug_of(row.th.a), slug_of(a)) for row in rows for a in row.td.select("li > a"))
    assert drawn == table and len(drawn) > 10
    # One link per partnership of every project with two organisations or more: as many as partners, no pairs.
    expected = {
        (slug, partner["organisation"])
        for slug, project in records("projects").items() if len(project["partenaires"]) >= 2
        for partner in project["partenaires"]
    }
    assert set(drawn) == expected and len(drawn) == len(expected)
    # Every project and every organisation of a link is a node with its label, and nothing else is.
    squares = {rect["data-project"] for rect in svg.select("rect[data-project]")}
    circles = {circle["data-organisation"] for circle in svg.select("circle[data-organisation]")}
    assert squares == {project for project, _ in drawn} == {slug_of(row.th.a) for row in rows}
    assert circles == {organisation for _, organisation in drawn}
    labels = [" ".join(tspan.get_text() for tspan in text.select("tspan")).replace("- ", "-") for text in svg.select("g.nodes text")]
    assert len(labels) == len(squares) + len(circles) and "PTCE de La Verrière" in labels and "MGEN" in labels
    # Whole names, wrapped on lines rather than cut.
    projects = [slug_of(row.th.a) for row in rows]
    assert {records("projects")[slug]["nom"] for slug in projects} <= set(labels)
    assert "Groupement d'employeurs associatif de l'ouest (exemple)" in labels
    assert not any("…" in label for label in labels)
    # Each project is told apart by its colour and dash, shown again next to its row.
    looks = {(g["stroke"], g.get("stroke-dasharray")) for g in svg.select("g[data-project]")}
    assert len(looks) == len(squares)
    for row in rows:
        group = svg.select_one(f'g[data-project="{slug_of(row.th.a)}"]')
        line = row.th.select_one('svg[aria-hidden="true"] line')
        assert (line["stroke"], line.get("stroke-dasharray")) == (group["stroke"], group.get("stroke-dasharray"))
    assert soup.select_one("table.links-table caption").get_text() == f"{len(rows)} projets et leurs {len(drawn)} liens avec les organisations partenaires"
    assert [th.get("scope") for th in soup.select("table.links-table thead th")] == ["col", "col"]
    assert all(row.th["scope"] == "row" for row in rows)
    # Organisations without any shared project are listed apart.
    isolated = {slug_of(a) for a in soup.select('section[aria-labelledby="sans-lien"] li > a')}
    assert isolated and not isolated & circles
    assert isolated | circles == set(records("organisations"))


def test_organisation_pages_list_their_partners(built_site):
    soup = page(built_site, "organisations/octet-pour-tous/")
    partners = {a["href"].rstrip("/").rsplit("/", 1)[-1] for a in soup.select(".partner-list > li > a")}
    projects = [p for p in records("projects").values() if any(m["organisation"] == "octet-pour-tous" for m in p["partenaires"])]
    assert partners == {m["organisation"] for p in projects for m in p["partenaires"]} - {"octet-pour-tous"}
    # Each partner with the projects shared.
    soup = page(built_site, "organisations/fondation-horizons-partages/")
    shared = {slug_of(li.a): [slug_of(a) for a in li.select("span a")] for li in soup.select(".partner-list > li")}
    assert shared["coop-mobilite-du-val"] == ["groupement-employeurs-ouest-sqy", "sorties-solidaires-aines"]
    assert shared["octet-pour-tous"] == ["tiers-lieu-numerique-guyancourt"]
    assert page(built_site, "organisations/codesqy/").find(id="partenaires").find_next("p").get_text().startswith("Aucune organisation")


# Agenda

def test_agenda_lists_the_sample_event_with_its_calendar_files(built_site):
    soup = page(built_site, "agenda/")
    links = [a["href"] for a in soup.select(".events .card-title a")]
    assert len(links) == 1 and links[0].endswith("actualites/speed-dating-cooperation-exemple/")
    article = page(built_site, "actualites/speed-dating-cooperation-exemple/")
    box = article.select_one(".event-box")
    assert "18 mars 2027, 18 h 30 à 21 h" in box.dd.get_text()
    for name in ("agenda/agenda.ics", "agenda/evenements/speed-dating-cooperation-exemple.ics"):
        content = (built_site / name).read_bytes()
        assert b"\r\n" in content and b"\n" not in content.replace(b"\r\n", b"")
        events = icalendar.Calendar.from_ical(content).walk("VEVENT")
        assert [str(e["SUMMARY"]) for e in events] == ["Speed dating de la coopération (exemple)"]
        assert str(events[0]["UID"]) == "evenement-speed-dating-cooperation-exemple@annuaire.invalid"
    # The seed's workshop has no year: it is news, not an event.
    assert page(built_site, "actualites/atelier-mutualisation-cooperation/").select_one(".event-box") is None


def test_event_organisers_are_linked_and_unknown_ones_stop_the_build(absolute_site, tmp_path, capsys):
    box = page(absolute_site, "actualites/atelier-de-test/").select_one(".event-box")
    assert [a["href"] for a in box.select("dd a")] == [f"{SITEURL}/organisations/ressourcerie-des-etangs/", f"{SITEURL}/organisations/octet-pour-tous/"]
    event = icalendar.Calendar.from_ical((absolute_site / "agenda/evenements/atelier-de-test.ics").read_bytes()).walk("VEVENT")[0]
    assert str(event["URL"]) == f"{SITEURL}/actualites/atelier-de-test/"
    assert str(event["UID"]) == "evenement-atelier-de-test@example.org"
    settings = site_with_event(tmp_path, "ressourcerie-des-etangs, octet-pour-tout")
    assert build(DATA, tmp_path / "output", settings) == 1
    error = capsys.readouterr().err
    assert "articles/atelier-de-test.md:7: Organisers: organisation inconnue « octet-pour-tout » ; vouliez-vous dire « octet-pour-tous » ?" in error
    assert not (tmp_path / "output").exists()


# Open data

def test_every_export_parses_and_round_trips_the_sample_records(built_site):
    folder = built_site / "donnees"
    for section, slug_folder in FOLDERS.items():
        name = {"organisations": "organisations", "offers": "offres", "needs": "besoins", "projects": "projets"}[section]
        expected = records(section)
        rows = list(csv.DictReader(io.StringIO((folder / f"{name}.csv").read_text("utf-8-sig"), newline="")))
        assert {row["id"] for row in rows} == set(expected)
        title = "nom" if section in ("organisations", "projects") else "titre"
        assert {row["id"]: row[title] for row in rows} == {slug: data[title] for slug, data in expected.items()}
        assert all(row["url"] == f"{slug_folder}/{row['id']}/" for row in rows)
        items = json.loads((folder / f"{name}.json").read_text("utf-8"))
        assert {item["id"]: item[title] for item in items} == {slug: data[title] for slug, data in expected.items()}
    places = json.loads((folder / "lieux.geojson").read_text("utf-8"))
    assert places["type"] == "FeatureCollection" and places["features"]
    assert {f["properties"]["position"] for f in places["features"]} == {"fiche", "commune"}


def test_data_package_lists_the_files_with_their_schemas(built_site):
    folder = built_site / "donnees"
    package = json.loads((folder / "datapackage.json").read_text("utf-8"))
    assert package["licenses"] == [{"name": "etalab-2.0", "title": "Licence Ouverte / Open Licence 2.0 (Etalab)", "path": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"}]
    listed = set()
    for resource in package["resources"]:
        content = (folder / resource["path"]).read_bytes()
        assert resource["bytes"] == len(content) and resource["hash"] == "sha256:" + hashlib.sha256(content).hexdigest()
        listed.add(resource["path"])
        if resource["format"] == "csv":
            header = next(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
            assert [field["name"] for field in resource["schema"]["fields"]] == header
        elif isinstance(resource.get("schema"), str):
            assert (folder / resource["schema"]).is_file()
    written = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
    assert written - listed == {p for p in written if p.startswith("schemas/")} | {"datapackage.json"}


def test_open_data_page_gives_the_licence_and_the_files(built_site):
    soup = page(built_site, "donnees-ouvertes/")
    licence = soup.find("a", rel="license")
    assert licence.get_text() == "Licence Ouverte / Open Licence 2.0 (Etalab)"
    hrefs = [a["href"] for a in soup.select("main a")]
    assert any(href.endswith("donnees/datapackage.json") for href in hrefs)
    assert any(href.endswith("donnees/offres.csv") for href in hrefs)
    assert "ODbL" in soup.main.get_text()
    footer = [a.get_text() for a in page(built_site, "").select(".site-footer a")]
    assert "Données ouvertes" in footer


@pytest.mark.parametrize("section", FOLDERS)
def test_every_record_page_carries_its_json_ld(built_site, section):
    for slug in records(section):
        url = f"{FOLDERS[section]}/{slug}/"
        scripts = page(built_site, url).find_all("script", type="application/ld+json")
        assert len(scripts) == 1, url
        data = json.loads(scripts[0].string)
        assert data["@context"] == "https://schema.org" and data["@type"] in EXPECTED_TYPES[section], url
        # Its @id, relative to the page, is the page itself.
        assert posixpath.normpath(posixpath.join("/" + url, data["@id"])) == "/" + url.rstrip("/")


def test_project_json_ld_names_its_members_by_the_id_of_their_pages(built_site):
    url = "projets/groupement-employeurs-ouest-sqy/"
    data = json.loads(page(built_site, url).find("script", type="application/ld+json").string)
    roles = {partner["organisation"]: partner["role"] for partner in records("projects")["groupement-employeurs-ouest-sqy"]["partenaires"]}
    found = {}
    for role in data["member"]:
        assert role["@type"] == "OrganizationRole" and role["roleName"]
        for member in role["member"]:
            assert set(member) == {"@id"}  # the organisation's page describes it in full
            target = posixpath.normpath(posixpath.join("/" + url, member["@id"])).lstrip("/") + "/"
            described = json.loads(page(built_site, target).find("script", type="application/ld+json").string)
            assert posixpath.normpath(posixpath.join("/" + target, described["@id"])) == "/" + target.rstrip("/")
            found[target.rstrip("/").rsplit("/", 1)[-1]] = role["roleName"]
    labels = schemas.vocabulary("project.schema.json")["partenaires.role"]
    assert found == {slug: labels[role] for slug, role in roles.items()}


def test_atom_feeds_parse_and_are_linked_from_pages(built_site):
    home = page(built_site, "")
    feeds = {link["title"]: link["href"] for link in home.find_all("link", rel="alternate", type="application/atom+xml")}
    assert set(feeds) == {"Nouvelles offres", "Nouveaux besoins", "Nouveaux projets"}
    for title, folder in (("Nouvelles offres", "offers"), ("Nouveaux besoins", "needs"), ("Nouveaux projets", "projects")):
        root = ET.parse(built_site / feeds[title]).getroot()
        assert root.tag == f"{ATOM}feed"
        entries = root.findall(f"{ATOM}entry")
        names = {e.find(f"{ATOM}link").get("href").rstrip("/").rsplit("/", 1)[-1] for e in entries}
        assert names == set(records(folder))
        updated = [e.find(f"{ATOM}updated").text[:10] for e in entries]
        assert root.find(f"{ATOM}updated").text[:10] == max(updated)
        # Relative links resolve from the feed's own folder to existing pages.
        for entry in entries:
            target = (built_site / feeds[title]).parent / entry.find(f"{ATOM}link").get("href")
            assert (target / "index.html").is_file()


def test_without_site_address_no_sitemap_and_a_root_relative_404(built_site):
    assert not (built_site / "sitemap.xml").exists()
    assert "Sitemap:" not in (built_site / "robots.txt").read_text("utf-8")
    soup = page(built_site, "404.html")
    assert soup.h1.get_text() == "Page introuvable"
    hrefs = {a["href"] for a in soup.select("main a")}
    assert {"/organisations/", "/offres/", "/besoins/", "/projets/", "/"} <= hrefs


def test_with_site_address_sitemap_robots_404_and_exports_are_absolute(absolute_site):
    root = ET.parse(absolute_site / "sitemap.xml").getroot()
    entries = {url.find(f"{SITEMAP}loc").text: getattr(url.find(f"{SITEMAP}lastmod"), "text", None) for url in root}
    assert all(loc.startswith(SITEURL + "/") for loc in entries)
    for loc in entries:
        path = absolute_site / loc[len(SITEURL) + 1:]
        assert (path / "index.html" if loc.endswith("/") else path).is_file(), loc
    assert entries[f"{SITEURL}/offres/atelier-bois-et-co-fourgon/"] == "2026-05-12"
    assert f"{SITEURL}/cooperations/" in entries and f"{SITEURL}/agenda/" in entries
    assert not any("/categorie/" in loc for loc in entries)  # filter pages are left out
    assert f"Sitemap: {SITEURL}/sitemap.xml" in (absolute_site / "robots.txt").read_text("utf-8")
    soup = page(absolute_site, "404.html")
    assert all(a["href"].startswith(SITEURL + "/") for a in soup.select("main a"))
    feed = ET.parse(absolute_site / "flux/offres.atom.xml").getroot()
    assert all(e.find(f"{ATOM}link").get("href").startswith(SITEURL + "/offres/") for e in feed.findall(f"{ATOM}entry"))
    rows = list(csv.DictReader(io.StringIO((absolute_site / "donnees/offres.csv").read_text("utf-8-sig"), newline="")))
    assert all(row["url"] == f"{SITEURL}/offres/{row['id']}/" for row in rows)
    package = json.loads((absolute_site / "donnees/datapackage.json").read_text("utf-8"))
    assert package["homepage"] == SITEURL + "/"
    data = json.loads(page(absolute_site, "offres/atelier-bois-et-co-fourgon/").find("script", type="application/ld+json").string)
    assert data["@id"] == f"{SITEURL}/offres/atelier-bois-et-co-fourgon/"
