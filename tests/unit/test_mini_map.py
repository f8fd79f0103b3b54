"""The small SVG maps (annuaire.publish.mini_map): projection, the communes' grid, names that do not overlap,
escaping, the same bytes for the same data, and a size that stays small with many communes."""

from __future__ import annotations

import datetime
import math
import random

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, TODAY

from annuaire.meeting import geo
from annuaire.meeting.geo import KM_PER_DEGREE, CommuneGrid, Place, distance_km
from annuaire.publish import mini_map
from annuaire.publish.mini_map import HEIGHT, LABELS, THEME_COMMUNES, WIDTH, Frame, MiniMaps, Spot, draw, label_box, place_labels, short
from annuaire.record_types import BY_NAME
from annuaire.records.loader import load_directory
from annuaire.records.model import Record, link

DAY = datetime.date.fromisoformat(TODAY)
HOSTILE = '<b>Vi&"l\'</b>'  # short enough to be written on the map


def commune(slug: str, lat: float | None, lon: float | None, name: str | None = None) -> Record:
    data = {"id": slug, "nom": name or slug.title(), "insee": "78000", "codes_postaux": ["78000"]}
    if lat is not None:
        data["coordonnees"] = {"lat": lat, "lon": lon}
    return Record(BY_NAME["commune"], slug, data, f"communes.yaml ({slug})")


def many_communes(count: int, seed: int = 7) -> list[Record]:
    """`count` communes spread over a département (about 30 × 45 km), as bench/synthetic.py places them."""
    rng = random.Random(seed)
    return [commune(f"c{number:04d}", round(48.7 + rng.random() * 0.3, 4), round(1.8 + rng.random() * 0.4, 4), f"Commune-{number}") for number in range(count)]


def svg_of(markup: str) -> BeautifulSoup:
    return BeautifulSoup(markup, "html.parser").find("svg")


# Projection

def test_the_frame_is_true_to_scale_at_its_centre_with_north_up():
    frame = Frame(48.77, 2.07, 10.0)
    assert frame.xy(48.77, 2.07) == (WIDTH / 2, HEIGHT / 2)
    assert frame.scale == WIDTH / 20
    # 5 km east: a quarter of the width to the right; 5 km north: up by as many units.
    east = 5 / (KM_PER_DEGREE * math.cos(math.radians(48.77)))
    x, y = frame.xy(48.77, 2.07 + east)
    assert x == pytest.approx(WIDTH / 2 + WIDTH / 4) and y == pytest.approx(HEIGHT / 2)
    x, y = frame.xy(48.77 + 5 / KM_PER_DEGREE, 2.07)
    assert x == pytest.approx(WIDTH / 2) and y == pytest.approx(HEIGHT / 2 - WIDTH / 4)


def test_a_frame_around_points_holds_them_inside_its_margins():
    points = [(48.70, 1.80), (48.95, 2.15), (48.80, 2.00)]
    frame = Frame.around(points, margin=20)
    for lat, lon in points:
        x, y = frame.xy(lat, lon)
        assert 20 - 1e-6 <= x <= WIDTH - 20 + 1e-6 and 20 - 1e-6 <= y <= HEIGHT - mini_map.SCALE_STRIP + 1e-6  # above the scale bar
    assert Frame.around([(48.7, 2.0)]).half_km == mini_map.MIN_HALF_KM  # one point: the smallest frame


def test_the_scale_bar_is_a_round_distance_at_the_frames_scale():
    for half_km, label in ((10.0, "5 km"), (1.5, "500 m"), (40.0, "20 km")):
        frame = Frame(48.7, 2.0, half_km)
        length, text = mini_map.scale_bar(frame)
        assert text == label
        assert 0 < length <= WIDTH / 4 + 1e-6
        km = float(text.split()[0]) / (1000 if text.endswith(" m") else 1)
        assert length == pytest.approx(km * frame.scale)


# The grid of communes

