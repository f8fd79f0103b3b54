"""The index builder: same index as lunr.py's own builder, and a transport form that expands back."""

from __future__ import annotations

import datetime
import gzip
import json

import pytest
from codec_oracle import decode_fixed, decode_numbers, decode_postings, decode_words, expand_index
from conftest import MINIMAL, TODAY
from lunr.builder import Builder
from search_node import run_node

from annuaire.records.loader import load_directory
from annuaire.search import french
from annuaire.search import index as search_index
from annuaire.search.codec import DIGITS, chunk_index, compact_index, encode_fixed, encode_numbers, encode_words, fixed_width, ref
from annuaire.search.documents import TYPE_LABELS, SearchDocument, collect, facet_labels, first_words, record_document, snippet
from annuaire.search.index import VOCABULARY_MIN, build_lunr_index, vocabulary

TEXTS = [
    ("Salle de réunion", "Locaux et salles Trappes", "Une salle lumineuse de vingt places, l'accès se fait par l'escalier."),
    ("Salarié partagé", "Salarié partagé Guyancourt e-graine", "Deux associations partagent un salarié à temps partagé."),
    ("Fourgon 12 m³", "Véhicule Les Clayes-sous-Bois", "Notre fourgon est disponible le week-end ; 10 000 km au compteur."),
    ("Coopération", "", ""),
    ("", "", ""),
    ("Œuvres d'art et émoji 🌱", "Culture", "Ἀθῆναι, עברית, 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 et ﬁn de ligne"),
    # More terms than one digit can count (64): field lengths then take two digits each.
    ("Inventaire", "", " ".join(f"outil{n}" for n in range(70))),
] * 7


def documents():
    return [SearchDocument("offer", t, "x/", "", {"titre": t, "mots": m, "resume": x[:30], "texte": x}) for t, m, x in TEXTS]


def canonical(serialised, precision):
    names = {posting["_index"]: term for term, posting in serialised["invertedIndex"]}
    postings = {term: {field: sorted(posting[field]) for field in serialised["fields"]} for term, posting in serialised["invertedIndex"]}
    vectors = {
        field_ref: {names[elements[i]]: round(elements[i + 1], precision) for i in range(0, len(elements), 2)}
        for field_ref, elements in serialised["fieldVectors"]
    }
    return postings, vectors


def test_french_builder_builds_what_lunr_py_builds():
    assert build_lunr_index(documents()).build().serialize() == build_lunr_index(documents(), Builder).build().serialize()


def test_compact_form_expands_back_to_lunr_py_s_index():
    builder = build_lunr_index(documents())
    assert canonical(expand_index(compact_index(builder)), 3) == canonical(builder.build().serialize(), 3)


def chunked(target=300):
    """The index of documents() in chunks of `target` characters (many chunks), as the site ships it."""
    head, chunks = chunk_index(build_lunr_index(documents()), target)
    assert len(chunks) > 5
    return {"head": head, "chunks": chunks}


def test_chunks_hold_every_term_once_in_order_with_the_field_lengths():
    builder = build_lunr_index(documents())
    compact = compact_index(builder)
    head, chunks = chunk_index(builder, 300)
    assert [term for chunk in chunks for term in chunk["terms"]] == compact["terms"]
    assert head["chunks"] == [[chunk["terms"][0], sum(len(c["terms"]) for c in chunks[:n])] for n, chunk in enumerate(chunks)]
    assert head["termCount"] == len(compact["terms"]) and head["averages"] == compact["averages"]
    lengths = decode_fixed(compact["lengths"], compact["lengthWidth"])
    count = compact["count"]
    postings = iter(decode_postings(compact))
    for chunk in chunks:
        for text in chunk["postings"]:
            numbers, entry = iter(decode_numbers(text)), next(postings)
            for f, pairs in enumerate(entry):
                assert next(numbers) == len(pairs)
                previous = 0
                for position, tf in pairs:
                    assert next(numbers) == 2 * (position - previous) + (tf != 1)
                    if tf != 1:
                        assert next(numbers) == tf - 2
                    assert next(numbers) == lengths[f * count + position]
                    previous = position
            assert next(numbers, None) is None
    assert chunk_index(builder, 10**9)[1] == [{"terms": compact["terms"], "postings": [c for chunk in chunks for c in chunk["postings"]]}]


