from annuaire.records.identifiers import luhn_valid, siren_valid, siret_valid


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
