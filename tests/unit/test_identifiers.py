import pytest

from annuaire.records.identifiers import luhn_valid, siren_valid, siret_valid, suggestion


def test_luhn():
    assert luhn_valid("79927398713")
    assert not luhn_valid("79927398710")


def test_siren_and_siret_keys():
    assert siren_valid("732829320")
    assert not siren_valid("732829321")
    assert not siren_valid("73282932")
    assert siret_valid("73282932000074")
    assert not siret_valid("73282932000075")
    assert not siret_valid("7328293200007A")


def test_la_poste_establishments_use_a_digit_sum():
    assert siret_valid("35600000000048")  # the head office: Luhn
    assert siret_valid("35600000000010")  # digit sum 15, a multiple of 5
    assert not siret_valid("35600000000011")


COMMUNES = {"guyancourt": "Guyancourt", "la-verriere": "La Verrière", "montigny-le-bretonneux": "Montigny-le-Bretonneux",
            "voisins-le-bretonneux": "Voisins-le-Bretonneux", "trappes": "Trappes"}


@pytest.mark.parametrize(("written", "meant"), [
    ("Guyancourt", "guyancourt"),  # case
    ("GUYANCOURT", "guyancourt"),
    ("La Verrière", "la-verriere"),  # accents, spaces
    ("la verriere", "la-verriere"),
    ("la_verrière", "la-verriere"),
    ("montigny", "montigny-le-bretonneux"),  # the only identifier it begins
    ("guyancour", "guyancourt"),  # a typo: the closest spelling
    ("Trapes", "trappes"),
])
def test_a_mistyped_identifier_gets_the_one_meant(written, meant):
    assert suggestion(written, COMMUNES) == meant


def test_no_suggestion_rather_than_a_wrong_one():
    assert suggestion("Saint-Quentin", COMMUNES) is None  # not a commune of the list
    assert suggestion("Paris", COMMUNES) is None
    assert suggestion("", COMMUNES) is None and suggestion(" - ", COMMUNES) is None
    assert suggestion("Saint-Quentin", {**COMMUNES, "saint-quentin-en-yvelines": "Saint-Quentin-en-Yvelines"}) == "saint-quentin-en-yvelines"


def test_a_name_leads_to_its_identifier():
    organisations = {"asso-verte": "Association verte", "e-graine": "E-Graine Île-de-France"}
    assert suggestion("Association Verte", organisations) == "asso-verte"
    assert suggestion("e-graine île-de-france", organisations) == "e-graine"
