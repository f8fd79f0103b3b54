"""The map page (plugins/directory_map): its data holds the current records with their positions and sources,
the page loads nothing from another host, and in Chromium the list follows the markers and the type filters."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from browser import browser, serve
from conftest import ROOT, TODAY, data_with_register_fields
from site_helpers import asset_urls, other_host, page

from annuaire.meeting.geo import place
from annuaire.records.lifecycle import build_date, is_current
from annuaire.records.loader import load_directory

MAP = "carte/"
LABELS = {"organisation": "organisation", "offer": "offre", "need": "besoin"}


def points(site: Path) -> dict[tuple[str, str], dict]:
    data = json.loads((site / MAP / "points.json").read_text("utf-8"))
    return {(row[1], row[0]): dict(zip(data["fields"], row, strict=True)) for row in data["points"]}


def expected_points(data: Path, today: str) -> dict[tuple[str, str], tuple]:
    directory = load_directory(data)
    found = {}
    for kind, label in LABELS.items():
        for record in directory.records[kind]:
            where = place(record)
            if is_current(record, build_date(today)) and where is not None:
                found[(label, record.slug)] = (record.title, round(where.lat, 5), round(where.lon, 5), where.source)
    return found


def test_the_map_page_lists_the_current_records_with_their_positions_and_sources(dissolved_site, tmp_path):

    found = points(dissolved_site)
    # The dissolved organisation and its offers and needs are not on the map.
    assert ("organisation", "e-graine") not in found and ("organisation", "compagnie-du-chapiteau-bleu") not in found
    assert not any(point["url"].startswith("besoins/chapiteau-bleu") for point in found.values())
    expected = expected_points(data_with_register_fields(tmp_path / "data"), TODAY)
    assert {key: (p["title"], p["lat"], p["lon"], p["source"]) for key, p in found.items()} == expected
    sources = {point["source"] for point in found.values()}
    assert {"fiche", "commune"} <= sources  # own coordinates, and a commune's centre
    for point in found.values():
        assert (dissolved_site / point["url"] / "index.html").is_file()


def test_the_map_page_loads_only_files_of_the_site_and_says_how_to_browse_without_javascript(built_site):
    soup = page(built_site, MAP)
    assets = [url for _tag, url in asset_urls(soup)]
    assert assets and not [url for url in assets if other_host(url)]
    box = soup.find(id="carte")
    assert box.has_attr("hidden") and not box.has_attr("data-tiles")  # default: no tiles
    fallback = soup.find(id="carte-sans-js")
    links = {a["href"] for a in fallback.find_all("a")}
    assert {"../organisations/", "../offres/", "../besoins/", "../communes/"} <= links
    assert soup.find(id="carte-autour").get_text() == "Autour de moi"
    assert "n'est envoyée nulle part" in soup.get_text()
    for name in ("leaflet/leaflet.js", "leaflet/leaflet.css", "leaflet.markercluster/leaflet.markercluster.js"):
        assert (built_site / MAP / "vendor" / name).is_file()
    assert any(a.get("href") == "../carte/" for a in page(built_site, "organisations/").select("nav a"))


def test_a_tile_layer_is_a_setting(tmp_path):
    from annuaire.cli import build

    settings = tmp_path / "pelican.conf.py"
    text = (ROOT / "pelican.conf.py").read_text("utf-8")
    settings.write_text(text.replace('HERE = Path(__file__).resolve().parent', f"HERE = Path({str(ROOT)!r})")
                        + "\nMAP_TILES_URL = 'https://tile.openstreetmap.org/{z}/{x}/{y}.png'\n"
                        "MAP_TILES_ATTRIBUTION = '© les contributeurs d’OpenStreetMap'\n", "utf-8")
    assert build(ROOT / "data", tmp_path / "output", settings) == 0
    box = page(tmp_path / "output", MAP).find(id="carte")
    assert box["data-tiles"] == "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    assert box["data-attribution"] == "© les contributeurs d’OpenStreetMap"


# In Chromium: the markers, the list, the filters; nothing requested from another host.

MARKERS = """() => {
  let count = document.querySelectorAll('#carte-plan .map-point').length;
  for (const cluster of document.querySelectorAll('#carte-plan .marker-cluster span')) count += Number(cluster.textContent);
  return count;
}"""


@pytest.fixture(scope="module")
def served(built_site):
    """(address of the served sample site, Chromium): one browser for the module (Playwright's sync API runs one at a time)."""
    with serve(built_site) as base, browser() as chromium:
        yield base, chromium


@pytest.fixture(scope="module")
def map_tab(served):
    base, chromium = served
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, reduced_motion="reduce")
    tab = context.new_page()
    requests = []
    tab.on("request", lambda request: requests.append(request.url))
    tab.goto(base + MAP)
    tab.wait_for_selector("#carte[data-state=ready]")
    tab.wait_for_timeout(300)
    yield tab, requests
    context.close()


