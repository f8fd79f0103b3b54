"""A territory's communes from the official geography."""

import pytest

from annuaire.register.territory import TerritoryError


def test_departement(geography):
    yvelines = geography.territory(departement="78")
    assert len(yvelines.communes) == 259 and yvelines.description == "département 78 (Yvelines)"
    assert "78297" in yvelines.codes


@pytest.mark.parametrize(("code", "some"), [("974", "97411"), ("2A", "2A004"), ("971", "97101")])
def test_overseas_and_corsica(geography, code, some):
    assert some in geography.territory(departement=code).codes


def test_epci_of_saint_quentin_en_yvelines(geography):
    sqy = geography.territory(epci="200058782")
    assert len(sqy.communes) == 12 and {"78297", "78644", "78423"} <= sqy.codes


def test_listed_communes_and_former_codes(geography):
    listed = geography.territory(communes=["78297", "75111"])
    assert listed.codes == {"78297", "75056"}  # a district of Paris is Paris
    assert geography.current_code("13201") == "13055"


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"departement": "99"}, "département « 99 » inconnu"),
        ({"epci": "123"}, "EPCI « 123 » inconnu"),
        ({"communes": ["99999"]}, "code\\(s\\) INSEE inconnu\\(s\\) : 99999"),
        ({}, "indiquez un seul territoire"),
        ({"departement": "78", "epci": "200058782"}, "indiquez un seul territoire"),
    ],
)
def test_unknown_territories(geography, arguments, message):
    with pytest.raises(TerritoryError, match=message):
        geography.territory(**arguments)
