"""Pelican plugin: load and validate `data/`, publish the linked directory in the context.

It writes nothing. Any problem in the data stops the build (`InvalidDirectory`,
which Pelican reports and turns into a failing exit code) before a page is written.
Other plugins read `context["directory"]` in their output phase. The data are read and the
descriptions rendered on every core (`annuaire.workers`, JOBS); the result does not depend on it.
"""

from __future__ import annotations

import logging
from pathlib import Path

from pelican.generators import Generator

from annuaire.pelican_plugin import DirectoryPlugin
from annuaire.publish.markup import render_markdown
from annuaire.records.loader import load_directory
from annuaire.records.source_cache import SourceCache
from annuaire.settings import build_date
from annuaire.workers import fork_map

logger = logging.getLogger(__name__)

# Below this many records the descriptions are rendered in this process: starting the workers (some
# 20 ms) costs more than it saves (a description takes about 0.2 ms). Measured with two workers: slower
# at 100 descriptions, even at 200 to 300.
PARALLEL_FROM = 400


class DirectoryRecordsGenerator(Generator):
    def generate_context(self):
        settings = self.settings
        data_path = Path(settings["ANNUAIRE_DATA_PATH"])
        cache = SourceCache(Path(settings["ANNUAIRE_CACHE_PATH"])) if settings.get("ANNUAIRE_CACHE_PATH") else None
        directory = load_directory(data_path, build_date(settings), cache=cache)
        records = [record for items in directory.records.values() for record in items]
        for record, html in zip(records, render_descriptions([record.data.get("description", "") for record in records]), strict=True):
            record.url = settings[record.kind.setting("URL")].format(slug=record.slug)
            record.save_as = settings[record.kind.setting("SAVE_AS")].format(slug=record.slug)
            record.description_html = html
        self.context["directory"] = directory
        counts = ", ".join(f"{len(items)} {name}" for name, items in directory.records.items())
        logger.info("directory_records: %s chargés depuis %s", counts, data_path)


def render_descriptions(texts: list[str], jobs: int | None = None) -> list[str]:
    """`render_markdown` of each text, in order; by forked workers (`jobs`, default JOBS) from PARALLEL_FROM texts on."""
    return fork_map(render_markdown, texts, jobs, min_items=PARALLEL_FROM)


PLUGIN = DirectoryPlugin("directory_records", generator=DirectoryRecordsGenerator)
register = PLUGIN.register
