"""The browser's French stemmer (stemmer-fr.js) gives Python's Snowball stems, word for word.

The index is stemmed by Python's snowballstemmer 3.1.1, the queries by annuaire/search/browser/
stemmer-fr.js: a word the two stem apart is a word search cannot find. Always compared here: the
hand-picked cases of french_stem_cases.txt (every rule and every suffix list of the algorithm), and
every word of the sample data's and of a synthetic directory's search documents. The 346,205 words
of Debian's wfrench are compared by test_search_parity.py (FRENCH_WORDLIST).
"""

from __future__ import annotations

from pathlib import Path

from conftest import ROOT
from search_node import run_node
from snowballstemmer.french_stemmer import FrenchStemmer

from annuaire.records.loader import load_directory
from annuaire.search import french
from annuaire.search.documents import collect

CASES = Path(__file__).with_name("french_stem_cases.txt")


def cases() -> list[str]:
    words = []
    for line in CASES.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            words += line.split()
    return words


def document_words(documents) -> set[str]:
    """Each word of the documents as lunr's tokenizer cuts it, as the pipeline hands it to the stemmer, and folded."""
    words = set()
    for document in documents:
        for text in [document.title, document.snippet, *document.fields.values()]:
            for raw in french.SEPARATORS.split(text):
                words.add(raw)
                token = french.normalise(french.Token(raw, {}))
                token = token and french.elision(token)
                if token:
                    words.update([str(token), french.fold(str(token))])
    words.discard("")
    return words


def stems_differ(words) -> list[tuple[str, str, str]]:
    words = sorted(words)
    javascript = run_node({"mode": "stem", "words": words})["stems"]
    python = FrenchStemmer()
    assert len(javascript) == len(words)
    return [(word, python.stemWord(word), js) for word, js in zip(words, javascript) if python.stemWord(word) != js]


def test_the_cases_cover_every_suffix_the_algorithm_knows():
    # The algorithm's suffix lists, read from Python's generated stemmer; I, U are the prelude's marks
    # of an i or a u between vowels (or of a u after q), spelt i and u in a word. The lists of steps 1,
    # 2a, 2b and 4 end a word; the others (what precedes "ement", "ité", "ais"; the doubles of step 5)
    # are met once a suffix is gone: somewhere in a word.
    words = cases()
    assert len(words) > 500

    def suffixes(*lists):
        return {among.s.replace("U", "u").replace("I", "i") for name in lists for among in getattr(FrenchStemmer, name)}

    endings = suffixes("a_4", "a_5", "a_7", "a_8")
    inner = suffixes("a_2", "a_3", "a_6", "a_9")
    assert len(endings) > 120 and len(inner) >= 15
    missing = [suffix for suffix in endings if not any(word.endswith(suffix) for word in words)]
    missing += [suffix for suffix in inner if not any(suffix in word[:-1] for word in words)]
    assert not missing, missing


def test_the_cases_are_stemmed_as_python_stems_them():
    words = cases()
    differences = stems_differ(words + [word.upper() for word in words] + [french.fold(word) for word in words])
    assert not differences, differences[:20]


def test_the_sample_data_s_words_are_stemmed_as_python_stems_them():
    words = document_words(collect(load_directory(ROOT / "data")))
    assert len(words) > 500
    differences = stems_differ(words)
    assert not differences, differences[:20]


def test_a_synthetic_directory_s_words_are_stemmed_as_python_stems_them(tmp_path):
    from bench.synthetic import write_directory

    write_directory(tmp_path / "data", 600)
    words = document_words(collect(load_directory(tmp_path / "data")))
    assert len(words) > 500
    differences = stems_differ(words)
    assert not differences, differences[:20]


def test_the_stemmers_follow_the_rules_of_the_algorithm():
    # Stems worked out by hand from the algorithm's description, one a rule, so that Python and
    # JavaScript agreeing is agreeing on Snowball's French stemmer.
    expected = {
        "coopérations": "cooper",  # ation in R2, then the é before the final non-vowel
        "heureusement": "heureux",  # ement in RV, then eus in R1 but not R2 -> eux
        "bijoux": "bijou",  # oux after b h j l n p -> ou
        "genoux": "genou",
        "roux": "roux",  # not after r
        "évidemment": "évident",  # emment -> ent
        "finissaient": "fin",  # step 2a: after a non-vowel in RV
        "mauvais": "mauvais",  # ais kept after auv
        "palais": "palais",  # ais kept after one letter and al
        "naïve": "naïv",  # ï kept (its H mark), final e in RV gone
        "personne": "person",  # undouble onn
        "fidèle": "fidel",  # e in RV gone, then un-accent
    }
    words = sorted(expected)
    assert [FrenchStemmer().stemWord(word) for word in words] == [expected[word] for word in words]
    assert run_node({"mode": "stem", "words": words})["stems"] == [expected[word] for word in words]