def test_the_grid_finds_the_same_nearest_communes_as_a_full_scan():
    communes = many_communes(1300)
    grid = CommuneGrid(communes)
    rng = random.Random(3)
    for _ in range(40):
        lat, lon = 48.65 + rng.random() * 0.4, 1.75 + rng.random() * 0.5
        here = Place(lat, lon, "fiche")
        every = sorted(
            ((distance_km(here, Place(c.data["coordonnees"]["lat"], c.data["coordonnees"]["lon"], "fiche")), c.slug) for c in communes),
        )
        expected = [slug for km, slug in every if km <= 30][:8]
        assert [c.slug for _km, c in grid.nearest(lat, lon, 8, 30)] == expected


def test_a_query_of_the_grid_does_not_visit_every_commune(monkeypatch):
    calls = []
    measured = geo.haversine_km
    monkeypatch.setattr(geo, "haversine_km", lambda a, b: calls.append(1) or measured(a, b))
    visited = {}
    for count in (1300, 5200, 20800):
        grid = CommuneGrid(many_communes(count))
        visited[count] = []
        for lat, lon in ((48.85, 2.0), (48.75, 1.85), (48.99, 2.19)):
            calls.clear()
            assert len(grid.nearest(lat, lon, 8, 30)) == 8
            visited[count].append(len(calls))
    # The cells around the point, whose size follows the communes' density: the same work for 16 times as many.
    assert max(max(counts) for counts in visited.values()) < 150, visited
    assert max(visited[20800]) < 2 * max(visited[1300]), visited


def test_the_grid_leaves_out_communes_without_coordinates_and_farther_than_the_limit():
    grid = CommuneGrid([commune("ici", 48.8, 2.0), commune("sans", None, None), commune("loin", 45.0, 5.0)])
    assert [c.slug for _km, c in grid.nearest(48.8, 2.0, 8, 30)] == ["ici"]
    assert grid.nearest(48.8, 2.0, 8, 30, exclude=grid.cells[grid._cell(48.8, 2.0)][0][1]) == []
    assert CommuneGrid([]).nearest(48.8, 2.0, 8, 30) == []


# Names

def overlapping(boxes):
    return [(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1:] if a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]]


def test_names_are_placed_inside_the_frame_without_overlapping_each_other_or_a_dot():
    rng = random.Random(11)
    spots = [Spot(rng.uniform(10, WIDTH - 10), rng.uniform(10, HEIGHT - 10), f"Commune-{n}-sur-Seine", 2.5, "mm-commune") for n in range(40)]
    taken = [(0, HEIGHT - 24, 80, HEIGHT)]  # the scale bar
    placed = place_labels(spots, taken, limit=40)
    boxes = [label_box(spot, side)[0] for spot, side in _sides(placed)]
    assert 3 <= len(boxes) < 40  # some fit, not all: the frame is crowded
    assert overlapping(boxes + taken) == []
    for box in boxes:
        assert 0 <= box[0] and box[2] <= WIDTH and 0 <= box[1] and box[3] <= HEIGHT
        assert not any(s.x - s.radius < box[2] and box[0] < s.x + s.radius and s.y - s.radius < box[3] and box[1] < s.y + s.radius for s in spots)
    # The first spots, the ones that matter most, get their names first.
    assert placed[0][0] is spots[0]


def _sides(placed):
    """The side each placed name went to, found again from its anchor and position."""
    for spot, x, y, anchor in placed:
        for side in ("right", "left", "above", "below"):
            if label_box(spot, side)[1:] == (x, y, anchor):
                yield spot, side
                break