def test_in_chromium_the_list_holds_the_markers_and_follows_the_filters(map_tab, built_site):
    tab, requests = map_tab
    total = len(points(built_site))
    assert tab.evaluate(MARKERS) == total
    assert tab.locator("#carte-liste li").count() == total
    assert tab.locator("#carte-sans-js").is_hidden()
    for shown in ("besoin", "offre"):
        for box in tab.locator("input[name=type]").all():
            box.set_checked(box.get_attribute("value") == shown)
        tab.wait_for_selector("#carte[data-state=ready]")
        tab.wait_for_timeout(300)
        expected = sum(1 for kind, _slug in points(built_site) if kind == shown)
        assert 0 < expected < total
        assert tab.evaluate(MARKERS) == expected
        assert tab.locator("#carte-liste li").count() == expected
        assert tab.locator("#carte-etat").inner_text().startswith(f"{expected} lieux")
    assert "position de la commune" in tab.locator("#carte-liste").inner_text()
    assert requests and all(url.startswith("http://127.0.0.1:") for url in requests), requests


def test_autour_de_moi_sorts_the_list_by_distance_in_the_browser(served):
    """The position given by the browser sorts the list; no request carries it anywhere."""
    base, chromium = served
    context = chromium.new_context(viewport={"width": 390, "height": 844}, geolocation={"latitude": 48.7733, "longitude": 2.0739},
                                   permissions=["geolocation"], reduced_motion="reduce")
    tab = context.new_page()
    requests = []
    tab.on("request", lambda request: requests.append(request.url))
    tab.goto(base + MAP)
    tab.wait_for_selector("#carte[data-state=ready]")
    tab.click("#carte-autour")
    tab.wait_for_function("document.getElementById('carte-etat').textContent.includes('plus proche')")
    distances = [float(text.rsplit("à ", 1)[1].split(" km")[0].replace(",", ".")) for text in tab.locator("#carte-liste li .muted").all_inner_texts()]
    context.close()
    assert distances and distances == sorted(distances)
    assert all(url.startswith("http://127.0.0.1:") and "48.77" not in url for url in requests)


# The communes' names (no tiles): on a phone, at the first zoom, none overlaps another; the page opens at
# the place a small map of a record or commune page links to (?commune=slug, ?offre=slug...).

LABEL_BOXES = """() => [...document.querySelectorAll('#carte-plan .map-commune span')].map((span) => {
  const box = span.getBoundingClientRect();
  return [span.textContent, box.left, box.top, box.right, box.bottom];
})"""


def _phone_map(served, query: str = ""):
    base, chromium = served
    context = chromium.new_context(viewport={"width": 390, "height": 844}, reduced_motion="reduce")
    tab = context.new_page()
    tab.goto(base + MAP + query)
    tab.wait_for_selector("#carte[data-state=ready]")
    tab.wait_for_timeout(400)
    return context, tab


def test_on_a_phone_the_names_of_the_communes_do_not_overlap(served, built_site):
    context, tab = _phone_map(served)
    labels = tab.evaluate(LABEL_BOXES)
    context.close()
    communes = json.loads((built_site / MAP / "points.json").read_text("utf-8"))["communes"]
    assert labels, "no commune name is written"
    overlapping = [(a[0], b[0]) for i, a in enumerate(labels) for b in labels[i + 1:]
                   if a[1] < b[3] and b[1] < a[3] and a[2] < b[4] and b[2] < a[4]]
    assert overlapping == []
    # At this zoom the sample's twelve communes do not all have room: the most furnished are written first.
    names = [label[0] for label in labels]
    assert len(names) < len(communes)
    most = max(communes, key=lambda row: (row[4], row[0]))
    assert most[0] in names


def test_a_query_opens_the_map_at_a_commune_or_a_record(served, built_site):
    context, tab = _phone_map(served, "?commune=guyancourt")
    centre = tab.evaluate("() => { const box = document.getElementById('carte-plan').getBoundingClientRect(); return [box.width, box.height]; }")
    labels = {label[0]: label for label in tab.evaluate(LABEL_BOXES)}
    context.close()
    # Zoomed on Guyancourt: its name is written near the middle of the map.
    assert "Guyancourt" in labels
    assert abs((labels["Guyancourt"][1] + labels["Guyancourt"][3]) / 2 - centre[0] / 2) < 60
    record = next(point for point in points(built_site).values() if point["type"] == "offre")
    context, tab = _phone_map(served, f"?offre={record['id']}")
    tab.wait_for_selector(".leaflet-popup-content")
    popup = tab.locator(".leaflet-popup-content").inner_text()
    context.close()
    assert record["title"] in popup