def test_javascript_expands_like_python():
    compact = compact_index(build_lunr_index(documents()))
    answer = run_node({"mode": "expand", **chunked()})
    expected = expand_index(compact)
    assert answer["index"]["invertedIndex"] == expected["invertedIndex"]
    assert answer["index"]["pipeline"] == expected["pipeline"]
    assert [ref for ref, _ in answer["index"]["fieldVectors"]] == [ref for ref, _ in expected["fieldVectors"]]
    for (_, got), (_, want) in zip(answer["index"]["fieldVectors"], expected["fieldVectors"]):
        assert got == pytest.approx(want, abs=0.0011)


def test_vectors_of_the_terms_a_query_reads_give_lunr_s_scores():
    queries = ["salle", "salarié partagé", "sal*", "salle~1", "fourgon coopération", "titre:salle", "+salle -fourgon", "œuvres émoji"]
    answer = run_node({"mode": "scores", **chunked(), "queries": queries})
    assert all(answer["whole"]) and answer["query"] == answer["whole"]


def test_the_direct_scorer_gives_lunr_s_own_scores_to_the_bit():
    index = chunked()
    terms = [chunk["terms"] for chunk in index["chunks"]]
    terms = [term for chunk in terms for term in chunk]
    clauses = [[[term, {"boost": 10, "prefix": False}]] for term in terms[::5]]
    clauses += [[[term[:3], {"boost": 2, "prefix": True}], [term, {"boost": 10, "prefix": False}], [term, {"boost": 1, "prefix": False}]] for term in terms[::9]]
    clauses += [[[a, {"boost": 10, "prefix": False}], [b, {"boost": 10, "prefix": False}], ["zzz", {"boost": 2, "prefix": True}]] for a, b in zip(terms[::4], terms[3::4])]
    queries = ["salle", "salarié partagé", "fourgon coopération", "œuvres émoji", "outil1", "l'escalier salles", "sal"]
    answer = run_node({"mode": "run", **index, "clauses": clauses, "queries": queries})
    assert answer["ours"] == answer["lunr"]
    assert sum(len(results) for results in answer["ours"]) > 2 * len(clauses)


def test_the_direct_scorer_gives_lunr_s_scores_at_1000_synthetic_records(tmp_path):
    from bench.search import QUERIES
    from bench.synthetic import write_directory

    write_directory(tmp_path / "data", 1000)
    head, chunks = chunk_index(build_lunr_index(collect(load_directory(tmp_path / "data"))), 40_000)
    answer = run_node({"mode": "run", "head": head, "chunks": chunks, "clauses": [], "queries": QUERIES})
    assert answer["ours"] == answer["lunr"]
    assert sum(len(results) for results in answer["ours"]) > 50 * len(QUERIES)


def test_the_term_set_finds_what_lunr_s_own_finds():
    compact = compact_index(build_lunr_index(documents()))
    words = [compact["terms"][n] for n in range(0, len(compact["terms"]), 7)]
    patterns = [[word, 0] for word in words] + [[word[:3] + "*", 0] for word in words] + [[word, 1] for word in words[::3]]
    patterns += [["*", 0], ["", 0], ["s*l*", 0], ["zzz", 0], ["salle", 2], ["coop*", 0], ["🌻", 0]]
    answer = run_node({"mode": "expansions", **chunked(), "patterns": patterns})
    assert answer["ours"] == answer["lunr"]
    assert sum(map(len, answer["ours"])) > len(patterns)  # the patterns do find terms
    assert set(answer["ours"][patterns.index(["*", 0])]) == set(compact["terms"])


