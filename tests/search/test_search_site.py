"""The search of the sample site: files written by the build, and relevance in lunr.js.

Queries run in Node through annuaire/search/query.js and
annuaire/search/browser/search-core.js: the code the browser runs.
"""

from __future__ import annotations

import gzip
import json
import re
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from codec_oracle import chunk_postings, decode_numbers
from search_node import run_node

from annuaire.search import french
from annuaire.search.bundle import BROWSER, PARTS
from annuaire.search.documents import SECONDARY, TYPE_LABELS

ROOT = Path(__file__).resolve().parents[2]

# (query, a record that must be among the first five results)
RELEVANCE = [
    ("salle", "offres/ressourcerie-des-etangs-salle-reunion/"),
    ("salles", "offres/octet-pour-tous-salle-informatique/"),
    ("salle informatique", "offres/octet-pour-tous-salle-informatique/"),
    ("salle de réunion", "offres/ressourcerie-des-etangs-salle-reunion/"),
    ("assemblées", "offres/ressourcerie-des-etangs-salle-reunion/"),
    ("salaries", "offres/e-graine-salaries-partages/"),
    ("salarié partagé", "offres/e-graine-salaries-partages/"),
    ("temps partagé", "offres/chapiteau-bleu-charge-communication/"),
    ("chargée de communication", "offres/chapiteau-bleu-charge-communication/"),
    ("communication", "offres/chapiteau-bleu-charge-communication/"),
    ("comptable", "besoins/coop-mobilite-comptable-temps-partage/"),
    ("locaux", "offres/equilib-energy-partage-de-locaux/"),
    ("local", "besoins/jardins-du-plateau-local-stockage/"),
    ("partager des locaux", "offres/equilib-energy-partage-de-locaux/"),
    ("stockage", "besoins/jardins-du-plateau-local-stockage/"),
    ("outils de jardinage", "besoins/jardins-du-plateau-local-stockage/"),
    ("mutualiser", "organisations/equilib-energy/"),
    ("mutualisation", "organisations/equilib-energy/"),
    ("cooperation", "projets/ptce-la-verriere/"),
    ("coopérations", "projets/ptce-la-verriere/"),
    ("société coopérative", "organisations/coop-mobilite-du-val/"),
    ("l'association Equilib'Energy", "organisations/equilib-energy/"),
    ("fourgon", "offres/atelier-bois-et-co-fourgon/"),
    ("fourgons", "besoins/chapiteau-bleu-fourgon-tournee/"),
    ("vehicule", "offres/atelier-bois-et-co-fourgon/"),
    ("véhicules", "besoins/chapiteau-bleu-fourgon-tournee/"),
    ("permis B", "offres/atelier-bois-et-co-fourgon/"),
    ("déménagement", "offres/atelier-bois-et-co-fourgon/"),
    ("week-end", "offres/atelier-bois-et-co-fourgon/"),
    ("agrès", "besoins/chapiteau-bleu-fourgon-tournee/"),
    ("benevoles", "offres/sport-ensemble-benevoles-evenements/"),
    ("bénévole", "besoins/ressourcerie-des-etangs-benevoles-tri/"),
    ("collecte", "besoins/ressourcerie-des-etangs-benevoles-tri/"),
    ("tri", "besoins/ressourcerie-des-etangs-benevoles-tri/"),
    ("evenements", "offres/ressourcerie-des-etangs-mobilier-evenementiel/"),
    ("tables chaises", "besoins/sport-ensemble-tables-chaises-tournoi/"),
    ("prêt de tables", "offres/ressourcerie-des-etangs-mobilier-evenementiel/"),
    ("barnum", "offres/ressourcerie-des-etangs-mobilier-evenementiel/"),
    ("tournoi", "besoins/sport-ensemble-tables-chaises-tournoi/"),
    ("ordinateurs", "besoins/octet-pour-tous-ordinateurs-reformes/"),
    ("ordinateur", "besoins/octet-pour-tous-ordinateurs-reformes/"),
    ("portables", "besoins/octet-pour-tous-ordinateurs-reformes/"),
    ("linux", "besoins/octet-pour-tous-ordinateurs-reformes/"),
    ("douze ordinateurs", "offres/octet-pour-tous-salle-informatique/"),
    ("vidéoprojecteur", "offres/octet-pour-tous-salle-informatique/"),
    ("site web", "besoins/entraide-seniors-site-web/"),
    ("médiation numérique", "organisations/octet-pour-tous/"),
    ("compost", "offres/jardins-du-plateau-compost-semences/"),
    ("semence", "offres/jardins-du-plateau-compost-semences/"),
    ("compostage", "organisations/jardins-du-plateau/"),
    ("jardins partagés", "organisations/jardins-du-plateau/"),
    ("jardinage", "besoins/jardins-du-plateau-local-stockage/"),
    ("transport solidaire", "offres/coop-mobilite-transport-solidaire/"),
    ("transports", "besoins/entraide-seniors-transport-sorties/"),
    ("chauffeurs", "offres/coop-mobilite-transport-solidaire/"),
    ("mobilité", "organisations/coop-mobilite-du-val/"),
    ("scic", "organisations/coop-mobilite-du-val/"),
    ("CMV", "organisations/coop-mobilite-du-val/"),
    ("MGEN", "organisations/mgen/"),
    ("mutuelle", "organisations/mgen/"),
    ("santé", "organisations/mgen/"),
    ("Tracetel", "organisations/tracetel/"),
    ("technologiques", "projets/ptce-la-verriere/"),
    ("PTCE", "projets/ptce-la-verriere/"),
    ("la verriere", "projets/ptce-la-verriere/"),
    ("maintien à domicile", "projets/ptce-la-verriere/"),
    ("personnes dépendantes", "projets/ptce-la-verriere/"),
    ("e-graine", "organisations/e-graine/"),
    ("bleu oxygene", "organisations/bleu-oxygene-developpement/"),
    ("Equilib'Energy", "organisations/equilib-energy/"),
    ("equilibenergy", "organisations/equilib-energy/"),
    ("codesqy", "organisations/codesqy/"),
    ("casqy", "organisations/saint-quentin-en-yvelines/"),
    ("agglomération", "organisations/saint-quentin-en-yvelines/"),
    ("saint-quentin-en-yvelines", "organisations/saint-quentin-en-yvelines/"),
    ("maison de l'environnement", "organisations/maison-environnement-sqy/"),
    ("ressourcerie", "organisations/ressourcerie-des-etangs/"),
    ("vaisselle", "organisations/ressourcerie-des-etangs/"),
    ("reemploi", "projets/reseau-reemploi-sqy/"),
    ("réparation", "projets/reseau-reemploi-sqy/"),
    ("déchets", "projets/reseau-reemploi-sqy/"),
    ("menuiserie", "organisations/atelier-bois-et-co/"),
    ("bois", "organisations/atelier-bois-et-co/"),
    ("groupement d'employeurs", "projets/groupement-employeurs-ouest-sqy/"),
    ("employeurs", "projets/groupement-employeurs-ouest-sqy/"),
    ("animateur", "projets/groupement-employeurs-ouest-sqy/"),
    ("tiers-lieu", "projets/tiers-lieu-numerique-guyancourt/"),
    ("tiers lieu numérique", "projets/tiers-lieu-numerique-guyancourt/"),
    ("espace de travail", "projets/tiers-lieu-numerique-guyancourt/"),
    ("cirque", "organisations/compagnie-du-chapiteau-bleu/"),
    ("chapiteau", "organisations/compagnie-du-chapiteau-bleu/"),
    ("handicap", "organisations/sport-ensemble-elancourt/"),
    ("omnisports", "organisations/sport-ensemble-elancourt/"),
    ("personnes âgées", "organisations/entraide-seniors-des-bois/"),
    ("seniors", "organisations/entraide-seniors-des-bois/"),
    ("isolement", "organisations/entraide-seniors-des-bois/"),
    ("aînés", "projets/sorties-solidaires-aines/"),
    ("sorties", "projets/sorties-solidaires-aines/"),
    ("fondation", "organisations/fondation-horizons-partages/"),
    ("formation", "offres/octet-pour-tous-formation-outils-collaboratifs/"),
    ("mecenat", "offres/fondation-horizons-partages-mecenat-competences/"),
    ("mécénat de compétences", "offres/fondation-horizons-partages-mecenat-competences/"),
    ("droit", "offres/fondation-horizons-partages-mecenat-competences/"),
    ("budget", "offres/fondation-horizons-partages-mecenat-competences/"),
    # Communes: the records there
    ("guyancourt", "organisations/octet-pour-tous/"),
    ("salle trappes", "offres/ressourcerie-des-etangs-salle-reunion/"),
    ("élancourt", "organisations/sport-ensemble-elancourt/"),
    ("villepreux", "organisations/compagnie-du-chapiteau-bleu/"),
    ("plaisir", "organisations/coop-mobilite-du-val/"),
    ("magny-les-hameaux", "organisations/jardins-du-plateau/"),
    ("voisins-le-bretonneux", "organisations/entraide-seniors-des-bois/"),
    ("montigny", "organisations/fondation-horizons-partages/"),
    # Pages still answer what only they hold
    ("speed dating", "actualites/speed-dating-cooperation-exemple/"),
    ("contribuer", "contribuer/"),
    ("à propos", "a-propos/"),
    # Prefixes, as typed
    ("fourg", "offres/atelier-bois-et-co-fourgon/"),
    ("mutual", "organisations/equilib-energy/"),
    ("coopé", "projets/ptce-la-verriere/"),
    ("sal", "offres/ressourcerie-des-etangs-salle-reunion/"),
    ("ordi", "besoins/octet-pour-tous-ordinateurs-reformes/"),
    ("jardi", "organisations/jardins-du-plateau/"),
    ("transp", "offres/coop-mobilite-transport-solidaire/"),
    # ...that the stems' prefixes miss, completed from the vocabulary: « coopérati(on) » stems to « cooperat »
    ("coopérati", "organisations/coop-mobilite-du-val/"),
]

