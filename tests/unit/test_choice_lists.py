"""The form's searchable choices, cut into small files by the first letters of each word."""

from __future__ import annotations

import json

from annuaire.contribute import choice_lists

ENTRIES = [
    ("ressourcerie-des-etangs", "Ressourcerie des Étangs", "Les Clayes-sous-Bois"),
    ("asso-verte", "Association verte", "Guyancourt"),
    ("mgen", "MGEN", ""),
    ("oeuvre-saint-jean", "Œuvre Saint-Jean", "Trappes"),
]


def test_words_are_folded_like_the_search_folds_them():
    assert choice_lists.words("Œuvre Saint-Jean d'Élancourt") == ["oeuvre", "saint", "jean", "d", "elancourt"]


def test_each_name_is_filed_under_the_first_two_letters_of_each_of_its_words_and_of_its_identifier():
    index, shards = choice_lists.index_and_shards(ENTRIES)
    assert ["ressourcerie-des-etangs", "Ressourcerie des Étangs", "Les Clayes-sous-Bois"] in shards["et"]
    assert {row[0] for row in shards["re"]} == {"ressourcerie-des-etangs"}
    assert {row[0] for row in shards["as"]} == {"asso-verte"}  # the identifier's word too
    assert {row[0] for row in shards["oe"]} == {"oeuvre-saint-jean"}
    assert all(len({row[0] for row in rows}) == len(rows) for rows in shards.values())  # once a file
    assert index["depth"] == {} and index["common"] == []


def test_index_counts_each_file_and_the_files_are_the_same_whatever_the_order_of_entries():
    files = choice_lists.files(ENTRIES)
    index = json.loads(files["index.json"])
    assert set(index["files"]) == {name.removesuffix(".json") for name in files if name != "index.json"}
    for key, count in index["files"].items():
        assert len(json.loads(files[f"{key}.json"])) == count
    assert choice_lists.files(list(reversed(ENTRIES))) == files


def register_like(count: int) -> list[tuple[str, str, str]]:
    """Names like the register's: « Association » in most, a few shared words, then their own."""
    syllables = ["ar", "bel", "cor", "dan", "es", "fol", "gar", "hor", "is", "jar", "kor", "lu", "mar", "nor", "or", "par", "qua", "ro", "sa", "tor"]
    entries = []
    for number in range(count):
        own = f"{syllables[number % 20]}{syllables[number // 20 % 20]}{syllables[number // 400 % 20]}"
        head = "Association" if number % 10 else "Amicale"
        entries.append((f"asso-{number}", f"{head} sportive {own} de {syllables[number * 7 % 20]}ville", "Commune"))
    return entries


def test_no_file_passes_the_cap_for_a_departement_and_common_words_are_left_out():
    index, shards = choice_lists.index_and_shards(register_like(15_000))
    assert max(len(rows) for rows in shards.values()) <= choice_lists.CAP
    assert {"association", "sportive", "de"} <= set(index["common"])
    # Every name can still be found by its own word: each of its uncommon words leads to a file holding it.
    for identifier, name, _detail in register_like(15_000)[::997]:
        for word in set(choice_lists.words(name)) - set(index["common"]):
            if len(word) < 2:
                continue
            key = word[: index["depth"].get(word[:2], 2)]
            assert identifier in {row[0] for row in shards[key]}


def test_a_start_shared_by_too_many_names_takes_one_more_letter():
    entries = [(slug, name, "") for slug, name in [("a1", "Astre"), ("a2", "Astuce"), ("a3", "Assiette"), ("a4", "Asile"), ("b1", "As de pique")]]
    index, shards = choice_lists.index_and_shards(entries, cap=3)
    assert index["depth"] == {"as": 3}
    assert {key: [row[0] for row in rows] for key, rows in shards.items() if key.startswith("as")} == {"as": ["b1"], "asi": ["a4"], "ass": ["a3"], "ast": ["a1", "a2"]}