def test_terms_are_in_javascript_string_order():
    terms = compact_index(build_lunr_index(documents()))["terms"]
    assert terms == sorted(terms, key=lambda term: term.encode("utf-16-be"))
    assert any(ord(char) > 0xFFFF for term in terms for char in term)


def test_numbers_travel_as_text_and_come_back():
    numbers = [0, 1, 31, 32, 1023, 1024, 4095, 4096, 10_000, 2**30 - 1]
    text = encode_numbers(numbers)
    assert decode_numbers(text) == numbers
    assert encode_numbers([0, 31]) == "Af" and len(encode_numbers([32])) == 2  # five bits a digit
    assert set(text) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") == set(DIGITS)  # safe in JSON and HTML
    with pytest.raises(ValueError):
        encode_numbers([-1])
    with pytest.raises(ValueError):
        decode_numbers(encode_numbers([1024])[:-1])


def test_postings_are_coded_in_few_characters():
    compact = compact_index(build_lunr_index(documents()))
    postings = decode_postings(compact)
    assert len(postings) == len(compact["postings"]) == len(compact["terms"])
    posting_count = sum(len(pairs) for entry in postings for pairs in entry)
    assert sum(len(text) for text in compact["postings"]) < 2.5 * posting_count


def test_field_lengths_travel_as_lunr_counts_them():
    builder = build_lunr_index(documents())
    compact = compact_index(builder)
    lengths = decode_fixed(compact["lengths"], compact["lengthWidth"])
    count, fields = compact["count"], compact["fields"]
    assert len(lengths) == count * len(fields)
    assert compact["lengthWidth"] == 2 and max(lengths) >= 64
    for f, field in enumerate(fields):
        for position in range(count):
            assert lengths[f * count + position] == builder.field_lengths[f"{field}/{ref(position)}"]
        assert compact["averages"][f] == sum(lengths[f * count : (f + 1) * count]) / count
    # ...which are the sums of the term frequencies of each field.
    sums = [0] * (count * len(fields))
    for entry in decode_postings(compact):
        for f, pairs in enumerate(entry):
            for position, tf in pairs:
                sums[f * count + position] += tf
    assert lengths == sums