# (typo, a record that must be among the first five results, the « Vouliez-vous dire » suggestion): typos of the
# directory's own words, which found nothing before the engine corrected them on their surface form.
TYPOS = [
    # a letter dropped
    ("fourgn", "offres/atelier-bois-et-co-fourgon/", "fourgon"),
    ("coopératon", "projets/ptce-la-verriere/", "coopération"),
    ("mutualisaton", "organisations/equilib-energy/", "mutualisation"),
    ("ressourcrie", "organisations/ressourcerie-des-etangs/", "ressourcerie"),
    ("informatiqe", "offres/octet-pour-tous-salle-informatique/", "informatique"),
    ("ordinatur", "besoins/octet-pour-tous-ordinateurs-reformes/", "ordinateur"),
    ("jardinge", "besoins/jardins-du-plateau-local-stockage/", "jardinage"),
    ("menuisrie", "organisations/atelier-bois-et-co/", "menuiserie"),
    # a letter doubled
    ("fourggon", "offres/atelier-bois-et-co-fourgon/", "fourgon"),
    ("sallle", "offres/ressourcerie-des-etangs-salle-reunion/", "salle"),
    ("ordinnateurs", "besoins/octet-pour-tous-ordinateurs-reformes/", "ordinateurs"),
    ("mutuellle", "organisations/mgen/", "mutuelle"),
    ("comptablle", "besoins/coop-mobilite-comptable-temps-partage/", "comptable"),
    ("chapitteau", "organisations/compagnie-du-chapiteau-bleu/", "chapiteau"),
    ("vaissselle", "organisations/ressourcerie-des-etangs/", "vaisselle"),
    # two letters swapped
    ("ordinatuers", "besoins/octet-pour-tous-ordinateurs-reformes/", "ordinateurs"),
    ("comptabel", "besoins/coop-mobilite-comptable-temps-partage/", "comptable"),
    ("fourgno", "offres/atelier-bois-et-co-fourgon/", "fourgon"),
    ("ressourcreie", "organisations/ressourcerie-des-etangs/", "ressourcerie"),
    ("mécénta", "offres/fondation-horizons-partages-mecenat-competences/", "mécénat"),
    ("jardniage", "besoins/jardins-du-plateau-local-stockage/", "jardinage"),
    ("tournio", "besoins/sport-ensemble-tables-chaises-tournoi/", "tournoi"),
    ("chiases", "besoins/sport-ensemble-tables-chaises-tournoi/", "chaises"),
    # accents missing, and a typo: the suggestion has its accents, from the results' text
    ("cooperaton", "projets/ptce-la-verriere/", "coopération"),
    ("evenemnts", "offres/sport-ensemble-benevoles-evenements/", "événements"),
    ("benevolles", "offres/sport-ensemble-benevoles-evenements/", "bénévoles"),
    ("reemplio", "projets/reseau-reemploi-sqy/", "réemploi"),
    ("mecenta", "offres/fondation-horizons-partages-mecenat-competences/", "mécénat"),
    # in a query of several words, after an elided article
    ("salle informatiqe", "offres/octet-pour-tous-salle-informatique/", "salle informatique"),
    ("l'ordinatuer", "besoins/octet-pour-tous-ordinateurs-reformes/", "l'ordinateur"),
]

