"""Pelican plugin: Atom feeds of new offers, new needs and new projects.

Newest first, `FEEDS_LIMIT` entries at most, dated from the records
(`publie_le`, `mis_a_jour`); what is no longer current (expired offers and
needs, those of a dissolved organisation) is left out. Links are
absolute when SITEURL is set, else relative to the feed's own address.
Pages point to the feeds with <link rel="alternate"> (see base.html).
"""

from __future__ import annotations

from pelican.generators import Generator

from annuaire.pelican_plugin import DirectoryPlugin
from annuaire.publish.feeds import Entry, atom
from annuaire.publish.output import write_bytes
from annuaire.publish.urls import link
from annuaire.record_types import feed_types
from annuaire.records.lifecycle import is_current, lead_partners
from annuaire.records.schemas import vocabulary
from annuaire.settings import Setting, build_date


def feed_settings(kind) -> tuple[str, str]:
    """Names of a type's feed settings: (URL, SAVE_AS)."""
    return f"FEEDS_{kind.name.upper()}_URL", f"FEEDS_{kind.name.upper()}_SAVE_AS"


SETTINGS = (Setting("FEEDS_LIMIT", 50, "entries of a feed at most, newest first"),) + tuple(
    setting
    for kind in feed_types()
    for setting in (
        Setting(feed_settings(kind)[0], f"flux/{kind.segment}.atom.xml", f"address of the feed « {kind.feed.title} »; empty: no feed"),
        Setting(feed_settings(kind)[1], f"flux/{kind.segment}.atom.xml", "its file"),
    )
)


class FeedsGenerator(Generator):
    def generate_output(self, writer):
        directory = self.context.get("directory")
        if directory is None:
            return
        settings = self.settings
        today = build_date(settings)
        for kind in feed_types():
            url_setting, save_as_setting = feed_settings(kind)
            save_as = settings[save_as_setting]
            if not save_as:
                continue
            records = [record for record in directory.records[kind.name] if is_current(record, today)]
            records.sort(key=lambda r: (r.data.get("publie_le") or r.data["mis_a_jour"], r.data["mis_a_jour"], r.slug), reverse=True)
            entries = [self._entry(record, save_as) for record in records[: settings["FEEDS_LIMIT"]]]
            content = atom(
                key=kind.name,
                title=f"{kind.feed.title} · {settings['SITENAME']}",
                subtitle=kind.feed.subtitle,
                self_href=link(settings["SITEURL"], save_as, settings[url_setting]),
                alternate_href=link(settings["SITEURL"], save_as, settings[kind.setting("LIST_URL")]),
                author=settings["SITENAME"],
                entries=entries,
            )
            write_bytes(self.output_path, save_as, content, "directory_feeds")

    def _entry(self, record, save_as):
        data = record.data
        if record.organisation is not None:
            author = record.organisation.title
        else:
            author = ", ".join(p.organisation.title for p in lead_partners(record.partners, lambda partner: partner.role))
        category = vocabulary(record.kind.schema).get("categorie", {}).get(data.get("categorie", ""), "")
        return Entry(
            key=f"{record.kind.name}/{record.slug}",
            title=record.title,
            href=link(self.settings["SITEURL"], save_as, record.url),
            updated=data["mis_a_jour"],
            published=data.get("publie_le"),
            summary=data["resume"],
            author=author or self.settings["SITENAME"],
            category=category,
        )


def configure(settings):
    """Templates link to the feeds (<link rel="alternate">, the open data page): `site_feeds`."""
    feeds = [(kind.feed.title, settings[feed_settings(kind)[0]]) for kind in feed_types()]
    settings.setdefault("JINJA_GLOBALS", {})["site_feeds"] = [(title, url) for title, url in feeds if url]


PLUGIN = DirectoryPlugin("directory_feeds", SETTINGS, generator=FeedsGenerator, configure=configure)
register = PLUGIN.register
