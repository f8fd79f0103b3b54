"""Unit tests of the Python half of the French search pipeline, step by step."""

from __future__ import annotations

import json
import unicodedata

import pytest
from lunr.pipeline import Pipeline
from lunr.token import Token

from annuaire.search import french


def run(step, text, metadata=None):
    """Apply one pipeline step to one token, as lunr's Pipeline.run does."""
    result = step(Token(text, metadata), 0, [])
    if result is None:
        return []
    if isinstance(result, list):
        return [str(token) for token in result]
    return [str(result)]


# --- fr-split -------------------------------------------------------------------


def test_split_keeps_an_ordinary_token_as_it_is():
    token = Token("coopération", {"position": [4, 11]})
    assert french.split(token) is token


@pytest.mark.parametrize("space", ["\u202f", "\u2009", "\u2002", "\u3000", "\ufeff", "\u2028"])
def test_split_on_spaces_that_only_lunr_js_tokenizer_knows(space):
    assert run(french.split, f"10{space}000") == ["10", "000"]


def test_split_moves_positions_with_the_pieces():
    pieces = french.split(Token("«\u202fassociation", {"position": [7, 13], "index": 2}))
    assert [(str(p), p.metadata["position"]) for p in pieces] == [
        ("«", [7, 1]),
        ("association", [9, 11]),
    ]


# --- fr-normalise ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Coopération", "coopération"),
        ("(coopération),", "coopération"),
        ("«salariés»", "salariés"),
        ("l’été", "l'été"),
        ("L\u02bcÉté", "l'été"),
        ("aujourd’hui.", "aujourd'hui"),
        ("associations'", "associations"),
        ("2026", "2026"),
        ("e\u0301te\u0301", "été"),  # decomposed accents, as macOS may write them
    ],
)
def test_normalise(text, expected):
    assert run(french.normalise, text) == [expected]
    assert unicodedata.is_normalized("NFC", run(french.normalise, text)[0])


@pytest.mark.parametrize("text", ["—", "«", "...", "'", "’"])
def test_normalise_drops_punctuation_alone(text):
    assert run(french.normalise, text) == []


# --- fr-elision -----------------------------------------------------------------


@pytest.mark.parametrize(
    "prefix", ["l", "d", "qu", "j", "m", "n", "s", "t", "c", "jusqu", "lorsqu", "puisqu"]
)
def test_elision_removes_the_elided_word(prefix):
    assert run(french.elision, f"{prefix}'association") == ["association"]


@pytest.mark.parametrize("word", ["aujourd'hui", "prud'hommes", "entr'aide", "association"])
def test_elision_leaves_other_apostrophes(word):
    assert run(french.elision, word) == [word]


def test_elision_of_nothing_drops_the_token():
    assert run(french.elision, "l'") == []
    assert run(french.elision, "d'«") == []


def test_typographic_apostrophe_is_elided_after_normalise():
    token = french.normalise(Token("L’Association"))
    assert run(french.elision, str(token)) == ["association"]


# --- fr-stopwords ---------------------------------------------------------------


@pytest.mark.parametrize("word", ["le", "la", "les", "des", "à", "où", "qu", "l", "d", "est", "ont"])
def test_stop_words_are_dropped(word):
    assert run(french.stop_words, word) == []


@pytest.mark.parametrize("word", ["association", "été", "car", "emploi", "local", "bien"])
def test_other_words_are_kept(word):
    assert run(french.stop_words, word) == [word]


def test_stop_word_list_is_sorted_unique_and_normalised():
    words = json.loads(french.STOPWORDS_PATH.read_text(encoding="utf-8"))
    assert words == sorted(set(words))
    for word in words:
        # the filter sees tokens after fr-normalise and fr-elision
        assert [word] == run(french.normalise, word) == run(french.elision, word)


def test_search_fr_js_embeds_the_same_stop_words():
    text = french.JS_PATH.read_text(encoding="utf-8")
    assert french.JS_BEGIN + "\n" + french.stopwords_js_block() + "  " + french.JS_END in text, (
        "search-fr.js is out of date: run `.venv/bin/python -m annuaire.search.french`"
    )