# Words the directory does not hold, of four letters or fewer, and longer ones with no word near them: nothing.
NOTHING = ["bus", "velo", "vélo", "vél", "xyzw", "zzz", "kw", "xyzw zzz", "zzzzqqq", "qwertyuiop", "le bus"]

# Stop words alone: an empty query (every record, in the index's order, score 0), never a ranking.
STOP_WORDS = ["a", "le", "de la", "Les", "à la", "l'", "des", "QUE"]

# Pairs of queries that must give the same results: accents, case, plurals, elisions, stop words.
EQUIVALENT = [
    ("l'association", "association"),
    ("Coopération", "cooperation"),
    ("coopératives", "coopérative"),
    ("salaries", "salariés"),
    ("LOCAUX", "locaux"),
    ("d'entraide", "entraide"),
    ("événements", "evenement"),
    ("salle de la mairie", "salle mairie"),
]

# Words that records hold in their names, categories, themes, communes or summaries, and pages too.
RECORDS_BEFORE_PAGES = [
    "coopérations", "cooperation", "coopérer", "ordinateur", "informatique", "mutualisation", "mutualiser", "salariés",
    "bénévoles", "locaux", "association", "atelier", "partage", "partager", "environnement", "compétences", "salle",
    "structures", "témoigné", "soirée", "projet", "solidarité", "matériel", "commune", "emploi", "agenda",
]


