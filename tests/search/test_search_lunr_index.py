"""An index built by lunr.py with the French pipeline, loaded and queried by lunr.js."""

from __future__ import annotations

import json

import pytest
from lunr.index import Index
from search_node import run_node

from annuaire.search import french

DOCUMENTS = [
    {
        "id": "cae",
        "title": "Coopérative d'activité et d'emploi",
        "body": "Une coopérative qui héberge des porteurs de projets entrepreneuriaux.",
    },
    {
        "id": "geiq",
        "title": "Groupement d'employeurs",
        "body": "Des salariés à temps partagé entre plusieurs structures du territoire.",
    },
    {
        "id": "locaux",
        "title": "Partage de locaux",
        "body": "Mutualisation d'une salle de réunion et d'un fourgon, le week-end.",
    },
    {
        "id": "jardins",
        "title": "Jardins du Plateau",
        "body": "L’association cultive des parcelles partagées avec les habitants.",
    },
    {
        "id": "ptce",
        "title": "Pôle territorial de coopération économique",
        "body": "Les associations du quartier coopèrent pour l'emploi local.",
    },
    {
        "id": "ressourcerie",
        "title": "Ressourcerie des étangs",
        "body": "Réemploi de mobilier, tri et vente solidaire.",
    },
]

QUERIES = {
    "cooperation": {"cae", "ptce"},
    "Coopération": {"cae", "ptce"},
    "coopératives": {"cae", "ptce"},
    "salaries": {"geiq"},
    "salariés": {"geiq"},
    "mutualiser": {"locaux"},
    "l'association": {"jardins", "ptce"},
    "L’association": {"jardins", "ptce"},
    "reemploi": {"ressourcerie"},
    "étang": {"ressourcerie"},
    "le la les": set(),
}


@pytest.fixture(scope="module")
def index() -> Index:
    builder = french.get_builder()
    builder.ref("id")
    builder.field("title", boost=10)
    builder.field("body")
    for document in DOCUMENTS:
        builder.add(document)
    return builder.build()


@pytest.fixture(scope="module")
def serialised(index) -> dict:
    # through JSON text, as the site will ship it
    return json.loads(json.dumps(index.serialize(), ensure_ascii=False))


def test_serialised_index_names_the_french_pipeline(serialised):
    assert serialised["pipeline"] == list(french.LABELS.values())


def test_lunr_py_finds_the_expected_documents(serialised):
    index = Index.load(serialised)
    for query, expected in QUERIES.items():
        assert {result["ref"] for result in index.search(query)} == expected, query


def test_lunr_js_loads_the_index_and_finds_the_expected_documents(serialised):
    queries = list(QUERIES)
    answer = run_node({"mode": "search", "index": serialised, "queries": queries})
    found = dict(zip(queries, (set(refs) for refs in answer["results"])))
    assert found == QUERIES
