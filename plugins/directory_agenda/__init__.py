"""Pelican plugin: the agenda. Articles with a `Start` metadata are events.

Before any page is written, every article's event metadata is read and
checked (`annuaire.meeting.events`): an unknown organiser or a malformed date stops
the build with `file:line: field: message` problems, in French. Each event is
attached to its article (`article.event`, shown by the article template) and
listed in `context["events"]`.

In its output phase, the plugin writes the agenda page (`AGENDA_URL`:
upcoming events, then past ones, relative to the build date, the setting
`ANNUAIRE_TODAY` or else the day of the build), one iCalendar file per event
(`AGENDA_EVENT_ICS_SAVE_AS`) and one for the whole agenda (`AGENDA_ICS_SAVE_AS`).
"""

from __future__ import annotations

import logging
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from markupsafe import Markup
from pelican.generators import Generator

from annuaire.meeting.events import read_event, split
from annuaire.pelican_plugin import DirectoryPlugin
from annuaire.problems import InvalidDirectory, display_path
from annuaire.publish import ical
from annuaire.publish.output import write_bytes
from annuaire.publish.urls import absolute
from annuaire.settings import Setting, build_date

logger = logging.getLogger(__name__)

SETTINGS = (
    Setting("AGENDA_URL", "agenda/", "address of the agenda page"),
    Setting("AGENDA_SAVE_AS", "agenda/index.html", "file of the agenda page"),
    Setting("AGENDA_ICS_URL", "agenda/agenda.ics", "address of the whole agenda as iCalendar"),
    Setting("AGENDA_ICS_SAVE_AS", "agenda/agenda.ics", "its file"),
    Setting("AGENDA_EVENT_ICS_URL", "agenda/evenements/{slug}.ics", "address of one event as iCalendar"),
    Setting("AGENDA_EVENT_ICS_SAVE_AS", "agenda/evenements/{slug}.ics", "its file"),
    Setting("AGENDA_UID_DOMAIN", None, "right part of iCalendar UIDs; None: the host of SITEURL, else annuaire.invalid"),
)


class AgendaGenerator(Generator):
    def generate_output(self, writer):
        events = self.context.get("events")
        if events is None:
            return
        settings = self.settings
        upcoming, past = split(events, build_date(settings))
        writer.write_file(
            settings["AGENDA_SAVE_AS"],
            self.get_template("agenda"),
            self.context,
            relative_urls=settings["RELATIVE_URLS"],
            template_name="agenda",
            url=settings["AGENDA_URL"],
            upcoming=upcoming,
            past=past,
        )
        options = {
            "product": f"-//{settings['SITENAME']}//Agenda//FR",
            "uid_domain": settings["AGENDA_UID_DOMAIN"] or urlsplit(settings["SITEURL"]).hostname or "annuaire.invalid",
            "urls": {event.slug: absolute(settings["SITEURL"], event.url) for event in events if settings["SITEURL"]},
        }
        for event in events:
            content = ical.calendar([event], name=event.title, **options)
            write_bytes(self.output_path, settings["AGENDA_EVENT_ICS_SAVE_AS"].format(slug=event.slug), content, "directory_agenda")
        content = ical.calendar(events, name=f"Agenda · {settings['SITENAME']}", **options)
        write_bytes(self.output_path, settings["AGENDA_ICS_SAVE_AS"], content, "directory_agenda")


def read_events(context, settings):
    directory = context.get("directory")
    if directory is None:
        return
    organisations = {record.slug: record for record in directory.records["organisation"]}
    zone = ZoneInfo(settings.get("TIMEZONE") or "UTC")
    events, problems = [], []
    for article in sorted(context.get("articles", []), key=lambda article: article.source_path):
        source = Path(article.source_path)
        stamp = getattr(article, "modified", None) or article.date
        event, found = read_event(
            article.metadata,
            slug=article.slug,
            title=Markup(article.title).striptags(),
            url=article.url,
            description=Markup(article.summary).striptags(),
            stamp=stamp if stamp.tzinfo else stamp.replace(tzinfo=zone),
            source=display_path(source),
            source_text=source.read_text("utf-8"),
            organisations=organisations,
            zone=zone,
        )
        problems += found
        if event is not None:
            event.ics_url = settings["AGENDA_EVENT_ICS_URL"].format(slug=event.slug)
            event.article = article
            article.event = event
            events.append(event)
    if problems:
        raise InvalidDirectory(problems)
    context["events"] = sorted(events, key=lambda event: (event.first_day, event.slug))
    logger.info("directory_agenda: %d événement(s)", len(events))


PLUGIN = DirectoryPlugin("directory_agenda", SETTINGS, generator=AgendaGenerator, finalized=read_events)
register = PLUGIN.register