def queries() -> dict[str, dict]:
    """Every query of this module run on the built site, by name."""
    named = {f"relevance {n}": {"q": q, "limit": 5} for n, (q, _) in enumerate(RELEVANCE)}
    named |= {f"typo {n}": {"q": q, "limit": 5} for n, (q, _, _) in enumerate(TYPOS)}
    named |= {f"nothing {q}": {"q": q, "limit": 5} for q in NOTHING}
    named |= {f"stop {q}": {"q": q, "limit": 100} for q in STOP_WORDS}
    named |= {f"equivalent {q}": {"q": q, "limit": 10} for pair in EQUIVALENT for q in pair}
    named |= {f"pages {q}": {"q": q, "limit": 100} for q in RECORDS_BEFORE_PAGES}
    named |= {
        "everything": {"q": "", "limit": 100},
        "rooms": {"q": "", "filters": {"type": ["offer"], "categorie": ["locaux"]}, "limit": 100},
        "salle in trappes": {"q": "salle", "filters": {"commune": ["trappes"]}, "limit": 100},
        "exact and corrected": {"q": "fourgon ordinatuers", "limit": 100},
        "coopérations": {"q": "coopérations", "limit": 5},
        "ordinateur": {"q": "ordinateur", "limit": 5},
    }
    return named


@pytest.fixture(scope="module")
def answers(built_site):
    named = queries()
    answer = run_node({"mode": "site", "output": str(built_site), "queries": list(named.values())})
    answered = {name: (results, search) for name, results, search in zip(named, answer["results"], answer["searches"])}
    return answered | {"typeLabels": answer["typeLabels"]}