# --- fr-stem --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("coopération", ["cooper"]),
        ("coopératives", ["cooper"]),
        ("cooperation", ["cooper"]),
        ("mutualiser", ["mutualis"]),
        ("mutualisation", ["mutualis"]),
        ("association", ["associ"]),
        # Snowball reads accents: the unaccented spelling has its own stem, emitted too
        ("salariés", ["salari", "salar"]),
        ("salaries", ["salar"]),
        ("emportées", ["emport", "emporte"]),
        ("œuvres", ["oeuvr"]),
        ("bénévoles", ["benevol"]),
        ("française", ["franc"]),
        ("français", ["franc"]),
    ],
)
def test_stem_then_fold(word, expected):
    assert run(french.stem, word) == expected


def test_stem_variants_share_the_metadata():
    tokens = french.stem(Token("salariés", {"position": [0, 8]}))
    assert [t.metadata for t in tokens] == [{"position": [0, 8]}] * 2


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("éèêë", "eeee"),
        ("àâä", "aaa"),
        ("ç", "c"),
        ("îïôöùûüÿ", "iioouuuy"),
        ("œuvre", "oeuvre"),
        ("ex æquo", "ex aequo"),
        ("ñ", "n"),
        ("한국", "한국"),  # what NFD splits and is no accent is put back together
    ],
)
def test_fold(word, expected):
    assert french.fold(word) == expected


def test_python_stemmer_is_the_pure_python_one():
    # snowballstemmer.stemmer() would use PyStemmer if installed: another build to keep in step
    assert type(french._stemmer).__module__ == "snowballstemmer.french_stemmer"


# --- surface words ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("Coopérations", "cooperations"),
        ("(coopération),", "cooperation"),
        ("l’Association", "association"),
        ("D'ŒUVRES", "oeuvres"),
        ("salariés", "salaries"),
        ("aujourd'hui", "aujourd'hui"),
        ("2026", "2026"),
        ("le", None),  # a stop word
        ("l'", None),
        ("—", None),
    ],
)
def test_surface_is_the_word_before_stemming_accents_folded(word, expected):
    assert french.surface(word) == expected


def test_surfaces_cut_a_text_as_the_pipeline_does():
    assert french.surfaces("Le tiers-lieu d’Élancourt\u202fet 10\u202f000 vélos") == ["tiers", "lieu", "elancourt", "10", "000", "velos"]
    assert french.token_surfaces("d'associations\u2009partagées") == ("associations", "partagees")


# --- the pipeline as a whole ------------------------------------------------------


def test_labels_are_registered_in_order():
    assert list(french.LABELS.values()) == [
        "fr-split",
        "fr-normalise",
        "fr-elision",
        "fr-stopwords",
        "fr-stem",
    ]
    for function, label in french.LABELS.items():
        assert Pipeline.registered_functions[label] is function


def test_builder_uses_the_pipeline_for_documents_and_queries():
    builder = french.get_builder()
    labels = list(french.LABELS.values())
    assert builder.pipeline.serialize() == labels
    assert builder.search_pipeline.serialize() == labels


@pytest.mark.parametrize(
    "words",
    [
        ("cooperation", "Coopération", "coopératives", "COOPÉRATION"),
        ("salaries", "salariés", "SALARIÉS", "salarié"),
        ("mutualiser", "mutualisation", "mutualisées", "Mutualisé"),
        ("l'association", "L’Association", "association", "associations", "d'associations"),
    ],
)
def test_words_of_one_family_meet(words):
    term_sets = [set(french.analyse(word)) for word in words]
    common = set.intersection(*term_sets)
    assert common, dict(zip(words, term_sets))


def test_analyse_a_sentence():
    assert french.analyse("L’association « Jardins du Plateau » mutualise ses salariés.") == [
        "associ",
        "jardin",
        "plateau",
        "mutualis",
        "salari",
        "salar",
    ]
