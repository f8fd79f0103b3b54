"""Pelican plugin: load and validate `data/`, publish the linked directory in the context.

It writes nothing. Any problem in the data stops the build (`InvalidDirectory`,
which Pelican reports and turns into a failing exit code) before a page is written.
Other plugins read `context["directory"]` in their output phase.
"""

from __future__ import annotations

import logging
from pathlib import Path

from pelican.generators import Generator

from annuaire.pelican_plugin import DirectoryPlugin
from annuaire.publish.markup import render_markdown
from annuaire.records.loader import load_directory
from annuaire.settings import build_date

logger = logging.getLogger(__name__)


class DirectoryRecordsGenerator(Generator):
    def generate_context(self):
        settings = self.settings
        data_path = Path(settings["ANNUAIRE_DATA_PATH"])
        directory = load_directory(data_path, build_date(settings))
        for items in directory.records.values():
            for record in items:
                record.url = settings[record.kind.setting("URL")].format(slug=record.slug)
                record.save_as = settings[record.kind.setting("SAVE_AS")].format(slug=record.slug)
                record.description_html = render_markdown(record.data.get("description", ""))
        self.context["directory"] = directory
        counts = ", ".join(f"{len(items)} {name}" for name, items in directory.records.items())
        logger.info("directory_records: %s chargés depuis %s", counts, data_path)


PLUGIN = DirectoryPlugin("directory_records", generator=DirectoryRecordsGenerator)
register = PLUGIN.register