@pytest.fixture(scope="module")
def built_index(built_site):
    """The built index.json, and the display rows of its documents, as the build wrote them."""
    folder = next(path for path in (built_site / "search").iterdir() if (path / "index.json").is_file())
    data = json.loads((folder / "index.json").read_text("utf-8"))
    rows = [row for n in range(len(list(folder.glob("docs-*.json")))) for row in json.loads((folder / f"docs-{n}.json").read_text("utf-8"))]
    return data, rows


def refs(answers, name):
    return [row["ref"] for row in answers[name][0]]


def test_there_are_enough_relevance_queries():
    assert len(RELEVANCE) >= 80 and len({q for q, _ in RELEVANCE}) == len(RELEVANCE)
    assert len(TYPOS) >= 20


@pytest.mark.parametrize(("number", "query", "expected"), [(n, q, e) for n, (q, e) in enumerate(RELEVANCE)])
def test_relevance(answers, number, query, expected):
    assert expected in refs(answers, f"relevance {number}"), f"{query!r}: {refs(answers, f'relevance {number}')}"


@pytest.mark.parametrize(("number", "query", "expected", "suggestion"), [(n, *typo) for n, typo in enumerate(TYPOS)])
def test_a_typo_finds_its_record_and_suggests_the_word(answers, number, query, expected, suggestion):
    results, search = answers[f"typo {number}"]
    assert expected in [row["ref"] for row in results], f"{query!r}: {results}"
    assert search["suggestion"] == suggestion


@pytest.mark.parametrize("query", NOTHING)
def test_a_word_the_directory_does_not_hold_finds_nothing(answers, query):
    results, search = answers[f"nothing {query}"]
    assert results == [] and search["total"] == 0 and search["suggestion"] is None
    assert search["words"] >= 1


@pytest.mark.parametrize("query", STOP_WORDS)
def test_stop_words_alone_are_an_empty_query(answers, query):
    results, search = answers[f"stop {query}"]
    everything, empty = answers["everything"]
    assert search["words"] == 0 and search["ignored"] and search["suggestion"] is None
    assert results == everything and {row["score"] for row in results} == {0}
    assert search["total"] == empty["total"] and search["facets"] == empty["facets"]


def test_what_only_a_correction_finds_comes_after_exact_matches(answers):
    results, search = answers["exact and corrected"]
    found = [row["ref"] for row in results]
    fourgons = [n for n, ref in enumerate(found) if "fourgon" in ref]
    computers = found.index("besoins/octet-pour-tous-ordinateurs-reformes/")
    assert fourgons and max(fourgons) < computers  # whatever the scores
    assert not search["allWords"] and search["suggestion"] == "fourgon ordinateurs"


@pytest.mark.parametrize("number", range(len(EQUIVALENT)))
def test_equivalent_queries_give_the_same_results(answers, number):
    first, second = (refs(answers, f"equivalent {q}") for q in EQUIVALENT[number])
    assert first, EQUIVALENT[number]
    assert first == second, EQUIVALENT[number]


def test_empty_query_lists_everything_with_facet_counts(answers, built_index):
    everything = answers["everything"][1]
    types = {item["value"]: item["count"] for item in everything["facets"]["type"]}
    _data, rows = built_index
    assert types == {kind: sum(row[0] == kind for row in rows) for kind in {row[0] for row in rows}}
    assert types["organisation"] >= 18 and types["offer"] >= 12 and types["need"] >= 8 and types["project"] >= 5
    assert everything["total"] == sum(types.values()) == len(rows)


def test_facets_combine_with_the_query_and_each_other(answers):
    rooms = refs(answers, "rooms")
    assert set(rooms) >= {
        "offres/equilib-energy-partage-de-locaux/",
        "offres/octet-pour-tous-salle-informatique/",
        "offres/ressourcerie-des-etangs-salle-reunion/",
    }
    search = answers["rooms"][1]
    # Counted with the other filters: every type keeps its count of "locaux".
    types = {item["value"]: item["count"] for item in search["facets"]["type"]}
    assert types["offer"] == len(rooms) and types["need"] >= 1 and set(types) <= {"offer", "need"}
    in_trappes = refs(answers, "salle in trappes")
    assert in_trappes[0] == "offres/ressourcerie-des-etangs-salle-reunion/"
    assert all("guyancourt" not in ref for ref in in_trappes)


