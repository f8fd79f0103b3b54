"""Pelican plugin: load and validate `data/`, publish the linked directory in the context.

It writes nothing. Any problem in the data stops the build (`InvalidDirectory`,
which Pelican reports and turns into a failing exit code) before a page is written.
Other plugins read `context["directory"]` in their output phase.
"""

from __future__ import annotations

import datetime
import logging
from pathlib import Path

from pelican import signals
from pelican.generators import Generator

from annuaire.records.loader import load_directory
from annuaire.publish.markup import render_markdown
from annuaire.settings import apply_defaults

logger = logging.getLogger(__name__)


class DirectoryRecordsGenerator(Generator):
    def generate_context(self):
        settings = self.settings
        data_path = Path(settings["ANNUAIRE_DATA_PATH"])
        today = settings["ANNUAIRE_TODAY"]
        directory = load_directory(data_path, datetime.date.fromisoformat(today) if today else None)
        for items in directory.records.values():
            for record in items:
                prefix = record.kind.name.upper()
                record.url = settings[f"{prefix}_URL"].format(slug=record.slug)
                record.save_as = settings[f"{prefix}_SAVE_AS"].format(slug=record.slug)
                record.description_html = render_markdown(record.data.get("description", ""))
        self.context["directory"] = directory
        counts = ", ".join(f"{len(items)} {name}" for name, items in directory.records.items())
        logger.info("directory_records: %s chargés depuis %s", counts, data_path)


def initialized(pelican):
    apply_defaults(pelican.settings)


def get_generators(pelican):
    return DirectoryRecordsGenerator


def register():
    signals.initialized.connect(initialized)
    signals.get_generators.connect(get_generators)
