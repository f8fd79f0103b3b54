"""The small maps of the built pages (annuaire.publish.mini_map through theme/templates/_mini_map.html): where
there is a place, one light SVG with a text alternative, a caption saying where the point comes from and
every name the drawing writes, and a link to /carte/ at that record or commune; no map, and nothing broken,
where there is no place."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import MINIMAL, ROOT, TODAY
from site_helpers import page

from annuaire.cli import build
from annuaire.meeting.geo import COMMUNE, ORGANISATION, ORGANISATION_COMMUNE, OWN, place
from annuaire.records.lifecycle import build_date, is_current
from annuaire.records.loader import load_directory

FIGURE_BUDGET = 3_000  # bytes of HTML a map takes, caption and link included
SOURCE_WORDS = {
    OWN: "Position indiquée par la fiche",
    COMMUNE: "Position approximative : centre de la commune d",  # de, du, des
    ORGANISATION: "Position de l'organisation ",
    ORGANISATION_COMMUNE: "Position approximative : centre de la commune de l'organisation, ",
}


@pytest.fixture(scope="module")
def sample():
    return load_directory(ROOT / "data")


def mini_map(site: Path, url: str):
    figures = page(site, url).select("figure.mini-map")
    assert len(figures) <= 1, url
    return figures[0] if figures else None


def check_figure(figure) -> None:
    """Light, an image with a text alternative, nothing from elsewhere, and every name it writes in words."""
    assert len(str(figure).encode()) <= FIGURE_BUDGET, len(str(figure).encode())
    svg = figure.find("svg")
    assert svg["role"] == "img" and svg["aria-label"].startswith("Carte")
    assert not svg.find_all(attrs={"href": True}) and not svg.find_all(attrs={"xlink:href": True}) and not svg.find_all("image")
    caption = figure.figcaption.get_text(" ")
    names = [text.get_text() for text in svg.find_all("text")]
    assert names[-1].endswith(" km") or names[-1].endswith(" m")  # the scale
    for name in names[:-1]:  # a name cut on the map (« … ») is whole in the words; « (3) » is a number of records
        stem = name[:-1] if name.endswith("…") else name.split(" (")[0]
        assert stem in caption or stem in svg["aria-label"], name


def test_every_placed_organisation_offer_and_need_has_a_map_saying_where_its_point_comes_from(built_site, sample):
    points = json.loads((built_site / "carte" / "points.json").read_text("utf-8"))["points"]
    on_map = {(row[1], row[0]) for row in points}
    labels = {"organisation": "organisation", "offer": "offre", "need": "besoin"}
    checked = 0
    for kind, label in labels.items():
        for record in sample.records[kind]:
            url = f"{record.kind.segment}/{record.slug}/"
            figure = mini_map(built_site, url)
            where = place(record)
            if where is None:
                assert figure is None, url
                continue
            check_figure(figure)
            caption = figure.figcaption.get_text(" ")
            assert caption.startswith(SOURCE_WORDS[where.source]), (url, caption)
            if where.source in (COMMUNE, ORGANISATION_COMMUNE):
                assert where.commune.title.removeprefix("Les ").removeprefix("Le ") in caption  # « des Clayes-sous-Bois »
            link = figure.find("a", string="Voir sur la carte")
            current = is_current(record, build_date(TODAY))
            if (label, record.slug) in on_map:
                assert link["href"] == f"../../carte/?{label}={record.slug}", url
            elif not current:
                assert link["href"] == "../../carte/"
            checked += 1
    assert checked >= 25


def test_projects_show_where_their_partners_are(built_site, sample):
    for project in sample.records["project"]:
        figure = mini_map(built_site, f"projets/{project.slug}/")
        placed = [partner for partner in project.partners if place(partner.organisation) is not None]
        assert (figure is not None) == bool(placed), project.slug
        if figure is not None:
            check_figure(figure)
            assert figure.figcaption.get_text().startswith(f"{len(placed)} partenaire")


def test_a_commune_page_highlights_the_commune_with_its_number_of_records(built_site, sample):
    for commune in sample.records["commune"]:
        figure = mini_map(built_site, f"communes/{commune.slug}/")
        assert figure is not None
        check_figure(figure)
        svg = figure.find("svg")
        here = svg.find("text", class_="mm-here").get_text()
        jump = page(built_site, f"communes/{commune.slug}/").select("ul.jump li")
        count = sum(int(item.get_text().rsplit("(", 1)[1].rstrip(")")) for item in jump)
        assert here == f"{commune.title} ({count})"
        assert len(svg.select("g.mm-point circle")) == 1
        assert f"{count} fiche" in figure.figcaption.get_text()


def test_a_theme_page_draws_its_communes_by_number_of_records(built_site, sample):
    today = build_date(TODAY)
    for theme in sample.records["theme"]:
        figure = mini_map(built_site, f"themes/{theme.slug}/")
        communes = {place(r).commune.slug for kind in ("organisation", "offer", "need") for r in theme.related[kind]
                    if is_current(r, today) and place(r) is not None and place(r).commune is not None}
        if not communes:
            assert figure is None
            continue
        check_figure(figure)
        assert len(figure.select("g.mm-count circle")) == len(communes)
        assert figure.find("a", string="Voir sur la carte")["href"] == "../../carte/"


def test_without_coordinates_there_is_no_map_and_the_page_is_whole(tmp_path):
    """The minimal data: Trappes has no coordinates, nor the organisation there."""
    output = tmp_path / "output"
    assert build(MINIMAL, output, ROOT / "pelican.conf.py") == 0
    assert mini_map(output, "communes/trappes/") is None
    assert mini_map(output, "organisations/mairie-test/") is None
    assert page(output, "organisations/mairie-test/").find("footer") is not None
    figure = mini_map(output, "communes/guyancourt/")
    check_figure(figure)
    assert "Communes voisines" not in figure.figcaption.get_text()  # Trappes is nowhere on a map
    assert mini_map(output, "organisations/asso-verte/") is not None
