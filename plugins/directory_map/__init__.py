"""Pelican plugin: the map of organisations, offers and needs, at `MAP_URL` (carte/).

In its output phase it writes, into that folder:

- `points.json`, the places of the current records (`lifecycle.is_current`): one array per
  point, in the order of `FIELDS` (identifier, type, title, page, latitude, longitude and where
  the position comes from, `geo.place`'s `source`), and the centres of their communes (labels
  of the map when it has no background tiles): name, latitude, longitude, identifier, number of points;
- `carte.js`, the page's script (beside this file), which reads it;
- `vendor/`, Leaflet and Leaflet.markercluster copied from node_modules (npm packages
  `leaflet` and `leaflet.markercluster`, pinned in package.json; never committed);
- the page itself, whose list of the points shown is the way to the records by keyboard and
  screen reader, and whose text says how else to browse without JavaScript.

It also publishes `context["mini_maps"]` (`annuaire.publish.mini_map.MiniMaps`, its grid of communes made
once per build) before any page is written: the small SVG map of record, commune and theme pages
(theme/templates/_mini_map.html), whose « Voir sur la carte » opens this page at the record or the
commune (`?organisation=slug`, `?offre=slug`, `?besoin=slug`, `?commune=slug`, read by carte.js).

By default the map has no background tiles: markers over a neutral background with the
communes' names, and no request to another host. `MAP_TILES_URL` (a Leaflet URL template)
and `MAP_TILES_ATTRIBUTION` give it a tile layer, for a site owner who accepts one.
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

from pelican.generators import Generator

from annuaire.meeting.geo import place
from annuaire.pelican_plugin import DirectoryPlugin
from annuaire.publish.mini_map import MiniMaps
from annuaire.publish.output import compact_json, write_bytes
from annuaire.records.lifecycle import is_current
from annuaire.records.model import sort_key
from annuaire.settings import Setting, build_date, node_modules

logger = logging.getLogger(__name__)

NAME = "directory_map"
SETTINGS = (
    Setting("MAP_URL", "carte/", "address of the map page (its data and scripts go in the same folder); empty: no map"),
    Setting("MAP_SAVE_AS", "carte/index.html", "file of the map page"),
    Setting("MAP_TILES_URL", None, "background tiles of the map, a Leaflet URL template ({z}/{x}/{y}); None: no tiles, no request to another host"),
    Setting("MAP_TILES_ATTRIBUTION", None, "the tiles' credit shown on the map (text), e.g. '© les contributeurs d’OpenStreetMap'"),
)
# The types on the map and their names in points.json: records that are in one place (one commune).
TYPES = {"organisation": "organisation", "offer": "offre", "need": "besoin"}
FIELDS = ("id", "type", "title", "url", "lat", "lon", "source")
DATA = "points.json"
SCRIPT = Path(__file__).with_name("carte.js")
# Third-party browser files: {source under node_modules: target under <MAP_URL>vendor/}.
VENDOR_FILES = {
    "leaflet/dist/leaflet.js": "leaflet/leaflet.js",
    "leaflet/dist/leaflet.css": "leaflet/leaflet.css",
    "leaflet/LICENSE": "leaflet/LICENSE.txt",
    "leaflet.markercluster/dist/leaflet.markercluster.js": "leaflet.markercluster/leaflet.markercluster.js",
    "leaflet.markercluster/dist/MarkerCluster.css": "leaflet.markercluster/MarkerCluster.css",
    "leaflet.markercluster/dist/MarkerCluster.Default.css": "leaflet.markercluster/MarkerCluster.Default.css",
    "leaflet.markercluster/MIT-LICENCE.txt": "leaflet.markercluster/LICENSE.txt",
}
LEAFLET_IMAGES = "leaflet/dist/images"  # what leaflet.css's url() point to


class MissingLeaflet(Exception):
    exitcode = 1


def vendor_files(folder: Path) -> dict[str, Path]:
    """{path under vendor/: source} for Leaflet, its images and Leaflet.markercluster, from `folder` (node_modules)."""
    files = {target: folder / source for source, target in VENDOR_FILES.items()}
    images = folder / LEAFLET_IMAGES
    if images.is_dir():
        files.update({f"leaflet/images/{path.name}": path for path in sorted(images.iterdir()) if path.is_file()})
    missing = [str(path) for path in files.values() if not path.is_file()]
    if missing:
        raise MissingLeaflet(f"{NAME} : fichiers introuvables ({', '.join(missing)}) ; installez les paquets npm avec « make setup » (npm ci)")
    return files


def points(directory, today) -> tuple[list[list], list[list]]:
    """([id, type, title, url, lat, lon, source] of every current record that can be placed,
    [name, lat, lon, id, number of points] of their communes)."""
    found, communes = [], {}
    for kind, label in TYPES.items():
        for record in sorted((r for r in directory.records[kind] if is_current(r, today)), key=sort_key):
            where = place(record)
            if where is None:
                continue
            found.append([record.slug, label, record.title, record.url, round(where.lat, 5), round(where.lon, 5), where.source])
            if where.commune is not None and where.commune.data.get("coordonnees"):
                centre = where.commune.data["coordonnees"]
                row = communes.setdefault(where.commune.slug, [where.commune.title, round(centre["lat"], 5), round(centre["lon"], 5), where.commune.slug, 0])
                row[4] += 1
    return found, [communes[slug] for slug in sorted(communes)]


def data_file(found: list[list], communes: list[list]) -> bytes:
    return compact_json({"fields": list(FIELDS), "points": found, "communes": communes})


class DirectoryMapGenerator(Generator):
    def generate_output(self, writer):
        settings = self.settings
        folder = settings["MAP_URL"]
        directory = self.context.get("directory")
        if not folder or directory is None:
            return
        found, communes = points(directory, build_date(settings))
        write_bytes(self.output_path, f"{folder}{DATA}", data_file(found, communes), NAME)
        write_bytes(self.output_path, f"{folder}carte.js", SCRIPT.read_bytes(), NAME)
        output = Path(self.output_path) / folder / "vendor"
        for target, source in vendor_files(node_modules(settings)).items():
            (output / target).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, output / target)
        counts = {label: sum(1 for point in found if point[1] == label) for label in TYPES.values()}
        writer.write_file(
            settings["MAP_SAVE_AS"],
            self.get_template("map"),
            self.context,
            relative_urls=settings["RELATIVE_URLS"],
            template_name="map",
            url=folder,
            map_counts=counts,
            map_total=len(found),
        )
        logger.info("%s: carte de %d lieux écrite dans %s", NAME, len(found), folder)


def add_mini_maps(context, settings):
    directory = context.get("directory")
    if directory is not None:
        context["mini_maps"] = MiniMaps(directory, build_date(settings))


PLUGIN = DirectoryPlugin(NAME, SETTINGS, generator=DirectoryMapGenerator, finalized=add_mini_maps)
register = PLUGIN.register