def test_a_map_writes_at_most_LABELS_names_and_its_point_first():
    frame = Frame(48.8, 2.0, 15.0)
    spots = [Spot(160, 100, "Ici", 6, "mm-point")] + [Spot(20 + 28 * (n % 10), 30 + 60 * (n // 10), f"C{n}", 2.5, "mm-commune") for n in range(30)]
    svg = svg_of(draw(frame, spots, "Carte"))
    names = [text.get_text() for text in svg.find_all("text")][:-1]  # the last one is the scale's
    assert names[0] == "Ici" and len(names) == LABELS
    assert len(svg.find_all("circle")) == 31


# The maps of the sample's pages

@pytest.fixture(scope="module")
def sample():
    return load_directory(ROOT / "data", DAY)


def test_a_record_placed_by_its_communes_centre_says_so_and_links_to_its_place_on_the_map(sample):
    maps = MiniMaps(sample, DAY)
    offer = sample.get("offer", "atelier-bois-et-co-fourgon")
    found = maps.for_page(offer)
    assert found.caption.startswith("Position approximative : centre de la commune des Clayes-sous-Bois.")
    assert "Communes voisines : Villepreux (1,5 km)" in found.caption
    assert found.query == "?offre=atelier-bois-et-co-fourgon"
    svg = svg_of(found.svg)
    assert svg["role"] == "img" and svg["aria-label"].startswith("Carte de situation : Les Clayes-sous-Bois")
    assert svg.find("g", class_="mm-point") is not None
    organisation = maps.for_page(sample.get("organisation", "atelier-bois-et-co"))
    assert organisation.caption.startswith("Position indiquée par la fiche (commune : Les Clayes-sous-Bois).")


def test_a_commune_is_highlighted_with_its_number_of_records(sample):
    guyancourt = sample.get("commune", "guyancourt")
    found = MiniMaps(sample, DAY).for_page(guyancourt)
    count = sum(1 for items in guyancourt.related.values() for record in items if not record.data.get("dissoute"))
    texts = [text.get_text() for text in svg_of(found.svg).find_all("text")]
    assert f"Guyancourt ({count})" in texts
    assert found.caption.startswith(f"Guyancourt, en couleur : {count} fiches publiées")
    assert found.query == "?commune=guyancourt"


def test_records_and_communes_without_coordinates_get_no_map(sample):
    nowhere = commune("nulle-part", None, None, "Nulle-Part")
    directory = link({"commune": [nowhere], "organisation": [], "offer": [], "need": [], "project": [], "theme": []}, {})
    maps = MiniMaps(directory, DAY)
    assert maps.for_page(nowhere) is None
    organisation = Record(BY_NAME["organisation"], "sans-lieu", {"nom": "Sans lieu"}, "organisations/sans-lieu.yaml")
    organisation.related, organisation.links = {}, {"commune": [nowhere]}
    assert maps.for_page(organisation) is None
    theme = Record(BY_NAME["theme"], "vide", {"nom": "Vide"}, "themes.yaml")
    theme.related = {"organisation": [organisation]}
    assert maps.for_page(theme) is None


def test_the_same_directory_gives_the_same_bytes(sample):
    again = load_directory(ROOT / "data", DAY)
    first, second = MiniMaps(sample, DAY), MiniMaps(again, DAY)
    for kind in ("organisation", "offer", "need", "project", "commune", "theme"):
        for record in sample.records[kind]:
            one, other = first.for_page(record), second.for_page(again.get(kind, record.slug))
            assert (one and (str(one.svg), one.caption, one.query)) == (other and (str(other.svg), other.caption, other.query))
    # The grid's answers do not depend on the order the communes come in.
    communes = many_communes(300)
    shuffled = communes[:]
    random.Random(1).shuffle(shuffled)
    assert [c.slug for _km, c in CommuneGrid(communes).nearest(48.8, 2.0, 8, 30)] == [c.slug for _km, c in CommuneGrid(shuffled).nearest(48.8, 2.0, 8, 30)]


# Escaping and size

def theme_in(communes: list[Record], records_by_commune: list[int]) -> Record:
    """A theme with `records_by_commune[i]` organisations in `communes[i]`."""
    theme = Record(BY_NAME["theme"], "theme", {"nom": "Thème"}, "themes.yaml")
    theme.related = {"organisation": [], "offer": [], "need": []}
    for place, count in zip(communes, records_by_commune, strict=False):
        for number in range(count):
            record = Record(BY_NAME["organisation"], f"{place.slug}-{number}", {"nom": "Org", "commune": place.slug}, "o.yaml")
            record.links = {"commune": [place]}
            theme.related["organisation"].append(record)
    return theme


def test_names_are_escaped_in_the_drawing_and_its_text_alternative():
    places = [commune("hostile", 48.8, 2.0, HOSTILE), commune("voisine", 48.81, 2.01, "Voisine")]
    directory = link({"commune": places, "organisation": [], "offer": [], "need": [], "project": [], "theme": []}, {})
    maps = MiniMaps(directory, DAY)
    for found in (maps.for_page(places[0]), maps.for_page(places[1]), maps.for_page(theme_in(places, [3, 1]))):
        markup = str(found.svg)
        assert "<b>" not in markup and "</b>" not in markup
        svg = svg_of(markup)
        assert {child.name for child in svg.find_all(True)} <= {"rect", "g", "circle", "text", "path"}
        texts = [text.get_text() for text in svg.find_all("text")]
        assert any(HOSTILE in text for text in texts)
    assert HOSTILE in svg_of(maps.for_page(places[0]).svg)["aria-label"]


def test_a_long_name_is_cut_on_the_map_whole_in_the_caption_and_a_communes_number_stays():
    name = "Saint-Rémy-lès-Chevreuse-sur-Yvette-et-Mérantaise"
    places = [commune("longue", 48.8, 2.0, name), commune("voisine", 48.81, 2.01, "Voisine")]
    organisation = Record(BY_NAME["organisation"], "org", {"nom": "Org", "commune": "longue"}, "o.yaml")
    directory = link({"commune": places, "organisation": [organisation], "offer": [], "need": [], "project": [], "theme": []}, {})
    organisation.links = {"commune": [places[0]]}
    places[0].related["organisation"] = [organisation]
    maps = MiniMaps(directory, DAY)
    here = svg_of(maps.for_page(places[0]).svg).find("text", class_="mm-here").get_text()
    assert here.endswith("… (1)") and len(here) == mini_map.NAME_LENGTH and name.startswith(here[: -len("… (1)")])
    neighbour = maps.for_page(places[1])
    assert short(name) in [text.get_text() for text in svg_of(neighbour.svg).find_all("text")]
    assert name in neighbour.caption


def test_a_theme_map_draws_the_communes_with_the_most_records_and_stays_small():
    communes = many_communes(1300)
    rng = random.Random(5)
    counts = [rng.randint(1, 40) for _ in communes]
    for place in communes:
        place.data["nom"] = f"{place.data['nom']}-les-Deux-Églises-sur-Mauldre"  # long names
    theme = theme_in(communes, counts)
    directory = link({"commune": communes, "organisation": [], "offer": [], "need": [], "project": [], "theme": []}, {})
    found = MiniMaps(directory, DAY).for_page(theme)
    svg = svg_of(found.svg)
    assert len(svg.find_all("circle")) == THEME_COMMUNES
    assert f"la carte montre les {THEME_COMMUNES} qui en ont le plus" in found.caption
    # The biggest dot is the commune with the most records.
    top = max(range(len(communes)), key=lambda i: (counts[i], -i))
    assert f"{communes[top].data['nom']} ({counts[top]})" in found.caption
    assert max(float(circle["r"]) for circle in svg.find_all("circle")) == 9
    assert len(str(found.svg).encode()) <= 3_200, len(str(found.svg).encode())


def test_a_record_map_stays_small_among_many_communes():
    communes = many_communes(1300)
    for place in communes:
        place.data["nom"] = f"{place.data['nom']}-les-Deux-Églises-sur-Mauldre"
    directory = link({"commune": communes, "organisation": [], "offer": [], "need": [], "project": [], "theme": []}, {})
    maps = MiniMaps(directory, DAY)
    sizes = [len(str(maps.for_page(place).svg).encode()) for place in communes[:50]]
    assert max(sizes) <= 1_600, max(sizes)
