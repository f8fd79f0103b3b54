"""What is current on the build date: one rule, `lifecycle.is_current`, that every listing, export, feed and suggestion asks."""

import datetime

from conftest import MINIMAL, TODAY

from annuaire.records.lifecycle import current, is_current, is_dissolved
from annuaire.records.loader import load_directory

DAY = datetime.date.fromisoformat(TODAY)


def directory(**organisation_fields):
    d = load_directory(MINIMAL, DAY)
    d.get("organisation", "asso-verte").data.update(organisation_fields)
    return d


def test_a_dissolved_organisation_and_its_offers_and_needs_are_no_longer_current():
    d = directory(dissoute=True)
    verte, offer = d.get("organisation", "asso-verte"), d.get("offer", "salle-verte")
    assert is_dissolved(verte) and is_dissolved(offer)
    assert not is_current(verte, DAY) and not is_current(offer, DAY)
    assert current(d.organisations, DAY) == [d.get("organisation", "mairie-test")]
    # The project it leads, the other organisation and its need are not touched.
    assert all(is_current(record, DAY) for record in (d.get("project", "projet-commun"), d.get("need", "benevoles-mairie")))
    assert not is_dissolved(d.get("project", "projet-commun"))


def test_dissoute_false_or_absent_keeps_everything_current():
    for d in (directory(), directory(dissoute=False)):
        assert all(is_current(record, DAY) for kind in ("organisation", "offer", "need", "project") for record in d.records[kind])
        assert not is_dissolved(d.get("offer", "salle-verte"))


def test_expiry_and_dissolution_add_up():
    d = directory()
    d.get("offer", "salle-verte").data["expire_le"] = "2026-06-30"
    assert not is_current(d.get("offer", "salle-verte"), DAY) and not is_dissolved(d.get("offer", "salle-verte"))
    assert is_current(d.get("offer", "salle-verte"), datetime.date(2026, 6, 30))  # the last day still counts


def test_disponible_maintenant_means_started_not_ended_and_not_expired_on_the_build_date():
    from annuaire.records.lifecycle import access, is_available

    day = datetime.date(2026, 6, 15)
    assert is_available({}, day)  # no dates: always
    assert is_available({"disponibilite": {"debut": "2026-06-15", "fin": "2026-06-15"}}, day)  # both ends count
    assert is_available({"disponibilite": {"debut": "2026-01-01"}}, day)
    assert is_available({"disponibilite": {"fin": "2026-12-31"}, "expire_le": "2026-06-15"}, day)
    assert not is_available({"disponibilite": {"debut": "2026-06-16"}}, day)  # not started
    assert not is_available({"disponibilite": {"fin": "2026-06-14"}}, day)  # ended
    assert not is_available({"expire_le": "2026-06-14"}, day)  # expired
    assert is_available({"disponibilite": {"debut": datetime.date(2026, 6, 1)}}, day)  # a date as YAML may give it
    free = {"conditions": {"type": "gratuit"}, "disponibilite": {"debut": "2026-07-01"}}
    assert access(free, day) == ["gratuit"]
    assert access(free, datetime.date(2026, 7, 1)) == ["gratuit", "disponible-maintenant"]
    assert access({"conditions": {"type": "location"}}, day) == ["disponible-maintenant"]
    assert access({}, None) == []  # without a build date, never « disponible maintenant »
