"""The search of the sample site: files written by the build, and relevance in lunr.js.

Queries run in Node through annuaire/search/query.js and
annuaire/search/browser/search-core.js: the code the browser runs.
"""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from codec_oracle import decode_numbers
from search_node import run_node

from annuaire.search.bundle import BROWSER, PARTS
from annuaire.search.documents import TYPE_LABELS

ROOT = Path(__file__).resolve().parents[2]

# (query, a record that must be among the first five results)
RELEVANCE = [
    ("salle", "offres/ressourcerie-des-etangs-salle-reunion/"),
    ("salles", "offres/octet-pour-tous-salle-informatique/"),
    ("salle informatique", "offres/octet-pour-tous-salle-informatique/"),
    ("salaries", "offres/e-graine-salaries-partages/"),
    ("salarié partagé", "offres/e-graine-salaries-partages/"),
    ("temps partagé", "offres/chapiteau-bleu-charge-communication/"),
    ("comptable", "besoins/coop-mobilite-comptable-temps-partage/"),
    ("locaux", "offres/equilib-energy-partage-de-locaux/"),
    ("local", "besoins/jardins-du-plateau-local-stockage/"),
    ("partager des locaux", "offres/equilib-energy-partage-de-locaux/"),
    ("mutualiser", "actualites/atelier-mutualisation-cooperation/"),
    ("mutualisation", "actualites/atelier-mutualisation-cooperation/"),
    ("cooperation", "actualites/atelier-mutualisation-cooperation/"),
    ("société coopérative", "organisations/coop-mobilite-du-val/"),
    ("l'association Equilib'Energy", "organisations/equilib-energy/"),
    ("fourgon", "offres/atelier-bois-et-co-fourgon/"),
    ("fourgons", "besoins/chapiteau-bleu-fourgon-tournee/"),
    ("vehicule", "offres/atelier-bois-et-co-fourgon/"),
    ("véhicules", "besoins/chapiteau-bleu-fourgon-tournee/"),
    ("benevoles", "offres/sport-ensemble-benevoles-evenements/"),
    ("bénévole", "besoins/ressourcerie-des-etangs-benevoles-tri/"),
    ("evenements", "offres/ressourcerie-des-etangs-mobilier-evenementiel/"),
    ("tables chaises", "besoins/sport-ensemble-tables-chaises-tournoi/"),
    ("ordinateurs", "besoins/octet-pour-tous-ordinateurs-reformes/"),
    ("ordinateur", "besoins/octet-pour-tous-ordinateurs-reformes/"),
    ("site web", "besoins/entraide-seniors-site-web/"),
    ("compost", "offres/jardins-du-plateau-compost-semences/"),
    ("semence", "offres/jardins-du-plateau-compost-semences/"),
    ("jardinage", "besoins/jardins-du-plateau-local-stockage/"),
    ("transport solidaire", "offres/coop-mobilite-transport-solidaire/"),
    ("transports", "besoins/entraide-seniors-transport-sorties/"),
    ("MGEN", "organisations/mgen/"),
    ("mutuelle", "organisations/mgen/"),
    ("Tracetel", "organisations/tracetel/"),
    ("PTCE", "projets/ptce-la-verriere/"),
    ("la verriere", "projets/ptce-la-verriere/"),
    ("maintien à domicile", "projets/ptce-la-verriere/"),
    ("personnes dépendantes", "projets/ptce-la-verriere/"),
    ("e-graine", "organisations/e-graine/"),
    ("bleu oxygene", "organisations/bleu-oxygene-developpement/"),
    ("Equilib'Energy", "organisations/equilib-energy/"),
    ("equilibenergy", "organisations/equilib-energy/"),
    ("codesqy", "organisations/codesqy/"),
    ("maison de l'environnement", "organisations/maison-environnement-sqy/"),
    ("ressourcerie", "organisations/ressourcerie-des-etangs/"),
    ("reemploi", "projets/reseau-reemploi-sqy/"),
    ("groupement d'employeurs", "projets/groupement-employeurs-ouest-sqy/"),
    ("tiers-lieu", "projets/tiers-lieu-numerique-guyancourt/"),
    ("guyancourt", "organisations/octet-pour-tous/"),
    ("salle trappes", "offres/ressourcerie-des-etangs-salle-reunion/"),
    ("formation", "offres/octet-pour-tous-formation-outils-collaboratifs/"),
    ("mecenat", "offres/fondation-horizons-partages-mecenat-competences/"),
    # Typos in longer words
    ("ressourcrie", "organisations/ressourcerie-des-etangs/"),
    ("comptabel", "besoins/coop-mobilite-comptable-temps-partage/"),
    ("informatiqe", "offres/octet-pour-tous-salle-informatique/"),
    # Prefixes, as typed
    ("fourg", "offres/atelier-bois-et-co-fourgon/"),
    ("mutual", "actualites/atelier-mutualisation-cooperation/"),
    ("coopé", "projets/ptce-la-verriere/"),
]


# Pairs of queries that must give the same results: accents, case, plurals, elisions.
EQUIVALENT = [
    ("l'association", "association"),
    ("Coopération", "cooperation"),
    ("coopératives", "coopérative"),
    ("salaries", "salariés"),
    ("LOCAUX", "locaux"),
    ("d'entraide", "entraide"),
    ("événements", "evenement"),
]


