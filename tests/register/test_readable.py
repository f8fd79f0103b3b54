"""The register's shouted text made readable, without invented accents."""

import pytest

from annuaire.register import readable
from annuaire.register.association import website

PLACES = readable.PlaceNames(["Guyancourt", "Saint-Cyr-l'École", "Élancourt", "Plaisir", "Yvelines"])


@pytest.mark.parametrize(
    ("shouted", "readable_text"),
    [
        ("ASSOCIATION DES PARENTS D'ELEVES DE GUYANCOURT", "Association des parents d'eleves de Guyancourt"),  # no accent invented
        ("CLUB DE TENNIS DE SAINT CYR L ECOLE", "Club de tennis de Saint-Cyr-l'École"),  # a place takes its official spelling
        ("ASPTT SQY FOOTBALL", "ASPTT SQY football"),  # known acronyms
        ("A.S.C. DE PLAISIR", "A.S.C. de Plaisir"),  # dotted initials
        ("CLUB DES AINES RURAUX II", "Club des aines ruraux II"),  # Roman numerals
        ("UNION SPORTIVE DE PLAISIR. SECTION JUDO", "Union sportive de Plaisir. Section judo"),  # each sentence starts with a capital
        ("Les Amis du Vieux Lavoir", "Les Amis du Vieux Lavoir"),  # mixed case is the author's: kept
    ],
)
def test_shouted_titles_in_sentence_case(shouted, readable_text):
    assert readable.sentence_case(shouted, PLACES) == readable_text


def test_the_short_title_is_an_acronym_only_when_it_is_one():
    assert readable.acronym("APEG", "ASSOCIATION DES PARENTS") == "APEG"
    assert readable.acronym("A.S.C.", "X") == "A.S.C."
    assert readable.acronym("ASSOCIATION DES PA...", "ASSOCIATION DES PARENTS") is None  # the title cut
    assert readable.acronym("Les amis", "x") is None
    assert readable.acronym("FOOT", "FOOT") is None  # the title itself
    assert readable.sentence_case("COMITE CFE DE PLAISIR", PLACES, frozenset({"CFE"})) == "Comite CFE de Plaisir"


def test_summary_cut_at_a_sentence_or_a_word():
    sentence = "Promouvoir la pratique du tennis. "
    text = sentence * 20
    cut = readable.summary(text)
    assert len(cut) <= readable.SUMMARY_MAX and cut.endswith("tennis.")
    words = "mot " * 100
    cut = readable.summary(words)
    assert len(cut) <= readable.SUMMARY_MAX and cut.endswith("mot…")
    assert readable.summary("Court.") is None  # too short to be a summary


def test_waldec_address_readable_and_without_private_complement():
    values = {"adrs_numvoie": "12", "adrs_repetition": "B", "adrs_typevoie": "AV", "adrs_libvoie": "DE LA GARE", "adrs_complement": "CHEZ MME DUPONT"}
    assert readable.waldec_address(values, PLACES) == "12 bis avenue de la Gare"
    values = {"adrs_typevoie": "PL", "adrs_libvoie": "DU MARCHE", "adrs_complement": "MAISON DES ASSOCIATIONS"}
    assert readable.waldec_address(values, PLACES) == "Maison des Associations, place du Marche"
    assert readable.waldec_address({}, PLACES) is None


def test_free_address_lines_of_the_old_edition():
    lines = ["C/O M. DURAND", "5 AV DE LA REPUBLIQUE", "78280 GUYANCOURT"]
    assert readable.free_address(lines, {"guyancourt"}, PLACES) == "5 avenue de la Republique"
    assert readable.free_address(["MAIRIE", "1 PLACE DE LA MAIRIE"], set(), PLACES) == "Mairie, 1 place de la Mairie"


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("https://club.example.org/", "https://club.example.org/"),
        ("www.club-x.fr", "http://www.club-x.fr"),
        ("club.example.org/page", "http://club.example.org/page"),
        ("HTTP://WWW.CLUB.FR/Page", "http://www.club.fr/Page"),
        ("non", None),
        ("javascript:alert(1)", None),
        ("data:text/html,<script>", None),
        ("ftp://club.example.org", None),
        ("", None),
    ],
)
def test_only_web_addresses_are_kept(given, kept):
    assert website(given) == kept


def test_control_characters_and_blank_space_are_squashed():
    assert readable.squash(" A\tB\x07  C\n") == "A B C"
