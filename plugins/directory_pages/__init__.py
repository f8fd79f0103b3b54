"""Pelican plugin: write the directory's pages from `context["directory"]`.

One page per record, theme and commune; a paginated listing per record type
with one filter page per facet value; the themes and communes indexes; the
home page (with the agenda's next events); the contributors' field reference; the share preview image
(`annuaire.publish.share_image`). URLs come from the settings (`OFFER_URL`,
`OFFER_LIST_URL`, `OFFER_FILTER_URL`...).

Templates get `contact_for(record)`, the channels of a record's « Contacter »
button (`annuaire.publish.contacts`), and `absolute_url(path)`, the public
address of a file of the site when SITEURL is set (share previews need
absolute addresses), else an empty string.

Records no longer current (`lifecycle.is_current`: offers and needs past their
`expire_le` on the build date, dissolved organisations and their offers and
needs) keep their page, which says why and is `noindex`, but leave every
listing: type listings, their filters and counts, the home page, and the
lists of organisation, theme and commune pages (the `current` template filter).
Templates tell a dissolved organisation, or a record of one, by the test
`is dissolved`.

The pages are queued, then written together on every core
(`annuaire.publish.page_writer`); with `ANNUAIRE_CACHE_PATH` (set by `make
html`), a page whose inputs are unchanged is taken from the previous site
(`annuaire.publish.page_cache`), and Jinja's compiled templates are kept there.
"""

from __future__ import annotations

import logging
from pathlib import Path
from urllib.parse import urlsplit

from jinja2 import FileSystemBytecodeCache
from pelican.generators import Generator

from annuaire.contribute.field_docs import type_docs
from annuaire.meeting.events import split
from annuaire.pelican_plugin import DirectoryPlugin
from annuaire.publish.contacts import contact_for
from annuaire.publish.facets import ShownValues, facet_values
from annuaire.publish.french_dates import french_date
from annuaire.publish.markup import safe_url
from annuaire.publish.output import write_bytes
from annuaire.publish.page_cache import PageCache
from annuaire.publish.page_writer import PageQueue
from annuaire.publish.share_image import share_card
from annuaire.record_types import BY_NAME, KINDS, LIST_TYPES, RECORD_TYPES
from annuaire.records import schemas
from annuaire.records.lifecycle import current, is_current, is_dissolved
from annuaire.records.model import sort_key
from annuaire.settings import Setting, build_date

logger = logging.getLogger(__name__)

SETTINGS = (
    Setting("PAGES_HOME_SAVE_AS", "index.html", "file of the home page"),
    Setting("PAGES_LATEST_COUNT", 6, "newest offers and needs shown on the home page"),
    Setting("PAGES_NEXT_EVENTS", 3, "next events of the agenda shown on the home page (none: no block)"),
    Setting("PAGES_PER_LISTING", 24, "records a listing page shows before the next page"),
    Setting("PAGES_PER_INDEX", 200, "themes or communes an index page shows before the next page (a region has 1,300 communes)"),
    Setting("PAGES_FACET_SHOWN", 20, "values a listing's filter shows of a facet at most (the most frequent); the others are on its reference list's index"),
    Setting("PAGES_REFERENCE_SHOWN", 6, "records of each type a theme or commune page shows before its link to the whole filtered listing"),
    Setting("PAGES_FIELDS_URL", "contribuer/champs/", "address of the contributors' field reference"),
    Setting("PAGES_FIELDS_SAVE_AS", "contribuer/champs/index.html", "file of the field reference"),
    Setting("PAGES_SHARE_IMAGE_URL", "apercu.png", "address of the share preview (og:image, 1200 × 630 PNG with the site's name, drawn at build time)"),
    Setting("PAGES_SHARE_IMAGE_SAVE_AS", "apercu.png", "its file"),
)


