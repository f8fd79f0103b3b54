"""annuaire.publish.fingerprint: digests equal from one build to the next when the inputs are equal."""

import datetime
from dataclasses import dataclass

from conftest import MINIMAL, TODAY

from annuaire.publish.fingerprint import Fingerprints, record_digest
from annuaire.records.loader import load_directory


def directory():
    return load_directory(MINIMAL, datetime.date.fromisoformat(TODAY))


@dataclass
class Shown:
    label: str
    records: list


def test_equal_structures_have_equal_digests_in_two_builds():
    first, second = directory(), directory()

    def value(d):
        return {"offers": d.offers, "shown": [Shown("Locaux", d.offers)], "when": datetime.date(2026, 12, 1)}

    assert Fingerprints().of(value(first)) == Fingerprints().of(value(second))


def test_what_changes_a_digest():
    fingerprints = Fingerprints()
    assert fingerprints.of({"a": 1, "b": 2}) != fingerprints.of({"b": 2, "a": 1})  # a template sees the order
    assert fingerprints.of([1, "1"]) != fingerprints.of(["1", 1])
    assert fingerprints.of(Shown("a", [])) != fingerprints.of(Shown("b", []))
    assert fingerprints.of((1, 2)) != fingerprints.of([1, 2])


def test_a_record_inside_a_value_is_named_not_read():
    d = directory()
    offer = d.get("offer", "salle-verte")
    before = Fingerprints().of([offer])
    offer.data["titre"] = "Autre titre"
    assert Fingerprints().of([offer]) == before  # what a page reads of it is in its trace, by record_digest


def test_a_cycle_gives_a_digest():
    loop = Shown("boucle", [])
    loop.records.append(loop)
    assert Fingerprints().of(loop) == Fingerprints().of(loop)


def test_code_is_named():
    assert Fingerprints().of(len) == Fingerprints().of(len)
    assert Fingerprints().of(record_digest) != Fingerprints().of(Fingerprints)


def test_a_record_digest_covers_its_fields_and_its_relations():
    def digests(change=None):
        d = directory()
        if change:
            change(d)
        return {record.slug: record_digest(record, Fingerprints()) for items in d.records.values() for record in items}

    unchanged = digests()
    assert digests() == unchanged
    retitled = digests(lambda d: d.get("offer", "salle-verte").data.update(titre="Salle bleue"))
    assert [slug for slug in unchanged if retitled[slug] != unchanged[slug]] == ["salle-verte"]
    # One more offer named by the organisation: the organisation's list of offers changed, so did its digest.
    unlinked = digests(lambda d: d.get("organisation", "asso-verte").related["offer"].clear())
    assert unlinked["asso-verte"] != unchanged["asso-verte"]
    assert unlinked["salle-verte"] == unchanged["salle-verte"]
    described = digests(lambda d: setattr(d.get("offer", "salle-verte"), "description_html", "<p>Autre</p>"))
    assert described["salle-verte"] != unchanged["salle-verte"]
