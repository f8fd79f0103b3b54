"""Offer and need cards with their terms and dates, the « Gratuit » and « Disponible maintenant » filter
pages, and the agenda's next events on the home page: the sample site, as built."""

from __future__ import annotations

import datetime
import os

import pytest
import yaml
from conftest import ROOT, TODAY
from site_helpers import page

from annuaire.cli import build
from annuaire.publish.french_dates import french_date
from annuaire.records import lifecycle, schemas

DATA = ROOT / "data"
SECTIONS = {"offer": ("offers", "offres"), "need": ("needs", "besoins")}


def records(folder):
    # Dates as the loader gives them: ISO strings.
    return {path.stem: yaml.load(path.read_text("utf-8"), Loader=yaml.BaseLoader) for path in sorted((DATA / folder).glob("*.yaml"))}


def build_day() -> datetime.date:
    """The day `built_site` was built on, as pelican.conf.py reads it."""
    return lifecycle.build_date(os.environ.get("ANNUAIRE_TODAY"), "Europe/Paris")


def slugs(soup):
    return {a["href"].rstrip("/").rsplit("/", 1)[-1] for a in soup.select(".results .card-title a")}


@pytest.mark.parametrize("kind", SECTIONS)
def test_cards_show_terms_and_dates_in_french(built_site, kind):
    folder, section = SECTIONS[kind]
    labels = schemas.vocabulary(f"{kind}.schema.json")["conditions.type"]
    soup = page(built_site, f"{section}/")
    seen = 0
    for slug, data in records(folder).items():
        card = soup.find("a", href=lambda href, slug=slug: href and href.rstrip("/").endswith(f"/{slug}")).find_parent("article")
        terms = card.select_one(".card-terms")
        period = data.get("disponibilite") or {}
        kind_of = (data.get("conditions") or {}).get("type")
        if not (kind_of or period.get("debut") or period.get("fin") or data.get("expire_le")):
            assert terms is None, slug
            continue
        seen += 1
        text = terms.get_text(" ", strip=True)
        if kind_of:
            assert terms.select_one(".terms").get_text(strip=True) == labels[kind_of], slug
        for value in (period.get("debut"), period.get("fin"), data.get("expire_le")):
            if value:
                time = terms.find("time", datetime=str(value))
                assert time is not None, (slug, value)
                assert time.get_text() in (french_date(value), french_date(value, with_year=False)), (slug, value)
        if data.get("expire_le"):
            assert f"jusqu'au {french_date(data['expire_le'])}" in text, slug
    assert seen >= 3


def test_a_card_shows_its_period_compactly(built_site):
    card = page(built_site, "besoins/").find("a", href=lambda h: h and "chapiteau-bleu-fourgon-tournee" in h).find_parent("article")
    assert card.select_one(".card-terms").get_text(" ", strip=True).startswith("Location Du 10 avril au 11 avril 2027")


@pytest.mark.parametrize("kind", SECTIONS)
def test_gratuit_and_disponible_maintenant_filter_pages_list_exactly_the_matching_records(built_site, kind):
    folder, section = SECTIONS[kind]
    day = build_day()
    listed = {slug: data for slug, data in records(folder).items() if not lifecycle.is_expired(data, day)}
    expected = {
        "gratuit": {slug for slug, data in listed.items() if (data.get("conditions") or {}).get("type") == "gratuit"},
        "disponible-maintenant": {slug for slug, data in listed.items() if lifecycle.is_available(data, day)},
    }
    assert expected["gratuit"] and expected["disponible-maintenant"]
    listing = page(built_site, f"{section}/")
    facet = listing.find("summary", string="Accès").find_parent("details")
    assert facet.has_attr("open")  # two links: shown without a click
    links = {a["href"].rstrip("/").rsplit("/", 1)[-1]: a.get_text(" ", strip=True) for a in facet.select("a")}
    assert links == {
        "gratuit": f"Gratuit ({len(expected['gratuit'])})",
        "disponible-maintenant": f"Disponible maintenant ({len(expected['disponible-maintenant'])})",
    }
    for value, wanted in expected.items():
        soup = page(built_site, f"{section}/acces/{value}/")
        assert slugs(soup) == wanted, value
        current = soup.select('.filters a[aria-current="page"]')
        assert len(current) == 1 and current[0]["href"].endswith(f"acces/{value}/")
        assert soup.h1.select_one(".filter-name").get_text(strip=True).startswith("Accès :")


@pytest.fixture(scope="module")
def sites_on(tmp_path_factory):
    """The sample site built on a given day (ANNUAIRE_TODAY)."""
    built = {}

    def on(day: str):
        if day not in built:
            output = tmp_path_factory.mktemp(f"site-{day}") / "output"
            with pytest.MonkeyPatch.context() as patch:
                patch.setenv("ANNUAIRE_TODAY", day)
                assert build(DATA, output, ROOT / "pelican.conf.py") == 0
            built[day] = output
        return built[day]

    return on


def test_the_home_page_shows_the_next_events_with_a_link_to_the_agenda(sites_on):
    soup = page(sites_on(TODAY), "")
    section = soup.find("section", attrs={"aria-labelledby": "prochains-evenements"})
    assert section.h2.get_text(strip=True) == "Prochains événements"
    items = section.select(".next-events li")
    assert 1 <= len(items) <= 3
    first = items[0]
    assert first.time["datetime"] == "2027-03-18" and first.time.get_text() == "18 mars 2027"
    assert first.a.get_text(strip=True) == "Speed dating de la coopération (exemple)"
    assert first.a["href"].endswith("actualites/speed-dating-cooperation-exemple/")
    assert section.select_one("a.more")["href"].endswith("agenda/")
    # Once every event is over, no block at all.
    later = page(sites_on("2027-06-01"), "")
    assert later.find(id="prochains-evenements") is None and "Tout l'agenda" not in later.get_text()
    # Expired or not yet available, on that day: « Disponible maintenant » follows the build date.
    assert slugs(page(sites_on("2027-06-01"), "offres/acces/disponible-maintenant/")) != slugs(
        page(sites_on(TODAY), "offres/acces/disponible-maintenant/"))
