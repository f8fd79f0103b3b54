"""Dissolved organisations and the register's fields, in a built copy of the sample data (`dissolved_site`).

A dissolved organisation keeps its page, which says so and is `noindex`, and so do its offers
and needs; they all leave the listings and their counts, the search, the open data, the feeds,
the sitemap and the suggestions. Its projects keep it as a partner, marked dissolved.
"""

from __future__ import annotations

import json

import pytest
from conftest import SITEURL
from site_helpers import broken_links, html_files, page, parsed

# Record pages of the dissolved organisations and of their offers and needs.
WITHDRAWN = (
    "organisations/compagnie-du-chapiteau-bleu/",
    "offres/chapiteau-bleu-charge-communication/",
    "besoins/chapiteau-bleu-fourgon-tournee/",
    "organisations/e-graine/",
    "offres/e-graine-salaries-partages/",
    "organisations/codesqy/",
)
RECORD_SECTIONS = ("organisations", "offres", "besoins", "projets")


def links_to_withdrawn(soup) -> list[str]:
    return [a["href"] for a in soup.select("main a[href]") if any(a["href"].endswith("/" + url) for url in WITHDRAWN)]


def home_counts(site) -> list[str]:
    return [li.get_text(" ", strip=True) for li in page(site, "").select(".counts li")]


def listing_pages(site):
    """The home page, type listings with their filter pages, and the theme and commune pages."""
    for path in html_files(site):
        parts = path.relative_to(site).parts
        if parts == ("index.html",) or parts[0] in ("themes", "communes") or (parts[0] in RECORD_SECTIONS and len(parts) != 3):
            yield path


def test_a_dissolved_association_keeps_its_page_which_says_so_near_the_top(dissolved_site):
    soup = page(dissolved_site, "organisations/compagnie-du-chapiteau-bleu/")
    assert soup.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    notice = soup.select_one("main .notice-dissolved")
    assert notice["role"] == "note" and notice.strong.get_text() == "Cette association est dissoute"
    assert notice.get_text().startswith("Cette association est dissoute, d'après le Répertoire national des associations.")
    assert notice.parent.name == "article" and notice.find_next_sibling(class_="record-body")  # before the page's content
    assert soup.select_one("main .eyebrow .badge-dissolved").get_text() == "Dissoute"
    assert not soup.find(id="offres") and not soup.find(id="besoins")  # nothing offered or sought any more
    assert soup.find(id="projets")  # its projects stay
    # Said by hand, without the register: no source given.
    by_hand = page(dissolved_site, "organisations/e-graine/").select_one("main .notice-dissolved")
    assert by_hand.get_text().startswith("Cette association est dissoute. ") and "Répertoire" not in by_hand.get_text()
    assert not page(dissolved_site, "organisations/jardins-du-plateau/").find("meta", attrs={"name": "robots"})


def test_offers_and_needs_of_a_dissolved_organisation_keep_their_page_which_says_why(dissolved_site):
    for url, expected in (
        ("offres/chapiteau-bleu-charge-communication/", "Offre retirée : l'organisation qui la proposait est dissoute"),
        ("besoins/chapiteau-bleu-fourgon-tournee/", "Besoin retiré : l'organisation qui le cherchait est dissoute"),
    ):
        soup = page(dissolved_site, url)
        assert soup.find("meta", attrs={"name": "robots"})["content"] == "noindex"
        assert soup.select_one("main .notice-dissolved").get_text().startswith(expected)
        assert "expiré" not in soup.main.get_text()
        card = soup.select_one("main .card-organisation")  # its organisation, marked
        assert card.select_one(".badge-dissolved").get_text() == "Dissoute"


