"""A directory of a département's shape (bench/synthetic.py: 1,500 records over 260 communes), built and read:
every page within the weight budget, listings with an A–Z index and a short pagination, filters that name
the most frequent communes and link to all of them, theme and commune pages that show a few records and
count the rest, a cooperation page that draws the busiest projects."""

from __future__ import annotations

import re

import pytest
from conftest import ROOT
from site_helpers import page

from annuaire.cli import build
from bench.synthetic import write_directory

BUDGET = 60_000  # bytes, as the page weight gate


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("large")
    write_directory(folder / "data", 1_500, commune_count=260)
    assert build(folder / "data", folder / "output", ROOT / "pelican.conf.py") == 0
    return folder / "output"


def test_no_page_passes_the_weight_budget(site):
    heavy = {path.relative_to(site).as_posix(): path.stat().st_size for path in site.rglob("*.html") if path.stat().st_size > BUDGET}
    assert heavy == {}


def test_a_listing_names_the_most_frequent_communes_and_links_to_all_of_them(site):
    filters = page(site, "organisations/").select_one("nav.filters")
    communes = next(details for details in filters.select("details details") if details.summary.get_text() == "Commune")
    counts = [int(re.search(r"\((\d+)\)", item.get_text()).group(1)) for item in communes.select("li")]
    assert len(counts) == 20
    every = page(site, "communes/").select(".reference-list h2 a") + page(site, "communes/page/2/").select(".reference-list h2 a")
    assert len(every) == 260
    more = communes.select_one(".filters-more")
    with_organisations = len(list((site / "organisations" / "commune").iterdir()))
    assert f"sur {with_organisations} :" in more.get_text() and with_organisations > 200 and more.a["href"].endswith("communes/")
    # The most frequent: no commune left out has more organisations than one shown.
    shown = {item.a["href"].rstrip("/").rsplit("/", 1)[1] for item in communes.select("li")}
    for commune in every:
        slug = commune["href"].rstrip("/").rsplit("/", 1)[1]
        if slug not in shown and (site / "organisations" / "commune" / slug).is_dir():
            cards = len(page(site, f"organisations/commune/{slug}/").select(".results .card"))
            assert cards <= min(counts), slug
    # A page filtered on a commune that is not among them shows it too, as the current one.
    hidden = next(c["href"].rstrip("/").rsplit("/", 1)[1] for c in every
                  if c["href"].rstrip("/").rsplit("/", 1)[1] not in shown and (site / "organisations" / "commune" / c["href"].rstrip("/").rsplit("/", 1)[1]).is_dir())
    filtered = page(site, f"organisations/commune/{hidden}/").select_one("nav.filters [aria-current=page]")
    assert filtered["href"].endswith(f"organisations/commune/{hidden}/")


def test_listings_have_an_a_to_z_index_and_a_short_pagination(site):
    listing = page(site, "organisations/page/10/")
    numbers = [a.get_text() for a in listing.select(".pagination li a") if a.get_text().isdigit()]
    assert numbers == ["1", "8", "9", "10", "11", "12", "25"]  # 600 organisations, 24 a page
    assert len(listing.select(".pagination .gap")) == 2
    letters = {a.get_text(): a["href"] for a in listing.select("nav.letters a")}
    assert "A" in letters and "R" in letters
    for letter, href in letters.items():
        target = page(site, "organisations/" + (href.split("organisations/", 1)[1] if "organisations/" in href else ""))
        titles = [card.select_one(".card-title").get_text().strip() for card in target.select(".results .card")]
        assert any(title.upper().startswith(letter) for title in titles), letter
    assert page(site, "offres/").select_one("nav.letters") is None  # newest first: no alphabet


def test_theme_and_commune_pages_show_a_few_of_each_type_and_count_the_rest(site):
    theme = page(site, "themes/solidarite/")
    section = theme.select_one("section[aria-labelledby=organisations]")
    assert len(section.select(".card")) == 6
    link = section.select("p a")[-1]
    count = int(re.search(r"les (\d+) organisations", link.get_text()).group(1))
    assert count > 6 and link["href"].endswith("organisations/theme/solidarite/")
    assert f"({count})" in theme.select_one(".jump").get_text()


def test_the_cooperation_page_draws_the_busiest_projects_and_says_so(site):
    cooperation = page(site, "cooperations/")
    drawn = {group["data-project"] for group in cooperation.select("svg.network-large g[data-project]")}
    rows = cooperation.select("table tbody tr")
    assert 1 <= len(drawn) == len(rows) < 150
    assert sum(len(row.select("li")) for row in rows) <= 40
    assert "qui réunissent le plus de partenaires, sur" in cooperation.get_text()
    isolated = cooperation.select("section[aria-labelledby=sans-lien] li")
    assert len(isolated) <= 60


def test_the_communes_index_has_pages_of_200_and_an_a_to_z_index(site):
    first, second = page(site, "communes/"), page(site, "communes/page/2/")
    assert [len(p.select(".reference-list > li")) for p in (first, second)] == [200, 60]
    assert not (site / "communes" / "page" / "3").exists()
    letters = first.select("nav.letters a")
    assert len(letters) > 5 and any(a["href"].endswith("communes/page/2/") for a in letters)


def test_the_field_reference_does_not_list_260_communes(site):
    reference = page(site, "contribuer/champs/")
    assert reference.select_one("#identifiants-commune").find_next("p").a["href"].endswith("communes/")
