"""Pelican plugin: Atom feeds of new offers, new needs and new projects.

Newest first, `ANNUAIRE_FEED_LIMIT` entries at most, dated from the records
(`publie_le`, `mis_a_jour`); expired offers and needs are left out. Links are
absolute when SITEURL is set, else relative to the feed's own address.
Pages point to the feeds with <link rel="alternate"> (see base.html).
"""

from __future__ import annotations

from pelican import signals
from pelican.generators import Generator

from annuaire.publish.feeds import Entry, atom
from annuaire.publish.output import write_bytes
from annuaire.records.lifecycle import is_current
from annuaire.records.schemas import vocabulary
from annuaire.settings import apply_defaults, build_date
from annuaire.publish.urls import link

FEEDS = (
    ("offer", "Nouvelles offres", "Les ressources que les organisations proposent de partager."),
    ("need", "Nouveaux besoins", "Les ressources que les organisations cherchent."),
    ("project", "Nouveaux projets", "Les projets de coopération, du plus récemment mis à jour au plus ancien."),
)


class FeedsGenerator(Generator):
    def generate_output(self, writer):
        directory = self.context.get("directory")
        if directory is None:
            return
        settings = self.settings
        today = build_date(settings)
        for kind, title, subtitle in FEEDS:
            prefix = kind.upper()
            save_as = settings[f"{prefix}_FEED_SAVE_AS"]
            if not save_as:
                continue
            records = [record for record in directory.records[kind] if is_current(record, today)]
            records.sort(key=lambda r: (r.data.get("publie_le") or r.data["mis_a_jour"], r.data["mis_a_jour"], r.slug), reverse=True)
            entries = [self._entry(record, save_as) for record in records[: settings["ANNUAIRE_FEED_LIMIT"]]]
            content = atom(
                key=kind,
                title=f"{title} · {settings['SITENAME']}",
                subtitle=subtitle,
                self_href=link(settings["SITEURL"], save_as, settings[f"{prefix}_FEED_URL"]),
                alternate_href=link(settings["SITEURL"], save_as, settings[f"{prefix}_LIST_URL"]),
                author=settings["SITENAME"],
                entries=entries,
            )
            write_bytes(self.output_path, save_as, content, "directory_feeds")

    def _entry(self, record, save_as):
        data = record.data
        if record.organisation is not None:
            author = record.organisation.title
        else:
            carriers = [p.organisation.title for p in record.partners if p.role == "porteur"] or [p.organisation.title for p in record.partners[:1]]
            author = ", ".join(carriers)
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


def initialized(pelican):
    apply_defaults(pelican.settings)


def get_generators(pelican):
    return FeedsGenerator


def register():
    signals.initialized.connect(initialized)
    signals.get_generators.connect(get_generators)