def test_the_issue_s_ranking_examples(answers):
    """The issue's examples: a news article and « À propos » above the projects, « Contribuer » above the computers."""
    assert [row["type"] for row in answers["coopérations"][0]][:4].count("page") == 0
    assert refs(answers, "ordinateur")[:2] == ["besoins/octet-pour-tous-ordinateurs-reformes/", "offres/octet-pour-tous-salle-informatique/"]


@pytest.mark.parametrize("query", RECORDS_BEFORE_PAGES)
def test_records_holding_the_words_outside_their_descriptions_come_before_pages(answers, built_index, query):
    """Read from the built index's postings, not from the engine: the records that hold a term of the query in
    their name, categories, themes, communes or summary all rank above every page."""
    data, rows = built_index
    index = data["index"]
    terms = set(french.analyse(query))
    primary = [f for f, field in enumerate(index["fields"]) if field not in SECONDARY["fields"]]
    holders = set()
    for term, postings in chunk_postings(index, index["inline"]):  # the sample site's index travels whole
        if term in terms:
            holders |= {position for f in primary for position, _tf, _length in postings[f] if rows[position][0] not in SECONDARY["types"]}
    found = refs(answers, f"pages {query}")
    pages = [n for n, row in enumerate(answers[f"pages {query}"][0]) if row["type"] == "page"]
    ranks = [found.index(rows[position][2]) for position in holders]
    assert holders and pages, query  # the query tests something
    assert max(ranks) < min(pages), query


@pytest.fixture(scope="module")
def place_answers(built_site, built_index):
    """Each commune's and theme's name as a query, alone and filtered on that commune or theme."""
    data, _rows = built_index
    named = {}
    for facet in ("commune", "theme"):
        for value, label in data["facets"][facet]:
            named[(facet, value, "all")] = {"q": label, "limit": 100}
            named[(facet, value, "there")] = {"q": label, "filters": {facet: [value]}, "limit": 100}
    answer = run_node({"mode": "site", "output": str(built_site), "queries": list(named.values())})
    return {name: [row["ref"] for row in results] for name, results in zip(named, answer["results"])}


def test_a_query_naming_a_commune_or_a_theme_ranks_the_records_there_first(place_answers):
    names = {(facet, value) for facet, value, _ in place_answers}
    assert len(names) >= 20
    for facet, value in sorted(names):
        there = place_answers[(facet, value, "there")]
        assert there, (facet, value)
        assert set(place_answers[(facet, value, "all")][: len(there)]) == set(there), (facet, value)


def test_result_types_are_labelled_from_the_index(answers, built_site):
    # The search page's type badges read these labels from index.json, not from a list of its own.
    assert answers["typeLabels"] == TYPE_LABELS
    assert TYPE_LABELS["offer"] == "Offre" and TYPE_LABELS["page"] == "Page"
    index = next((built_site / "search").glob("*/index.json"))
    assert json.loads(index.read_text("utf-8"))["facets"]["type"] == [[name, label] for name, label in TYPE_LABELS.items()]
    script = next((built_site / "search").glob("search-*.js")).read_text("utf-8")
    assert "'Offre'" not in script and '"Offre"' not in script


