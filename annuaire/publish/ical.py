"""iCalendar files (RFC 5545) of the agenda's events, written by hand: small and exact.

Lines end with CRLF and are folded at 75 octets without cutting a UTF-8
character; text values escape backslashes, semicolons, commas and newlines.
Times are written in UTC. DTSTAMP comes from the article (its publication or
modification date), never from the clock, and UIDs from the article's slug:
the same agenda gives the same bytes, and calendars recognise updated events.
"""

from __future__ import annotations

import datetime

from annuaire.meeting.events import Event

CRLF = "\r\n"
MAX_OCTETS = 75


def escape(text: str) -> str:
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """A content line folded into chunks of at most 75 octets, continuation lines starting with a space."""
    chunks, current, size = [], "", 0
    limit = MAX_OCTETS
    for char in line:
        octets = len(char.encode("utf-8"))
        if size + octets > limit:
            chunks.append(current)
            current, size, limit = " ", 1, MAX_OCTETS
        current += char
        size += octets
    chunks.append(current)
    return CRLF.join(chunks)


def _utc(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def _date(day: datetime.date) -> str:
    return day.strftime("%Y%m%d")


def event_lines(event: Event, uid_domain: str, url: str | None) -> list[str]:
    lines = [
        "BEGIN:VEVENT",
        f"UID:{escape(f'evenement-{event.slug}@{uid_domain}')}",
        f"DTSTAMP:{_utc(event.stamp)}",
    ]
    if event.all_day:
        # DTEND of a whole-day event is the day after the last one (RFC 5545, 3.6.1)
        lines.append(f"DTSTART;VALUE=DATE:{_date(event.start)}")
        lines.append(f"DTEND;VALUE=DATE:{_date(event.last_day + datetime.timedelta(days=1))}")
    else:
        lines.append(f"DTSTART:{_utc(event.start)}")
        if event.end is not None:
            lines.append(f"DTEND:{_utc(event.end)}")
    lines.append(f"SUMMARY:{escape(event.title)}")
    if event.location:
        lines.append(f"LOCATION:{escape(event.location)}")
    description = event.description
    if event.organisers:
        description += ("\n\n" if description else "") + "Organisé par : " + ", ".join(o.title for o in event.organisers)
    if url:
        description += ("\n\n" if description else "") + url
    if description:
        lines.append(f"DESCRIPTION:{escape(description)}")
    if url:
        lines.append(f"URL:{url}")
    lines.append("END:VEVENT")
    return lines


def calendar(events: list[Event], *, name: str, product: str, uid_domain: str, urls: dict[str, str] | None = None) -> bytes:
    """A VCALENDAR of `events`; `urls` gives each event's absolute page address, by slug, when known."""
    urls = urls or {}
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{escape(product)}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"NAME:{escape(name)}",
        f"X-WR-CALNAME:{escape(name)}",
    ]
    for event in sorted(events, key=lambda e: (e.first_day, e.slug)):
        lines += event_lines(event, uid_domain, urls.get(event.slug))
    lines.append("END:VCALENDAR")
    return (CRLF.join(fold(line) for line in lines) + CRLF).encode("utf-8")