@pytest.mark.parametrize("largest", [0, 63, 64, 4095, 4096, 300_000])
def test_fixed_width_numbers_read_back(largest):
    numbers = [0, 1, largest // 2, largest]
    width = fixed_width(largest)
    text = encode_fixed(numbers, width)
    assert len(text) == width * len(numbers)
    assert decode_fixed(text, width) == numbers
    assert width == 1 + (largest >= 64) + (largest >= 4096) + (largest >= 262_144)
    with pytest.raises(ValueError):
        encode_fixed([64**width], width)


def test_javascript_decodes_what_python_encodes():
    # codec.py's encoders and their twins of the same names in search-codec.js.
    compact = compact_index(build_lunr_index(documents()))
    numbers = [0, 1, 31, 32, 1023, 1024, 4095, 4096, 10_000, 2**30 - 1]
    lengths = decode_fixed(compact["lengths"], compact["lengthWidth"])
    answer = run_node({
        "mode": "decode",
        "numbers": encode_numbers(numbers),
        "fixed": [compact["lengths"], compact["lengthWidth"], len(lengths)],
        "postings": compact["postings"],
        "fieldCount": len(compact["fields"]),
    })
    assert answer["numbers"] == numbers
    assert answer["fixed"] == lengths and compact["lengthWidth"] == 2
    assert answer["postings"] == [[[list(pair) for pair in pairs] for pairs in entry] for entry in decode_postings(compact)]
    assert run_node({"mode": "decode", "numbers": "", "fixed": ["", 1, 0], "postings": [], "fieldCount": 3}) == {"numbers": [], "fixed": [], "postings": []}


def test_a_term_whose_postings_run_on_is_refused():
    compact = compact_index(build_lunr_index(documents()))
    compact["postings"][0] += encode_numbers([3])
    with pytest.raises(ValueError):
        decode_postings(compact)


def test_display_shards_are_preloaded_only_when_small(monkeypatch):
    many = [SearchDocument("offer", f"Salle {n}", f"offres/salle-{n}/", "Une salle.", {"titre": f"Salle {n}", "mots": "", "texte": ""})
            for n in range(2 * search_index.SHARD_SIZE + 1)]
    labels = {"type": TYPE_LABELS, "categorie": {}, "theme": {}, "commune": {}}
    small = search_index.build(many, labels)
    assert json.loads(small.files["index.json"])["eagerShards"] is True
    assert small.preload == ["index.json", "docs-0.json", "docs-1.json", "docs-2.json"]
    shards = ["docs-0.json", "docs-1.json", "docs-2.json"]
    assert asked(small, f"salle {2 * search_index.SHARD_SIZE}") == {"atCreate": shards, "afterSearch": []}
    monkeypatch.setattr(search_index, "EAGER_SHARDS_GZIP", 100)
    large = search_index.build(many, labels)
    assert json.loads(large.files["index.json"])["eagerShards"] is False and large.preload == ["index.json"]
    assert asked(large, f"salle {2 * search_index.SHARD_SIZE}") == {"atCreate": [], "afterSearch": ["docs-2.json"]}


def asked(files, query):
    """The files the engine asks for when created, then for `query` and its first result's display row."""
    return run_node({"mode": "shards", "data": json.loads(files.files["index.json"]), "files": json_files(files.files), "query": query})


def test_a_large_index_fetches_only_the_chunks_a_query_needs(monkeypatch):
    many = [SearchDocument("offer", f"Salle {n}", f"offres/salle-{n}/", "Une salle.", {"titre": f"Salle {n} mot{n}x", "mots": "", "texte": ""})
            for n in range(300)]
    labels = {"type": TYPE_LABELS, "categorie": {}, "theme": {}, "commune": {}}
    small = search_index.build(many, labels)
    assert not any(name.startswith(("terms-", "words")) for name in small.files)  # small: one file
    monkeypatch.setattr(search_index, "CHUNK_CHARS", 200)
    monkeypatch.setattr(search_index, "INLINE_CHARS", 0)
    monkeypatch.setattr(search_index, "EAGER_SHARDS_GZIP", 0)
    large = search_index.build(many, labels)
    head = json.loads(large.files["index.json"])["index"]
    assert "inline" not in head and len(head["chunks"]) > 10
    chunk_of = {term: f"terms-{n}.json" for n in range(len(head["chunks"])) for term in json.loads(large.files[f"terms-{n}.json"])["terms"]}
    # One word: the chunk of its stem, then the chunks of the terms it starts (the last word is a prefix too).
    found = asked(large, "mot123x")
    assert found["atCreate"] == [] and found["afterSearch"][0] == chunk_of["mot123x"]
    assert set(found["afterSearch"][:-1]) == {chunk_of["mot123x"]} and found["afterSearch"][-1] == f"docs-{123 // search_index.SHARD_SIZE}.json"
    # A typo: the chunks of the word, then the vocabulary, then the chunks of the correction's terms.
    typo = asked(large, "aot123x")["afterSearch"]
    holder = max(n for n, (first, _number) in enumerate(head["chunks"]) if first <= "aot123x")
    assert typo == [f"terms-{holder}.json", "words.json", chunk_of["mot123x"], f"docs-{123 // search_index.SHARD_SIZE}.json"] and typo[0] != typo[2]
    assert len(set(typo)) < len(head["chunks"]) / 2


def test_refs_are_short():
    assert [ref(n) for n in (0, 9, 10, 35, 36, 9999)] == ["0", "9", "a", "z", "10", "7pr"]


def test_descriptions_add_only_new_words():
    assert first_words("La salle de la mairie est une grande salle claire", 4, "Salle de la mairie") == "est une grande claire"
    assert snippet("mot " * 100).endswith("…") and len(snippet("mot " * 100)) <= 161


def test_words_already_there_are_not_added_again_whatever_their_case_and_accents():
    assert first_words("ÉTANGS Etangs étangs de la Minière", 6, "Les étangs") == "de la Minière"


def test_a_title_in_the_register_adds_only_the_words_the_rest_lacks():
    verte = load_directory(MINIMAL, datetime.date.fromisoformat(TODAY)).get("organisation", "asso-verte")
    plain = record_document(verte).fields
    verte.data["titre_officiel"] = "ASSOCIATION VERTE DES ÉTANGS DE LA MINIERE"
    found = record_document(verte).fields
    assert found["mots"] == plain["mots"] + " DES ÉTANGS DE LA MINIERE"
    assert found["titre"] == plain["titre"] and found["texte"] == plain["texte"]  # the name's weight is unchanged
    assert found["resume"] == plain["resume"] == verte.data["resume"]
    verte.data["titre_officiel"] = "ASSOCIATION VÉRTE"  # its name again: nothing to add
    assert record_document(verte).fields == plain


def test_dissolved_organisations_and_their_offers_and_needs_are_not_searched():
    day = datetime.date.fromisoformat(TODAY)
    directory = load_directory(MINIMAL, day)
    directory.get("organisation", "asso-verte").data["dissoute"] = True
    titles = {document.title for document in collect(directory, today=day)}
    assert titles == {"Mairie de test", "Bénévoles pour la fête", "Projet commun"}
    assert "Association verte" in {document.title for document in collect(directory)}  # without a date, everything (the benchmark)


# --- The vocabulary of typo corrections ---------------------------------------------

WORDS = ["cooperation", "cooperations", "cooperative", "a", "ab", "abc", "x" * 70, "x" * 70 + "y", "a\U0001f600x", "a\U0001f601y",
         "a\U0001f601z", "é", "ﬁn", "zz", "l'ete"]


def test_words_travel_front_coded_and_come_back():
    text = encode_words(WORDS + ["abc"])
    expected = sorted(set(WORDS), key=lambda word: word.encode("utf-16-be"))  # JavaScript's string order
    assert decode_words(text) == expected
    assert encode_words(["cooperation", "cooperations", "cooperative"]) == "Acooperation Ls Jve"  # codec.py's example
    assert len(encode_words(["x" * 70, "x" * 70 + "y"]).split(" ")[1]) == 9  # at most 63 shared: "_" and 8 more
    assert len(text) < len(" ".join(expected))
    # search-codec.js's decodeWords, twin of codec.py's encode_words (the emoji share only half their UTF-16 code units)
    assert run_node({"mode": "words", "texts": [text, ""]})["words"] == [expected, []]
    for wrong in (["a b"], [""]):
        with pytest.raises(ValueError):
            encode_words(wrong)


def vocabulary_documents():
    extra = SearchDocument("page", "Vélo", "v/", "", {"titre": "Vélo cargo", "mots": "", "resume": "Les Coopérations d'Œuvres", "texte": "mutualisées, qu'ils 2026"})
    return documents() + [extra]


def test_the_vocabulary_holds_the_long_surface_words_of_every_field():
    docs = vocabulary_documents()
    words = vocabulary(docs)
    terms = set(compact_index(build_lunr_index(docs))["terms"])
    assert words == sorted(set(words)) and VOCABULARY_MIN == 4
    assert {"reunion", "salarie", "lumineuse", "escalier", "cooperations", "oeuvres", "mutualisees", "cargo", "velo"} <= set(words)
    assert not {"ils", "2026", "km", "art", "10"} & set(words)  # a stop word, numbers, words of fewer than 4 letters
    assert all(len(word) >= VOCABULARY_MIN and french.fold(word) == word and " " not in word for word in words)
    assert all(french.analyse(word) and set(french.analyse(word)) <= terms for word in words)  # a correction finds its records


def test_the_index_ships_the_vocabulary_and_what_ranks_second():
    labels = {"type": TYPE_LABELS, "categorie": {}, "theme": {}, "commune": {}}
    data = json.loads(search_index.build(vocabulary_documents(), labels).files["index.json"])
    assert decode_words(data["words"]) == vocabulary(vocabulary_documents())
    assert data["secondary"] == {"types": ["page"], "fields": ["texte"]}
    assert data["index"]["fields"] == ["titre", "mots", "resume", "texte"] and data["index"]["boosts"] == [10, 5, 2, 1]


def test_the_vocabulary_costs_little_at_1000_synthetic_records(tmp_path):
    from bench.search import build_ours
    from bench.synthetic import write_directory

    write_directory(tmp_path / "data", 1000)
    (tmp_path / "out").mkdir()
    build_ours(tmp_path / "data", tmp_path / "out")
    out = tmp_path / "out"
    words = json.loads((out / "index.json").read_bytes()).get("words") or json.loads((out / "words.json").read_bytes())
    whole = sum(path.stat().st_size for path in [out / "index.json.gz", *out.glob("terms-*.json.gz")])
    assert len(gzip.compress(words.encode("utf-8"), 6, mtime=0)) <= 0.05 * whole


# --- The engine on small indexes built here -------------------------------------------


def json_files(files):
    """{name: content} of the search files other than index.json, as the engine's loadFile gives them."""
    return {name: json.loads(content) for name, content in files.items() if name.endswith(".json") and name != "index.json"}


def engine(docs, queries):
    """search-core.js on the index of `docs`: {"results": [[row, ...], ...], "searches": [...]} (query.js's answer)."""
    labels = {"type": TYPE_LABELS, "categorie": {}, "theme": {}, "commune": {}}
    files = search_index.build(docs, labels).files
    request = {"mode": "engine", "data": json.loads(files["index.json"]), "files": json_files(files), "queries": [{"q": q, "limit": 50} for q in queries]}
    return run_node(request)


def record(title, kind="offer", **fields):
    return SearchDocument(kind, title, title.lower().replace(" ", "-") + "/", "", {"titre": title, "mots": "", "resume": "", "texte": "", **fields})


def test_the_name_counts_most_then_keywords_then_the_summary_and_pages_and_descriptions_come_last():
    # The same lengths everywhere, so that only the field (and the type) decides.
    docs = [
        record("Ballon rouge", mots="grand sac", resume="petit panier", texte="long carton"),
        record("Ballon jaune", kind="page", mots="grand sac", resume="petit panier", texte="long carton"),
        record("Caisse bleue", mots="grand ballon", resume="petit panier", texte="long carton"),
        record("Caisse verte", mots="grand sac", resume="petit ballon", texte="long carton"),
        record("Caisse grise", mots="grand sac", resume="petit panier", texte="long ballon"),
        record("Caisse noire", mots="grand sac", resume="petit panier", texte="long carton"),
    ]
    answer = engine(docs, ["ballon", "ballons"])
    order = ["ballon-rouge/", "caisse-bleue/", "caisse-verte/", "ballon-jaune/", "caisse-grise/"]
    assert [row["ref"] for row in answer["results"][0]] == [row["ref"] for row in answer["results"][1]] == order
    scores = {row["ref"]: row["score"] for row in answer["results"][0]}
    assert scores["ballon-jaune/"] > scores["caisse-bleue/"]  # the page's name weighs more, yet it comes after the records


def test_short_and_unknown_words_find_only_what_they_hold():
    docs = [record("Vélo cargo à prêter"), record("Salle des fêtes"), record("Coopération intercommunale", resume="Une entente")]
    queries = ["vél", "vélo", "VELO", "vélos", "bus", "ve", "zz", "xyzw", "coopérati", "le", "de la", "salle des"]
    answer = engine(docs, queries)
    found = {q: [row["ref"] for row in rows] for q, rows in zip(queries, answer["results"])}
    searches = dict(zip(queries, answer["searches"]))
    assert found["vél"] == found["vélo"] == found["VELO"] == found["vélos"] == ["vélo-cargo-à-prêter/"]
    assert found["bus"] == found["ve"] == found["zz"] == found["xyzw"] == []
    assert found["coopérati"] == ["coopération-intercommunale/"] and searches["coopérati"]["suggestion"] is None  # completed, not corrected
    for q in ("le", "de la"):  # stop words alone: every record, as for an empty query
        assert searches[q]["words"] == 0 and searches[q]["total"] == 3 and {row["score"] for row in answer["results"][queries.index(q)]} == {0}
    assert found["salle des"] == ["salle-des-fêtes/"] and searches["salle des"]["ignored"] == ["des"]


def test_what_only_a_correction_finds_comes_after_exact_matches_whatever_its_score():
    docs = [record("Salle polyvalente municipale rénovée lumineuse et chauffée"), record("Ordinateurs"), record("Fourgon")]
    answer = engine(docs, ["salle ordinatuers", "ordinatuers"])
    rows, search = answer["results"][0], answer["searches"][0]
    assert [row["ref"] for row in rows] == ["salle-polyvalente-municipale-rénovée-lumineuse-et-chauffée/", "ordinateurs/"]
    assert rows[1]["score"] > rows[0]["score"]
    assert not search["allWords"] and search["suggestion"] == "salle ordinateurs"
    assert [row["ref"] for row in answer["results"][1]] == ["ordinateurs/"] and answer["searches"][1]["suggestion"] == "ordinateurs"


def test_typos_are_forgiven_from_5_letters_and_two_from_9():
    docs = [record("Atelier"), record("Tables"), record("Coopérative"), record("Mutualisation"), record("Jardinage")]
    queries = {
        "ateleir": "atelier/",  # two letters swapped: one edit
        "tabls": "tables/",  # 5 letters, one dropped
        "tabl": "tables/",  # found as a prefix: the last word is one while it is typed
        "tbles": "tables/",
        "tbls": None,  # 4 letters: no typo forgiven
        "coperatve": "coopérative/",  # 9 letters, two dropped
        "coperatv": None,  # 8 letters, three edits away
        "mutualistion": "mutualisation/",
        "mutulistion": "mutualisation/",  # two edits
        "jrdnage": None,  # 7 letters, two edits: one only below 9
    }
    answer = engine(docs, list(queries))
    for (query, expected), rows in zip(queries.items(), answer["results"]):
        assert [row["ref"] for row in rows] == ([expected] if expected else []), query


def test_the_suggestion_is_the_nearest_then_the_most_common_word():
    docs = [record("Salle A"), record("Salle B"), record("Salle C"), record("Sable fin")]
    answer = engine(docs, ["salbe"])  # one edit from « salle » and from « sable »
    assert answer["searches"][0]["suggestion"] == "salle"
    assert {row["ref"] for row in answer["results"][0]} == {"salle-a/", "salle-b/", "salle-c/", "sable-fin/"}


def test_edit_distances_count_as_lunr_s_fuzzy_matching_does():
    pairs = [["ordinatuers", "ordinateurs", 1], ["fourgn", "fourgon", 1], ["cooperaton", "cooperation", 1], ["salle", "salle", 0],
             ["", "abc", 3], ["abc", "", 3], ["ca", "abc", 3], ["mutulistion", "mutualisation", 2], ["sallle", "salle", 1]]
    assert run_node({"mode": "distances", "pairs": [pair[:2] for pair in pairs]})["distances"] == [pair[2] for pair in pairs]


def test_offers_and_needs_carry_the_access_facet_on_the_build_date():
    day = datetime.date.fromisoformat(TODAY)
    directory = load_directory(MINIMAL, day)
    documents = collect(directory, today=day)
    by_title = {document.title: document for document in documents}
    # salle-verte: « gratuit », available from 2026-01-01 to 2026-12-31; the need has no terms and no dates.
    assert by_title["Salle de réunion"].access == ["gratuit", "disponible-maintenant"]
    assert by_title["Bénévoles pour la fête"].access == ["disponible-maintenant"]
    assert by_title["Association verte"].access == []  # organisations and projects have none
    labels = facet_labels(directory)
    data = search_index.facet_data(documents, labels)
    assert data["acces"] == [["gratuit", "Gratuit"], ["disponible-maintenant", "Disponible maintenant"]]
    numbers = iter(decode_numbers(data["rows"]))
    rows = [[[next(numbers) for _ in range(next(numbers))] for _facet in range(5)] for _document in documents]
    assert [[data["acces"][v][0] for v in row[4]] for row in rows] == [document.access for document in documents]
    # After the offer's period it is only « gratuit »; no document available, no such value.
    later = datetime.date(2027, 1, 1)
    offer = directory.get("offer", "salle-verte")
    assert record_document(offer, later).access == ["gratuit"]
    assert record_document(offer).access == ["gratuit"]  # without a date (the benchmark)
    assert search_index.facet_data([record_document(offer, later)], labels)["acces"] == [["gratuit", "Gratuit"]]


def test_the_search_filters_on_gratuit_and_disponible_maintenant_as_python_says(tmp_path):
    day = datetime.date.fromisoformat(TODAY)
    documents = collect(load_directory(MINIMAL, day), today=day)
    files = search_index.build(documents, facet_labels(load_directory(MINIMAL, day)))
    data = json.loads(files.files["index.json"])
    queries = [{"q": "", "filters": {"acces": [value]}, "limit": 100} for value in ("gratuit", "disponible-maintenant")]
    answer = run_node({"mode": "engine", "data": data, "files": json_files(files.files), "queries": queries})
    for value, results, search in zip(("gratuit", "disponible-maintenant"), answer["results"], answer["searches"]):
        assert sorted(row["ref"] for row in results) == sorted(d.url for d in documents if value in d.access), value
        counts = {item["value"]: item["count"] for item in search["facets"]["acces"]}
        assert counts[value] == sum(value in d.access for d in documents)


def test_an_index_in_chunks_answers_as_the_same_index_whole(tmp_path, monkeypatch):
    # 1,000 synthetic records: chunks fetched query by query give the results, scores, facets and
    # suggestions of the same index loaded whole (whose scores are lunr's: see the tests above).
    from bench.search import QUERIES
    from bench.synthetic import write_directory

    write_directory(tmp_path / "data", 1000)
    directory = load_directory(tmp_path / "data")
    docs, labels = collect(directory), facet_labels(directory)
    queries = [{"q": q, "limit": 30} for q in [*QUERIES, "salle jardins", "benevoles cuisine", "photographi", "xyzzy"]]
    queries += [{"q": "salle", "filters": {"type": ["offer"]}, "limit": 30}]
    monkeypatch.setattr(search_index, "CHUNK_CHARS", 5_000)
    chunked = search_index.build(docs, labels)
    assert sum(name.startswith("terms-") and name.endswith(".json") for name in chunked.files) > 10
    monkeypatch.setattr(search_index, "INLINE_CHARS", 10**9)
    whole = search_index.build(docs, labels)
    assert not any(name.startswith("terms-") for name in whole.files)
    answers = [
        run_node({"mode": "engine", "data": json.loads(files.files["index.json"]), "files": json_files(files.files), "queries": queries})
        for files in (chunked, whole)
    ]
    assert answers[0] == answers[1]
    assert sum(len(results) for results in answers[0]["results"]) > 20 * len(queries)