def test_search_files_are_written_with_compressed_twins(built_site):
    folders = [path for path in (built_site / "search").iterdir() if (path / "index.json").is_file()]
    assert len(folders) == 1
    folder = folders[0]
    data = json.loads((folder / "index.json").read_text("utf-8"))
    numbers, rows = iter(decode_numbers(data["facets"]["rows"])), []
    for _document in range(data["count"]):
        rows.append([[next(numbers) for _ in range(next(numbers))] for _facet in ("type", "categorie", "theme", "commune", "acces")])
    assert next(numbers, None) is None  # one row per document, nothing left over
    assert all(len(row[0]) == 1 and len(row[1]) <= 1 for row in rows)
    assert data["index"]["pipeline"] == ["fr-split", "fr-normalise", "fr-elision", "fr-stopwords", "fr-stem"]
    assert data["index"]["fields"] == ["titre", "mots", "resume", "texte"] and data["secondary"] == SECONDARY
    for path in folder.glob("*.json"):
        assert gzip.decompress(path.with_name(path.name + ".gz").read_bytes()) == path.read_bytes()
    vendor = built_site / "search" / "vendor"
    assert (vendor / "lunr.LICENSE.txt").is_file() and not (vendor / "multilingual-stemmer").exists()
    search_page = (built_site / "recherche" / "index.html").read_text("utf-8")
    assert f"{folder.relative_to(built_site).as_posix()}/" in search_page


def test_the_search_page_loads_one_script_holding_lunr_and_the_search(built_site):
    page = BeautifulSoup((built_site / "recherche" / "index.html").read_text("utf-8"), "html.parser")
    # The theme's own script, if any, is not the search's.
    scripts = [tag["src"] for tag in page.find_all("script", src=True) if "/search/" in tag["src"]]
    assert len(scripts) == 1 and re.fullmatch(r"\.\./search/search-[0-9a-f]{10}\.js", scripts[0])
    content = (built_site / "recherche" / scripts[0]).read_text("utf-8")
    lunr = (ROOT / "node_modules" / "lunr" / "lunr.min.js").read_text("utf-8").strip()
    parts = [lunr] + [(BROWSER / name).read_text("utf-8").strip() for name in PARTS]
    assert content == "\n;\n".join(parts) + "\n"
    # in the head, before the preloads, so that it is not queued behind them
    head = page.head.find_all(["script", "link"])
    assert [tag.name for tag in head].index("script") < min(i for i, tag in enumerate(head) if "preload" in tag.get("rel", []))


def test_make_query_prints_the_results_and_what_the_page_says_beside_them(built_site):
    def query(q):
        completed = subprocess.run(["node", str(ROOT / "annuaire" / "search" / "query.js"), str(built_site), q, "3"],
                                   capture_output=True, text=True, encoding="utf-8", timeout=60, check=True)
        return [json.loads(line) for line in completed.stdout.splitlines()], completed.stderr.splitlines()

    rows, remarks = query("fourggon")
    assert rows[0]["ref"] == "offres/atelier-bois-et-co-fourgon/" and set(rows[0]) == {"ref", "type", "title", "score"}
    assert remarks == ["# 3 résultat(s)", "# Vouliez-vous dire « fourgon » ?"]
    rows, remarks = query("de la")
    assert len(rows) == 3 and remarks[1] == "# mots trop courants, non cherchés : de la"


def test_the_vocabulary_is_a_third_of_the_sample_s_index_at_most(built_index, built_site):
    folder = next(path for path in (built_site / "search").iterdir() if (path / "index.json").is_file())
    data, _rows = built_index
    words = gzip.compress(data["words"].encode("utf-8"), 6, mtime=0)
    assert len(words) <= (folder / "index.json.gz").stat().st_size / 3


def test_search_json_cannot_break_out_of_html(built_site):
    for path in (built_site / "search").rglob("*.json"):
        text = path.read_text("utf-8")
        assert "<" not in text and ">" not in text


def test_a_word_only_in_a_title_in_the_register_finds_its_organisation(dissolved_site):
    """« Maraîchers » is only in the Jardins du Plateau's title in the register (conftest.REGISTER_FIELDS); « funambules »
    only in that of a dissolved association, which the search no longer knows, nor its offer and need."""
    queries = [{"q": q, "limit": 5} for q in ("maraîchers", "MARAICHERS", "funambules", "chapiteau bleu")]
    answer = run_node({"mode": "site", "output": str(dissolved_site), "queries": queries})
    accented, capitals, dissolved, name = ([row["ref"] for row in rows] for rows in answer["results"])
    assert accented[0] == capitals[0] == "organisations/jardins-du-plateau/"
    assert dissolved == []
    assert name == ["projets/groupement-employeurs-ouest-sqy/"]  # its project names it; its own records are gone