def test_the_title_in_the_register_the_source_and_the_rna_number_are_shown(dissolved_site):
    soup = page(dissolved_site, "organisations/jardins-du-plateau/")
    header = soup.select_one("main .record-header")
    assert header.select_one(".official-title").get_text() == "Titre au registre : ASSOCIATION DES JARDINIERS MARAICHERS DU PLATEAU"
    side = soup.select_one("main .record-side")
    assert side.select_one(".source").get_text() == "Données issues du Répertoire national des associations (mise à jour du registre : 1er mars 2024)."
    assert side.select_one(".source time")["datetime"] == "2024-03-01"
    rna = next(dt for dt in side.find_all("dt") if dt.get_text() == "RNA")
    assert rna.abbr["title"] == "Répertoire national des associations" and rna.find_next_sibling("dd").get_text() == "W789990003"
    chapiteau = page(dissolved_site, "organisations/compagnie-du-chapiteau-bleu/").select_one("main .source")
    assert chapiteau.get_text().endswith("(mise à jour du registre : 12 juin 2025).")
    # The name in capitals says nothing more; without `registre`, no source line.
    for url in ("organisations/octet-pour-tous/", "organisations/mgen/"):
        assert not page(dissolved_site, url).select(".official-title, .source"), url


def test_dissolved_organisations_and_their_records_leave_every_listing(dissolved_site, built_site):
    pages = list(listing_pages(dissolved_site))
    assert len(pages) > 100
    assert {path.relative_to(dissolved_site).as_posix(): links_to_withdrawn(parsed(path)) for path in pages if links_to_withdrawn(parsed(path))} == {}
    # The same check finds them in the sample site: it looks where they were listed.
    assert links_to_withdrawn(page(built_site, "organisations/")) and links_to_withdrawn(page(built_site, "themes/culture/"))
    # Counts leave them too: the home page's, the listing's, the filters' and the theme index's.
    assert home_counts(dissolved_site) == ["15 organisations", "10 offres", "7 besoins", "6 projets"]
    assert home_counts(built_site) == ["18 organisations", "12 offres", "8 besoins", "6 projets"]
    listing = page(dissolved_site, "organisations/")
    assert listing.select_one(".count").get_text() == "15 organisations"
    association = next(a for a in listing.select(".filters a") if a["href"].endswith("/organisations/type/association/"))
    listed = page(dissolved_site, "organisations/type/association/").select(".results .card")
    assert association.select_one(".n").get_text() == f"({len(listed)})"
    for index in ("themes/", "communes/"):  # each entry counts what its page shows
        for entry in page(dissolved_site, index).select(".reference-list li"):
            counted = {}
            for span in entry.select(".published span"):
                number, word = span.get_text().split(" ", 1)
                counted[word if word.endswith("s") else word + "s"] = int(number)
            item = page(dissolved_site, entry.h2.a["href"].removeprefix(SITEURL + "/"))
            assert counted == {section["aria-labelledby"]: len(section.select(".card")) for section in item.select("main section")}, entry.h2.get_text()


def test_dissolved_organisations_leave_the_cooperation_page_s_list_of_organisations_without_a_project(dissolved_site, built_site):
    def without_project(site):
        return {a.get_text() for a in page(site, "cooperations/").select("#sans-lien ~ ul a")}

    assert without_project(dissolved_site) == without_project(built_site) - {"Codesqy"}
    # e-graine, dissolved too, shares a project: it stays in the network, marked.
    assert "e-graine (dissoute)" in {li.get_text() for li in page(dissolved_site, "cooperations/").select(".links-table li")}


def test_projects_keep_a_dissolved_partner_and_say_it_is_dissolved(dissolved_site):
    project = page(dissolved_site, "projets/groupement-employeurs-ouest-sqy/")
    partner = next(li for li in project.select("#partenaires ~ .memberships > li") if "compagnie-du-chapiteau-bleu" in li.a["href"])
    assert partner.get_text().startswith("Compagnie du Chapiteau Bleu (exemple) (Association, dissoute) : Porteur du projet")
    assert project.find(id="partenaires").get_text() == "Les partenaires (4)"  # none left out
    network = page(dissolved_site, "cooperations/")
    assert any(li.get_text() == "Compagnie du Chapiteau Bleu (exemple) (dissoute)" for li in network.select(".links-table li"))
    partners = page(dissolved_site, "organisations/sport-ensemble-elancourt/").select(".partner-list > li")
    assert any(li.get_text().startswith("Compagnie du Chapiteau Bleu (exemple) (dissoute) :") for li in partners)