def letter_pages(records, per_page: int) -> list[tuple[str, int]]:
    """(letter, number of the page where its first record is) of an alphabetical listing of several pages:
    its A–Z index. Accents and case set aside (« É » under E); names starting otherwise under « 0-9 »."""
    if len(records) <= per_page or _newest_first(records):
        return []  # one page, or newest first: no alphabet to jump in
    found: dict[str, int] = {}
    for position, record in enumerate(records):
        first = sort_key(record)[0][:1].upper()
        found.setdefault(first if "A" <= first <= "Z" else "0-9", position // per_page + 1)
    return sorted(found.items(), key=lambda item: (item[0] != "0-9", item[0]))


def _newest_first(records) -> bool:
    """Offers and needs (records with a publication date) are listed newest first, the others by name."""
    return bool(records) and "publie_le" in records[0].data


def _listing_order(records):
    """Offers and needs newest first; other types keep their alphabetical order."""
    if _newest_first(records):
        return sorted(records, key=lambda record: record.data["publie_le"], reverse=True)
    return records


class DirectoryPagesGenerator(Generator):
    def generate_output(self, writer):
        cache = PageCache.for_build(self.settings, self.context) if self.settings.get("ANNUAIRE_CACHE_PATH") else None
        self.queue = PageQueue(writer, self.context, self.settings["RELATIVE_URLS"], "directory_pages", cache)
        directory = self.context["directory"]
        today = build_date(self.settings)
        for kind in RECORD_TYPES:
            records = directory.records[kind.name]
            for record in records:
                withdrawn = not is_current(record, today)
                self._write(writer, record.save_as, kind.name, url=record.url, record=record, kind=kind, withdrawn=withdrawn)
            self._write_listing(writer, kind, _listing_order(current(records, today)))
        for kind in LIST_TYPES:
            items = directory.records[kind.name]
            list_url = self.settings[kind.setting("LIST_URL")]
            for item in items:
                self._write(writer, item.save_as, "reference", url=item.url, record=item, kind=kind, list_url=list_url)
            self._write(
                writer, self.settings[kind.setting("LIST_SAVE_AS")], "references", url=list_url, paginated={"items": items}, kind=kind,
                letters=letter_pages(items, self.settings["PAGES_PER_INDEX"]),
            )
        settings = self.settings
        self._write(writer, settings["PAGES_HOME_SAVE_AS"], "home", url="", **self._home(directory))
        self._write(
            writer, settings["PAGES_FIELDS_SAVE_AS"], "fields", url=settings["PAGES_FIELDS_URL"],
            type_docs=type_docs(), reference_kinds={kind.name: kind for kind in KINDS},
        )
        self.queue.write()
        if cache is not None:
            cache.save()
            logger.info("directory_pages: %d pages reprises de la construction précédente, %d écrites", cache.reused, cache.rendered)
        write_bytes(self.output_path, settings["PAGES_SHARE_IMAGE_SAVE_AS"], share_card(settings["SITENAME"]), "directory_pages")

    def _write_listing(self, writer, kind, records):
        labels = schemas.vocabulary(kind.schema)
        today = build_date(self.settings)
        directory = self.context["directory"]
        facets = [(facet, facet_values(records, facet, directory, labels.get(facet.field, {}), today)) for facet in kind.facets]
        for facet, values in facets:
            for value in values:
                value.url = self.settings[kind.setting("FILTER_URL")].format(facet=facet.slug, value=value.value)
        list_url = self.settings[kind.setting("LIST_URL")]
        limit = self.settings["PAGES_FACET_SHOWN"]
        common = {"kind": kind, "all_count": len(records), "list_url": list_url, "reference_kinds": {kind.name: kind for kind in KINDS}}

        # A list of references (communes) is cut, its index holding them all; a closed list is short.
        cuts = [(facet, ShownValues(values, limit) if facet.reference else None, values) for facet, values in facets]

        def shown(selected):
            """(facet, values shown, all its values) of each facet, as the page filtered on `selected` shows them."""
            return [(facet, cut.on(selected) if cut else values, values) for facet, cut, values in cuts]

        per_page = self.settings["PAGES_PER_LISTING"]
        self._write(
            writer, self.settings[kind.setting("LIST_SAVE_AS")], "records", url=list_url,
            paginated={"records": records}, selected=None, facets=shown(None), letters=letter_pages(records, per_page), **common,
        )
        for _facet, values in facets:
            for value in values:
                save_as = self.settings[kind.setting("FILTER_SAVE_AS")].format(facet=value.facet.slug, value=value.value)
                self._write(
                    writer, save_as, "records", url=value.url, paginated={"records": value.records}, selected=value, facets=shown(value),
                    letters=letter_pages(value.records, per_page), **common,
                )

    def _home(self, directory):
        latest = self.settings["PAGES_LATEST_COUNT"]
        today = build_date(self.settings)
        projects = directory.records["project"]
        return {
            "latest_offers": _listing_order(current(directory.records["offer"], today))[:latest],
            "latest_needs": _listing_order(current(directory.records["need"], today))[:latest],
            "featured_projects": [project for project in projects if project.data.get("a_la_une")] or projects[:3],
            # The agenda's events (plugins/directory_agenda) not over on the build date, soonest first.
            "next_events": split(self.context.get("events") or [], today)[0][: self.settings["PAGES_NEXT_EVENTS"]],
            "record_types": RECORD_TYPES,
        }

    def _write(self, writer, save_as, template, url, paginated=None, **variables):
        """Queue a page: they are written together, on every core, at the end of `generate_output`."""
        self.queue.add(save_as, self.get_template(template), template, url, paginated, **variables)


def _site_host(url: str) -> str:
    """A web site's name for a link's text: its host (`https://www.a.example.org/page` → www.a.example.org)."""
    return urlsplit(url).netloc or url


def _label(kind_name, field, value):
    """French label of a closed-list value, e.g. label('offer', 'categorie', 'locaux')."""
    return schemas.vocabulary(BY_NAME[kind_name].schema).get(field, {}).get(value, value)


def configure(settings):
    if settings.get("ANNUAIRE_CACHE_PATH"):  # templates compiled once, kept with the pages' traces
        compiled = Path(settings["ANNUAIRE_CACHE_PATH"]) / "jinja"
        compiled.mkdir(parents=True, exist_ok=True)
        settings["JINJA_ENVIRONMENT"] = {**settings["JINJA_ENVIRONMENT"], "bytecode_cache": FileSystemBytecodeCache(str(compiled))}
    settings.setdefault("PAGINATED_TEMPLATES", {}).setdefault("records", settings["PAGES_PER_LISTING"])
    settings["PAGINATED_TEMPLATES"].setdefault("references", settings["PAGES_PER_INDEX"])

    def filter_url(kind_name, facet, value):
        """URL of a listing's filter page, e.g. filter_url('offer', 'categorie', 'locaux')."""
        return settings[BY_NAME[kind_name].setting("FILTER_URL")].format(facet=facet, value=value)

    def current_records(records):
        """The records still public on the build date: `record.related.offer | current`."""
        return current(list(records), build_date(settings))

    settings.setdefault("JINJA_FILTERS", {}).update(
        {"french_date": french_date, "safe_url": safe_url, "current": current_records, "site_host": _site_host, "listing_order": _listing_order})
    siteurl = settings.get("SITEURL", "").rstrip("/")

    def absolute_url(path: str) -> str:
        """The public address of `path` (relative to the site's root) when SITEURL is set, else ''."""
        return f"{siteurl}/{path}" if siteurl else ""

    settings.setdefault("JINJA_GLOBALS", {}).update(
        {"label": _label, "filter_url": filter_url, "contact_for": contact_for, "absolute_url": absolute_url})
    settings.setdefault("JINJA_TESTS", {}).update({"dissolved": is_dissolved})


PLUGIN = DirectoryPlugin("directory_pages", SETTINGS, generator=DirectoryPagesGenerator, configure=configure)
register = PLUGIN.register