@pytest.fixture(scope="module")
def answers(built_site):
    queries = [{"q": query, "limit": 5} for query, _expected in RELEVANCE]
    queries += [{"q": query, "limit": 10} for pair in EQUIVALENT for query in pair]
    queries += [
        {"q": "", "limit": 100},
        {"q": "", "filters": {"type": ["offer"], "categorie": ["locaux"]}, "limit": 100},
        {"q": "salle", "filters": {"commune": ["trappes"]}, "limit": 100},
        {"q": "zzzzqqq", "limit": 5},
    ]
    return run_node({"mode": "site", "output": str(built_site), "queries": queries})


def test_there_are_enough_relevance_queries():
    assert len(RELEVANCE) >= 30


@pytest.mark.parametrize(("position", "query", "expected"), [(i, q, e) for i, (q, e) in enumerate(RELEVANCE)])
def test_relevance(answers, position, query, expected):
    top = [row["ref"] for row in answers["results"][position]]
    assert expected in top, f"{query!r}: {top}"


OTHERS = len(RELEVANCE) + 2 * len(EQUIVALENT)  # position of the queries after the relevance ones


@pytest.mark.parametrize("number", range(len(EQUIVALENT)))
def test_equivalent_queries_give_the_same_results(answers, number):
    first = answers["results"][len(RELEVANCE) + 2 * number]
    second = answers["results"][len(RELEVANCE) + 2 * number + 1]
    assert first, EQUIVALENT[number]
    assert [row["ref"] for row in first] == [row["ref"] for row in second], EQUIVALENT[number]


def test_empty_query_lists_everything_with_facet_counts(answers):
    everything = answers["searches"][OTHERS]
    types = {item["value"]: item["count"] for item in everything["facets"]["type"]}
    assert types["organisation"] == 18 and types["offer"] == 12 and types["need"] == 8 and types["project"] == 5
    assert everything["total"] == sum(types.values())


def test_facets_combine_with_the_query_and_each_other(answers):
    rooms = answers["results"][OTHERS + 1]
    assert {row["ref"] for row in rooms} == {
        "offres/equilib-energy-partage-de-locaux/",
        "offres/octet-pour-tous-salle-informatique/",
        "offres/ressourcerie-des-etangs-salle-reunion/",
    }
    search = answers["searches"][OTHERS + 1]
    # Counted with the other filters: every type keeps its count of "locaux".
    assert {item["value"]: item["count"] for item in search["facets"]["type"]} == {"offer": 3, "need": 1}
    in_trappes = answers["results"][OTHERS + 2]
    assert [row["ref"] for row in in_trappes][0] == "offres/ressourcerie-des-etangs-salle-reunion/"
    assert all("guyancourt" not in row["ref"] for row in in_trappes)


def test_result_types_are_labelled_from_the_index(answers, built_site):
    # The search page's type badges read these labels from index.json, not from a list of its own.
    assert answers["typeLabels"] == TYPE_LABELS
    assert TYPE_LABELS["offer"] == "Offre" and TYPE_LABELS["page"] == "Page"
    index = next((built_site / "search").glob("*/index.json"))
    assert json.loads(index.read_text("utf-8"))["facets"]["type"] == [[name, label] for name, label in TYPE_LABELS.items()]
    script = next((built_site / "search").glob("search-*.js")).read_text("utf-8")
    assert "'Offre'" not in script and '"Offre"' not in script


def test_nothing_found_is_an_empty_answer(answers):
    assert answers["results"][-1] == [] and answers["searches"][-1]["total"] == 0


def test_search_files_are_written_with_compressed_twins(built_site):
    folders = [path for path in (built_site / "search").iterdir() if (path / "index.json").is_file()]
    assert len(folders) == 1
    folder = folders[0]
    data = json.loads((folder / "index.json").read_text("utf-8"))
    numbers, rows = iter(decode_numbers(data["facets"]["rows"])), []
    for _document in range(data["count"]):
        rows.append([[next(numbers) for _ in range(next(numbers))] for _facet in ("type", "categorie", "theme", "commune")])
    assert next(numbers, None) is None  # one row per document, nothing left over
    assert all(len(row[0]) == 1 and len(row[1]) <= 1 for row in rows)
    assert data["index"]["pipeline"] == ["fr-split", "fr-normalise", "fr-elision", "fr-stopwords", "fr-stem"]
    for path in folder.glob("*.json"):
        assert gzip.decompress(path.with_name(path.name + ".gz").read_bytes()) == path.read_bytes()
    vendor = built_site / "search" / "vendor"
    assert (vendor / "lunr.LICENSE.txt").is_file() and (vendor / "multilingual-stemmer" / "index_bg.wasm").is_file()
    search_page = (built_site / "recherche" / "index.html").read_text("utf-8")
    assert f"{folder.relative_to(built_site).as_posix()}/" in search_page


def test_the_search_page_loads_one_script_holding_lunr_and_the_search(built_site):
    page = BeautifulSoup((built_site / "recherche" / "index.html").read_text("utf-8"), "html.parser")
    scripts = [tag["src"] for tag in page.find_all("script", src=True)]
    assert len(scripts) == 1 and re.fullmatch(r"\.\./search/search-[0-9a-f]{10}\.js", scripts[0])
    content = (built_site / "recherche" / scripts[0]).read_text("utf-8")
    lunr = (ROOT / "node_modules" / "lunr" / "lunr.min.js").read_text("utf-8").strip()
    parts = [lunr] + [(BROWSER / name).read_text("utf-8").strip() for name in PARTS]
    assert content == "\n;\n".join(parts) + "\n"
    # in the head, before the preloads, so that it is not queued behind them
    head = page.head.find_all(["script", "link"])
    assert [tag.name for tag in head].index("script") < min(i for i, tag in enumerate(head) if "preload" in tag.get("rel", []))


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
