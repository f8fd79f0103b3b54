"""A record that fails its schema still has its readable fields checked: one run, every mistake, each said once."""

import datetime
import shutil

import pytest
from conftest import MINIMAL, TODAY

from annuaire.records.loader import validate

DAY = datetime.date.fromisoformat(TODAY)
HEAD = "nom: Fautive\ntype: association\nresume: Une fiche qui ne passe pas son schéma.\n"


@pytest.fixture
def data(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return shutil.copytree(MINIMAL, tmp_path / "data")


def problems(data, text, folder="organisations"):
    (data / folder / "fautive.yaml").write_text(text, "utf-8")
    return [str(problem).removeprefix(f"data/{folder}/fautive.yaml:") for problem in validate(data.relative_to(data.parent), DAY)]


def test_an_identifier_in_the_wrong_shape_is_the_schemas_to_tell(data):
    """`themes: environement` is not a list: said once, not also as an unknown theme."""
    found = problems(data, HEAD + "themes: environement\ncontact: {email: faux}\nmis_a_jour: 2026-01-01\n")
    assert found == [
        "4:1: themes: doit être une liste (lignes commençant par « - »)",
        "5:11: contact.email: format invalide « faux » : adresse électronique complète ; exemple : contact@association.example.org",
    ]


def test_each_value_of_a_list_is_checked_as_it_can_be_read(data):
    found = problems(data, HEAD + "themes: [12, Environnement, '', solidarite]\nsite_web: faux\nmis_a_jour: 2026-01-01\n")
    assert found == [
        "4:10: themes (1re valeur): doit être un texte : écrivez la valeur entre guillemets, « \"12\" »",
        "4:14: themes (2e valeur): thème inconnu « Environnement » ; vouliez-vous dire « environnement » ?",  # not also « format invalide »
        "4:29: themes (3e valeur): à remplir",
        "5:1: site_web: format invalide « faux » : adresse complète commençant par https:// ou http:// ; exemple : https://association.example.org/",
    ]


def test_dates_and_postal_codes_that_can_be_read_are_checked_too(data):
    found = problems(data, HEAD + "themes: [solidarite]\ncommune: guyancourt\ncode_postal: '78190'\nfondee_en: deux-mille\nmis_a_jour: 2029-01-01\n")
    assert found == [
        "6:1: code_postal: le code postal 78190 n'est pas celui de la commune « guyancourt » (78280)",
        "7:1: fondee_en: doit être un nombre entier",
        "8:1: mis_a_jour: date dans le futur (2029-01-01) : faute de frappe ?",
    ]


def test_a_date_that_does_not_exist_is_not_compared(data):
    text = (
        "nom: Dates\nforme: reseau\nresume: Un projet à la date impossible.\nstatut: idee\ndebut: 2026-02-30\nfin: 2026-01-01\n"
        "partenaires:\n  - {organisation: asso-verte, role: porteur}\n  - {organisation: Mairie-Test, role: financeur}\n"
        "themes: [solidarite]\nmis_a_jour: 2026-01-01\n"
    )
    found = problems(data, text, "projects")
    assert found == [
        "5:1: debut: date invalide « 2026-02-30 » : écrivez une date qui existe, au format AAAA-MM-JJ (par exemple 2026-11-13)",
        "9:6: partenaires (2e valeur), organisation: organisation inconnue « Mairie-Test » ; vouliez-vous dire « mairie-test » ?",
    ]


def test_a_record_that_is_not_a_group_of_fields_is_said_once(data):
    assert problems(data, "- environnement\n- solidarite\n") == [
        "1:1: doit être un groupe de champs (« champ: valeur » indentés en dessous)",
    ]
