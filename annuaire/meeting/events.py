"""Events of the agenda: news articles that also say when, where and who organises.

An article becomes an event with a `Start` metadata; `End`, `Location` and
`Organisers` (identifiers of organisations, separated by commas) are optional:

    Start: 2027-03-18 18:30
    End: 2027-03-18 21:00
    Location: Ressourcerie des Étangs, 14 rue des Frênes, Trappes
    Organisers: ressourcerie-des-etangs, fondation-horizons-partages

Dates are `AAAA-MM-JJ` (a whole day) or `AAAA-MM-JJ HH:MM` (local time of the
site's TIMEZONE). Mistakes are reported as `file:line: field: message`, in French.
"""

from __future__ import annotations

import datetime
import difflib
import re
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from annuaire.problems import Problem
from annuaire.records.model import Record

FIELDS = ("start", "end", "location", "organisers")
_WHEN = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}:\d{2})(?::\d{2})?)?$")


@dataclass
class Event:
    slug: str
    title: str
    url: str
    start: datetime.date | datetime.datetime  # a datetime is aware, in the site's time zone
    end: datetime.date | datetime.datetime | None
    location: str
    organisers: list[Record]
    description: str  # plain text
    stamp: datetime.datetime  # aware: when the article was published or last modified
    source: str
    ics_url: str = ""
    article: object = field(default=None, repr=False)

    @property
    def all_day(self) -> bool:
        return not isinstance(self.start, datetime.datetime)

    @property
    def first_day(self) -> datetime.date:
        return _day(self.start)

    @property
    def last_day(self) -> datetime.date:
        return _day(self.end) if self.end is not None else self.first_day


def _day(value) -> datetime.date:
    return value.date() if isinstance(value, datetime.datetime) else value


def parse_when(text: str, zone: ZoneInfo) -> datetime.date | datetime.datetime | None:
    """`2027-03-18` → a date; `2027-03-18 18:30` → an aware datetime; anything else → None."""
    found = _WHEN.match(str(text).strip())
    if not found:
        return None
    try:
        day = datetime.date.fromisoformat(found.group(1))
        if not found.group(2):
            return day
        hour, minute = (int(part) for part in found.group(2).split(":"))
        return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=zone)
    except ValueError:
        return None


def metadata_line(source_text: str, name: str) -> int:
    """Line of a metadata field in a Markdown source (0 if not found)."""
    pattern = re.compile(rf"^\s*{re.escape(name)}\s*:", re.IGNORECASE)
    for number, line in enumerate(source_text.splitlines(), start=1):
        if not line.strip():
            break  # metadata end at the first blank line
        if pattern.match(line):
            return number
    return 0


def read_event(
    metadata: dict,
    *,
    slug: str,
    title: str,
    url: str,
    description: str,
    stamp: datetime.datetime,
    source: str,
    source_text: str,
    organisations: dict[str, Record],
    zone: ZoneInfo,
) -> tuple[Event | None, list[Problem]]:
    """The event an article announces (None if it is no event), and the mistakes found."""
    present = {name for name in FIELDS if metadata.get(name) not in (None, "")}
    if not present:
        return None, []

    def problem(name, message):
        return Problem(source, metadata_line(source_text, name), name.capitalize(), message)

    problems = []
    if "start" not in present:
        return None, [problem(sorted(present)[0], "un événement a besoin d'une date de début : ajoutez « Start: AAAA-MM-JJ HH:MM »")]
    start = parse_when(metadata["start"], zone)
    if start is None:
        problems.append(problem("start", f"date invalide « {metadata['start']} » : attendu AAAA-MM-JJ ou AAAA-MM-JJ HH:MM"))
    end = None
    if "end" in present:
        end = parse_when(metadata["end"], zone)
        if end is None:
            problems.append(problem("end", f"date invalide « {metadata['end']} » : attendu AAAA-MM-JJ ou AAAA-MM-JJ HH:MM"))
        elif start is not None and isinstance(start, datetime.datetime) != isinstance(end, datetime.datetime):
            problems.append(problem("end", "le début et la fin doivent être tous deux des jours, ou tous deux des jours avec une heure"))
            end = None
        elif start is not None and end < start:
            problems.append(problem("end", f"la fin précède le début ({metadata['end']} < {metadata['start']})"))
    organisers = []
    raw = metadata.get("organisers") or ""
    names = raw if isinstance(raw, list) else str(raw).split(",")
    for name in (name.strip() for name in names):
        if not name:
            continue
        if name in organisations:
            organisers.append(organisations[name])
            continue
        close = difflib.get_close_matches(name, sorted(organisations), n=1, cutoff=0.6)
        hint = f" ; vouliez-vous dire « {close[0]} » ?" if close else ""
        problems.append(problem("organisers", f"organisation inconnue « {name} »{hint}"))
    if problems:
        return None, problems
    return Event(slug, title, url, start, end, str(metadata.get("location") or "").strip(), organisers, description, stamp, source), []


def split(events: list[Event], today: datetime.date) -> tuple[list[Event], list[Event]]:
    """Upcoming events (those not over on `today`), soonest first; past events, latest first."""
    upcoming = sorted((e for e in events if e.last_day >= today), key=lambda e: (e.first_day, _time(e), e.slug))
    past = sorted((e for e in events if e.last_day < today), key=lambda e: (e.first_day, _time(e), e.slug), reverse=True)
    return upcoming, past


def _time(event: Event) -> str:
    return event.start.strftime("%H:%M") if isinstance(event.start, datetime.datetime) else ""
