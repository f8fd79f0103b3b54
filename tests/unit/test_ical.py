"""iCalendar files: RFC 5545 lines, checked by an independent parser (icalendar)."""

import datetime
from zoneinfo import ZoneInfo

import icalendar

from annuaire.meeting.events import Event
from annuaire.publish.ical import calendar, escape, fold
from annuaire.record_types import BY_NAME
from annuaire.records.model import Record

PARIS = ZoneInfo("Europe/Paris")


def event(slug="rencontre", **changes):
    values = dict(
        slug=slug, title="Rencontre ; coopération, « speed dating »", url=f"actualites/{slug}/",
        start=datetime.datetime(2027, 3, 18, 18, 30, tzinfo=PARIS), end=datetime.datetime(2027, 3, 18, 21, 0, tzinfo=PARIS),
        location="Ressourcerie, 14 rue des Frênes, Trappes",
        organisers=[Record(BY_NAME["organisation"], "asso", {"nom": "Asso \\ verte"}, "")],
        description="Première ligne.\nDeuxième ligne, plus longue : " + "é" * 80,
        stamp=datetime.datetime(2026, 11, 26, 10, 0, tzinfo=PARIS), source="x.md",
    )
    values.update(changes)
    return Event(**values)


def test_text_escaping():
    assert escape("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"


def test_lines_fold_at_75_octets_without_cutting_a_character():
    line = "DESCRIPTION:" + "é" * 100
    folded = fold(line)
    parts = folded.split("\r\n")
    assert all(len(part.encode("utf-8")) <= 75 for part in parts)
    assert all(part.startswith(" ") for part in parts[1:])
    assert "".join([parts[0]] + [part[1:] for part in parts[1:]]) == line


def test_calendar_round_trips_through_an_independent_parser():
    content = calendar([event(), event("journee", start=datetime.date(2027, 5, 1), end=datetime.date(2027, 5, 2))],
                       name="Agenda", product="-//Annuaire//FR", uid_domain="example.org",
                       urls={"rencontre": "https://example.org/actualites/rencontre/"})
    text = content.decode("utf-8")
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    assert all(len(line.encode("utf-8")) <= 75 for line in text.split("\r\n"))
    parsed = icalendar.Calendar.from_ical(content)
    events = {str(e["UID"]): e for e in parsed.walk("VEVENT")}
    timed = events["evenement-rencontre@example.org"]
    assert str(timed["SUMMARY"]) == "Rencontre ; coopération, « speed dating »"
    assert str(timed["LOCATION"]) == "Ressourcerie, 14 rue des Frênes, Trappes"
    assert timed.decoded("DTSTART") == datetime.datetime(2027, 3, 18, 17, 30, tzinfo=datetime.UTC)
    assert timed.decoded("DTEND") == datetime.datetime(2027, 3, 18, 20, 0, tzinfo=datetime.UTC)
    assert timed.decoded("DTSTAMP") == datetime.datetime(2026, 11, 26, 9, 0, tzinfo=datetime.UTC)
    description = str(timed["DESCRIPTION"])
    assert description.startswith("Première ligne.\nDeuxième ligne") and "Organisé par : Asso \\ verte" in description
    assert str(timed["URL"]) == "https://example.org/actualites/rencontre/"
    whole_days = events["evenement-journee@example.org"]
    assert whole_days.decoded("DTSTART") == datetime.date(2027, 5, 1)
    assert whole_days.decoded("DTEND") == datetime.date(2027, 5, 3)  # the day after the last one
    assert "URL" not in whole_days  # no absolute address known


def test_same_events_same_bytes():
    options = dict(name="Agenda", product="-//Annuaire//FR", uid_domain="example.org")
    assert calendar([event("b"), event("a")], **options) == calendar([event("a"), event("b")], **options)
