"""Events: reading their metadata, reporting mistakes, upcoming and past."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from annuaire.meeting.events import metadata_line, parse_when, read_event, split
from annuaire.record_types import BY_NAME
from annuaire.records.model import Record

PARIS = ZoneInfo("Europe/Paris")
SOURCE = """Title: Rencontre
Date: 2026-11-01
Start: 2027-03-18 18:30
End: 2027-03-18 21:00
Location: Salle des fêtes
Organisers: asso-verte, asso-inconue

Texte.
"""
ORGANISATIONS = {slug: Record(BY_NAME["organisation"], slug, {"nom": slug}, "") for slug in ("asso-verte", "asso-inconnue", "mairie")}


def read(metadata, text=SOURCE):
    return read_event(
        metadata, slug="rencontre", title="Rencontre", url="actualites/rencontre/", description="Résumé.",
        stamp=datetime.datetime(2026, 11, 1, tzinfo=PARIS), source="content/articles/rencontre.md",
        source_text=text, organisations=ORGANISATIONS, zone=PARIS,
    )


def test_dates_are_days_or_local_times():
    assert parse_when("2027-03-18", PARIS) == datetime.date(2027, 3, 18)
    moment = parse_when("2027-03-18 18:30", PARIS)
    assert moment == datetime.datetime(2027, 3, 18, 18, 30, tzinfo=PARIS) and moment.utcoffset() == datetime.timedelta(hours=1)
    assert parse_when("2027-03-18T18:30", PARIS) == moment
    for wrong in ("18/03/2027", "2027-02-30", "2027-03-18 25:00", "demain"):
        assert parse_when(wrong, PARIS) is None


def test_an_article_without_event_fields_is_no_event():
    assert read({"title": "Actualité"}) == (None, [])


def test_a_valid_event():
    event, problems = read({"start": "2027-03-18 18:30", "end": "2027-03-18 21:00", "location": "Salle", "organisers": "asso-verte, mairie"})
    assert problems == []
    assert [o.slug for o in event.organisers] == ["asso-verte", "mairie"]
    assert not event.all_day and event.first_day == event.last_day == datetime.date(2027, 3, 18)


def test_an_unknown_organiser_is_reported_at_its_line_with_a_suggestion():
    event, problems = read({"start": "2027-03-18 18:30", "organisers": "asso-verte, asso-inconue"})
    assert event is None
    assert [str(p) for p in problems] == [
        "content/articles/rencontre.md:6: Organisers: organisation inconnue « asso-inconue » ; vouliez-vous dire « asso-inconnue » ?"
    ]


@pytest.mark.parametrize(
    "metadata, message",
    [
        ({"start": "18 mars"}, "Start: date invalide « 18 mars » : attendu AAAA-MM-JJ ou AAAA-MM-JJ HH:MM"),
        ({"start": "2027-03-18 18:30", "end": "2027-03-18 17:00"}, "End: la fin précède le début (2027-03-18 17:00 < 2027-03-18 18:30)"),
        ({"start": "2027-03-18", "end": "2027-03-18 17:00"}, "End: le début et la fin doivent être tous deux des jours, ou tous deux des jours avec une heure"),
        ({"location": "Salle"}, "Location: un événement a besoin d'une date de début : ajoutez « Start: AAAA-MM-JJ HH:MM »"),
    ],
)
def test_mistakes_are_reported_in_french(metadata, message):
    event, problems = read(metadata)
    assert event is None and [str(p).split(": ", 1)[1] for p in problems] == [message]


def test_metadata_lines_stop_at_the_first_blank_line():
    assert metadata_line(SOURCE, "organisers") == 6
    assert metadata_line(SOURCE, "start") == 3
    assert metadata_line("Title: x\n\nStart: dans le texte\n", "start") == 0


def test_upcoming_and_past_relative_to_the_build_date():
    events = []
    for slug, start, end in (("a", "2027-01-10", None), ("b", "2026-11-20", "2026-11-27"), ("c", "2026-10-01", None), ("d", "2026-11-25", None)):
        event, _ = read({"start": start, **({"end": end} if end else {})})
        event.slug = slug
        events.append(event)
    upcoming, past = split(events, datetime.date(2026, 11, 26))
    assert [e.slug for e in upcoming] == ["b", "a"]  # b is still going on
    assert [e.slug for e in past] == ["d", "c"]  # latest first