def test_nothing_of_theirs_is_searched_fed_or_in_the_sitemap(dissolved_site):
    texts = {
        "search": "".join(path.read_text("utf-8") for path in (dissolved_site / "search").glob("*/docs-*.json")),
        **{f"flux/{path.name}": path.read_text("utf-8") for path in (dissolved_site / "flux").glob("*.xml")},
        "sitemap.xml": (dissolved_site / "sitemap.xml").read_text("utf-8"),
    }
    assert len(texts) == 5 and all("organisations/jardins-du-plateau/" in texts[name] for name in ("search", "sitemap.xml"))
    assert {name: [url for url in WITHDRAWN if f"/{url}" in text or f'"{url}"' in text] for name, text in texts.items()} == dict.fromkeys(texts, [])


def test_nothing_of_theirs_is_in_the_open_data(dissolved_site):
    folder = dissolved_site / "donnees"
    slugs = {url.split("/")[1] for url in WITHDRAWN}
    for table in ("organisations", "offres", "besoins"):
        assert not slugs & {row["id"] for row in json.loads((folder / f"{table}.json").read_text("utf-8"))}, table
        assert not slugs & {line.split(",", 1)[0] for line in (folder / f"{table}.csv").read_text("utf-8-sig").splitlines()}, table
    places = json.loads((folder / "lieux.geojson").read_text("utf-8"))["features"]
    assert places and not slugs & {feature["properties"]["id"] for feature in places}
    partnerships = [line.split(",")[1] for line in (folder / "partenariats.csv").read_text("utf-8-sig").splitlines()[1:]]
    assert "compagnie-du-chapiteau-bleu" not in partnerships and "sport-ensemble-elancourt" in partnerships


@pytest.mark.parametrize(
    ("url", "section", "gone"),
    [
        ("offres/atelier-bois-et-co-fourgon/", "suggestions", "besoins/chapiteau-bleu-fourgon-tournee/"),
        ("besoins/coop-mobilite-comptable-temps-partage/", "suggestions", "offres/chapiteau-bleu-charge-communication/"),
        ("besoins/coop-mobilite-comptable-temps-partage/", "suggestions", "offres/e-graine-salaries-partages/"),
        ("projets/groupement-employeurs-ouest-sqy/", "partenaires-possibles", "organisations/e-graine/"),
        ("projets/tiers-lieu-numerique-guyancourt/", "partenaires-possibles", "organisations/e-graine/"),
    ],
)
def test_they_leave_the_suggestions(dissolved_site, built_site, url, section, gone):
    def suggested(site):
        return [a["href"] for a in page(site, url).select(f'section[aria-labelledby="{section}"] .suggestions a')]

    assert any(href.endswith(gone) for href in suggested(built_site))  # suggested in the sample
    assert not any(href.endswith(gone) for href in suggested(dissolved_site))


def test_the_json_ld_of_a_dissolved_organisation_lists_no_offer_and_gives_its_title_in_the_register(dissolved_site):
    described = json.loads(page(dissolved_site, "organisations/compagnie-du-chapiteau-bleu/").find("script", type="application/ld+json").string)
    assert described["legalName"] == "COMPAGNIE DU CHAPITEAU BLEU, FUNAMBULES ET ARTS DU CIRQUE DE VILLEPREUX"
    assert "makesOffer" not in described and "seeks" not in described


def test_no_internal_link_is_broken(dissolved_site):
    assert broken_links(dissolved_site, SITEURL) == []
