"""Records to check again: warnings of `make validate`, the `make stale` report and its contacts."""

import datetime
import shutil

import pytest
from conftest import MINIMAL

from annuaire.contribute import freshness
from annuaire.records.loader import inspect


@pytest.fixture
def data(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    data = shutil.copytree(MINIMAL, tmp_path / "data")
    offer = data / "offers" / "salle-verte.yaml"
    offer.write_text(offer.read_text("utf-8") + "expire_le: 2026-06-30\n", "utf-8")
    return data


def test_stale_and_expired_records_become_warnings(data):
    today = datetime.date(2026, 11, 26)
    sources, errors = inspect(data, today)
    assert errors == []
    assert [str(problem) for problem in freshness.warnings(sources, today, 300)] == [
        "data/needs/benevoles-mairie.yaml:8:1: mis_a_jour: fiche non vérifiée depuis le 2026-01-15 (315 jours) : relisez-la, puis mettez « mis_a_jour » à la date du jour",
        "data/offers/salle-verte.yaml:13:1: expire_le: offre expirée depuis le 2026-06-30 (149 jours) : elle n'apparaît plus dans les listes du site ; repoussez « expire_le » si elle est toujours d'actualité, sinon supprimez le fichier",
        "data/organisations/asso-verte.yaml:13:1: mis_a_jour: fiche non vérifiée depuis le 2026-01-15 (315 jours) : relisez-la, puis mettez « mis_a_jour » à la date du jour",
        "data/organisations/mairie-test.yaml:6:1: mis_a_jour: fiche non vérifiée depuis le 2026-01-15 (315 jours) : relisez-la, puis mettez « mis_a_jour » à la date du jour",
        "data/projects/projet-commun.yaml:14:1: mis_a_jour: fiche non vérifiée depuis le 2026-01-15 (315 jours) : relisez-la, puis mettez « mis_a_jour » à la date du jour",
    ]
    # The age is a setting: a year, and only the expired offer is left.
    assert [problem.field for problem in freshness.warnings(sources, today, 365)] == ["expire_le"]
    # The day before expiry, nothing.
    assert freshness.warnings(sources, datetime.date(2026, 6, 30), 365) == []


def test_report_says_whom_to_ask(data):
    today = datetime.date(2026, 11, 26)
    sources, _errors = inspect(data, today)
    report = freshness.report(sources, today, 300).splitlines()
    assert report[0] == "Fiches à vérifier au 2026-11-26 (non mises à jour depuis plus de 300 jours, ou expirées) : 5."
    assert report[2] == "Offres et besoins expirés (1) :"
    assert report[3] == "- data/offers/salle-verte.yaml:13 : offre « Salle de réunion »"
    # The offer has no contact of its own: its organisation's.
    assert report[5] == "  à qui demander : contact@asso-verte.example.org (contact de l'organisation « Association verte »)"
    text = "\n".join(report)
    # A project without contact: its lead partner's (porteur).
    assert "- data/projects/projet-commun.yaml:14 : projet « Projet commun »" in text
    # An organisation without contact nor website: said plainly.
    assert "aucun contact dans la fiche" in text
    assert freshness.report(sources, datetime.date(2026, 2, 1), 365).endswith(": aucune. Tout est à jour.")


def test_imported_records_nobody_checked_are_one_warning_and_dissolved_ones_none(data):
    """Thousands of records imported from the register would drown the other warnings: they are counted in one line."""
    today = datetime.date(2026, 11, 26)
    organisation = data / "organisations" / "asso-verte.yaml"
    organisation.write_text(organisation.read_text("utf-8") + 'registre:\n  source: rna_waldec\n  maj: "2026-01-15 10:00:00"\n  empreintes: {}\n', "utf-8")
    town = data / "organisations" / "mairie-test.yaml"
    town.write_text(town.read_text("utf-8") + "dissoute: true\n", "utf-8")
    sources, errors = inspect(data, today)
    assert errors == []
    warnings = [str(problem) for problem in freshness.warnings(sources, today, 300)]
    assert "data/organisations: mis_a_jour: 1 fiche(s) importée(s) du registre des associations et jamais vérifiée(s) depuis : « make stale » les liste avec qui contacter" in warnings
    assert not [warning for warning in warnings if "asso-verte.yaml" in warning or "mairie-test.yaml" in warning]
    assert "data/organisations/mairie-test.yaml" not in freshness.report(sources, today, 300)
