"""Pelican plugin: the directory as open data.

In its output phase it writes, in the `OPENDATA_SAVE_AS` folder: JSON and
CSV of every record type and reference list, the partnerships of projects,
a GeoJSON of the places, the JSON Schemas of the JSON files and a
Frictionless `datapackage.json` (see `annuaire.publish.exports`). The licence is the
setting `OPENDATA_LICENSE`.

It also gives templates `json_ld(record, SITEURL)`: the schema.org
description of a record (`annuaire.publish.jsonld`), safe inside a <script> element,
and publishes `context["opendata"]` (licence and files) for the « Données
ouvertes » page, before any page is written.
"""

from __future__ import annotations

import posixpath

from markupsafe import Markup
from pelican.generators import Generator

from annuaire.pelican_plugin import DirectoryPlugin
from annuaire.publish import exports
from annuaire.publish.jsonld import describe, script_json
from annuaire.publish.output import write_bytes
from annuaire.publish.urls import link
from annuaire.settings import Setting, build_date

NAME = "directory_opendata"
SETTINGS = (
    Setting("OPENDATA_URL", "donnees/", "address of the folder of the exports: JSON, CSV, GeoJSON, datapackage.json"),
    Setting("OPENDATA_SAVE_AS", "donnees/", "that folder in the output"),
    Setting("OPENDATA_LICENSE", exports.ETALAB, "licence of the data, a Frictionless `licenses` entry; also documented: exports.ODBL"),
)


def json_ld_for(settings: dict):
    """The template global `json_ld(record, SITEURL)` of a build (its date hides expired records)."""
    today = build_date(settings)

    def json_ld(record, siteurl: str) -> Markup:
        """JSON with <, > and & escaped as \\u003c...: it cannot end the <script> element."""
        return Markup(script_json(describe(record, lambda target: f"{siteurl}/{target.url}", today)))

    return json_ld


class OpenDataGenerator(Generator):
    def generate_output(self, writer):
        directory = self.context.get("directory")
        if directory is None:
            return
        settings = self.settings
        folder = settings["OPENDATA_SAVE_AS"]
        siteurl = settings["SITEURL"]
        today = build_date(settings)
        # Record addresses as seen from the site's root (relative) or absolute.
        files = exports.files(directory, today, lambda record: link(siteurl, "index.html", record.url))
        descriptor = exports.datapackage(
            files,
            name="annuaire-cooperation",
            title=settings["SITENAME"],
            description=settings.get("SITESUBTITLE", ""),
            license=settings["OPENDATA_LICENSE"],
            homepage=f"{siteurl}/" if siteurl else "",
        )
        files["datapackage.json"] = exports.to_json(descriptor)
        for name, content in sorted(files.items()):
            write_bytes(self.output_path, posixpath.join(folder, name), content, NAME)


def configure(settings):
    settings.setdefault("JINJA_GLOBALS", {})["json_ld"] = json_ld_for(settings)


def describe_files(context, settings):
    """The « Données ouvertes » page's list of files, before any page is written."""
    base = settings["OPENDATA_URL"]
    tables = [(table.title, table.name) for table in exports.tables()]
    tables.append(("Partenaires des projets et leurs rôles", exports.PARTNERSHIPS))
    context["opendata"] = {
        "license": settings["OPENDATA_LICENSE"],
        "tables": [
            {"title": title, "csv": f"{base}{name}.csv", "json": f"{base}{name}.json",
             "schema": f"{base}schemas/{name}.schema.json" if name != exports.PARTNERSHIPS else None}
            for title, name in tables
        ],
        "places": f"{base}{exports.PLACES}.geojson",
        "datapackage": f"{base}datapackage.json",
    }


PLUGIN = DirectoryPlugin(NAME, SETTINGS, generator=OpenDataGenerator, finalized=describe_files, configure=configure)
register = PLUGIN.register
