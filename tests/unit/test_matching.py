"""Matching offers with needs, and partners with projects: on the sample data and on small made-up cases."""

import datetime
import importlib.util

import pytest
import yaml
from conftest import ROOT, TODAY

from annuaire.meeting.matching import match, terms_compatible
from annuaire.meeting.partners import suggest_partners
from annuaire.record_types import BY_NAME
from annuaire.records import schemas
from annuaire.records.loader import load_directory
from annuaire.records.model import Record, link

DAY = datetime.date.fromisoformat(TODAY)


@pytest.fixture(scope="module")
def sample():
    return load_directory(ROOT / "data", DAY)


def slugs(suggestions):
    return [suggestion.record.slug for suggestion in suggestions]


def test_the_van_need_in_villepreux_gets_the_van_of_les_clayes(sample):
    found = match(sample, DAY).offers_for(sample.get("need", "chapiteau-bleu-fourgon-tournee"))
    assert slugs(found) == ["atelier-bois-et-co-fourgon"]
    reasons = " · ".join(found[0].reasons)
    for part in ("Les Clayes-sous-Bois – Villepreux", "Mobilité", "fourgon", "12 m³ pour 10", "mêmes conditions (location)"):
        assert part in reasons


@pytest.mark.parametrize(
    "need, expected",
    [
        ("chapiteau-bleu-fourgon-tournee", ["atelier-bois-et-co-fourgon"]),
        ("sport-ensemble-tables-chaises-tournoi", ["ressourcerie-des-etangs-mobilier-evenementiel"]),
        ("entraide-seniors-transport-sorties", ["coop-mobilite-transport-solidaire"]),
        ("entraide-seniors-site-web", ["octet-pour-tous-formation-outils-collaboratifs"]),
        ("ressourcerie-des-etangs-benevoles-tri", ["sport-ensemble-benevoles-evenements"]),
        # The shared employee two towns away first; the one whose place is unknown after.
        ("coop-mobilite-comptable-temps-partage", ["chapiteau-bleu-charge-communication", "e-graine-salaries-partages"]),
    ],
)
def test_sample_needs_get_the_expected_offers(sample, need, expected):
    assert slugs(match(sample, DAY).offers_for(sample.get("need", need))) == expected


def test_sample_needs_do_not_get_absurd_offers(sample):
    matches = match(sample, DAY)
    # Laptops are equipment counted in computers: chairs and tables are not laptops.
    assert matches.offers_for(sample.get("need", "octet-pour-tous-ordinateurs-reformes")) == []
    # A storage room is not a computer room nor an evening meeting room.
    storage = slugs(matches.offers_for(sample.get("need", "jardins-du-plateau-local-stockage")))
    assert "octet-pour-tous-salle-informatique" not in storage
    assert "ressourcerie-des-etangs-salle-reunion" not in storage
    # Help to build a website: not the foundation's legal and budget skills.
    website = slugs(matches.offers_for(sample.get("need", "entraide-seniors-site-web")))
    assert "fondation-horizons-partages-mecenat-competences" not in website
    # Never an offer of another category.
    for need in sample.needs:
        for suggestion in matches.offers_for(need):
            assert suggestion.record.data["categorie"] == need.data["categorie"]


def test_offers_get_the_needs_they_can_meet_and_organisations_see_them(sample):
    matches = match(sample, DAY)
    assert slugs(matches.needs_for(sample.get("offer", "atelier-bois-et-co-fourgon"))) == ["chapiteau-bleu-fourgon-tournee"]
    wanted = matches.wanted_from(sample.get("organisation", "ressourcerie-des-etangs"))
    assert [(offer.slug, suggestion.record.slug) for offer, suggestion in wanted] == [
        ("ressourcerie-des-etangs-mobilier-evenementiel", "sport-ensemble-tables-chaises-tournoi"),
    ]


@pytest.mark.parametrize(
    "offer, need, expected",
    [
        ("gratuit", "location", True),
        ("gratuit", "gratuit", True),
        ("location", "partage-des-couts", True),
        ("partage-des-couts", "location", True),
        ("location", "gratuit", False),
        ("partage-des-couts", "echange", False),
        ("echange", "echange", True),
        ("echange", "gratuit", False),
        ("a-definir", "gratuit", True),
        ("location", "a-definir", True),
    ],
)
def test_terms_compatibility(offer, need, expected):
    assert terms_compatible(offer, need) is expected


# Small made-up directories.

def _directory(offers=(), needs=(), projects=()):
    themes = yaml.safe_load((ROOT / "data" / "themes.yaml").read_text("utf-8"))
    communes = yaml.safe_load((ROOT / "data" / "communes.yaml").read_text("utf-8"))
    organisations = {
        "asso-trappes": {"nom": "Asso de Trappes", "type": "association", "resume": "Une association.", "themes": ["sport"], "commune": "trappes", "mis_a_jour": "2026-01-01"},
        "asso-guyancourt": {"nom": "Asso de Guyancourt", "type": "association", "resume": "Une association.", "themes": ["culture"], "commune": "guyancourt", "mis_a_jour": "2026-01-01"},
        "asso-elancourt": {"nom": "Asso d'Élancourt", "type": "association", "resume": "Une association.", "themes": ["sport", "culture"], "commune": "elancourt", "mis_a_jour": "2026-01-01"},
        "asso-ailleurs": {"nom": "Asso sans commune", "type": "association", "resume": "Une association.", "themes": ["sport"], "mis_a_jour": "2026-01-01"},
    }
    records = {
        "theme": [Record(BY_NAME["theme"], item["id"], item, "") for item in themes],
        "commune": [Record(BY_NAME["commune"], item["id"], item, "") for item in communes],
        "organisation": [Record(BY_NAME["organisation"], slug, data, "") for slug, data in organisations.items()],
        "offer": [Record(BY_NAME["offer"], slug, _resource(**data), "") for slug, data in offers],
        "need": [Record(BY_NAME["need"], slug, _resource(**data), "") for slug, data in needs],
        "project": [Record(BY_NAME["project"], slug, data, "") for slug, data in projects],
    }
    return link(records, schemas.vocabulary("project.schema.json")["partenaires.role"])


def _resource(organisation="asso-trappes", categorie="materiel", titre="Des chaises pliantes", themes=("sport",), terms="gratuit", **extra):
    data = {
        "titre": titre, "organisation": organisation, "categorie": categorie, "resume": "Une ressource à partager.",
        "themes": list(themes), "conditions": {"type": terms}, "publie_le": "2026-01-01", "mis_a_jour": "2026-01-01",
    }
    data.update(extra)
    return data


def _offers_for(directory, need="need"):
    return slugs(match(directory, DAY).offers_for(directory.get("need", need)))


def test_offers_come_closest_first_then_with_most_in_common():
    d = _directory(
        offers=[
            ("far", {"organisation": "asso-guyancourt", "commune": "guyancourt"}),
            ("same-town", {"organisation": "asso-elancourt", "commune": "trappes"}),
            ("unknown-place", {"organisation": "asso-ailleurs"}),
            ("near-more-themes", {"organisation": "asso-elancourt", "commune": "elancourt", "themes": ["sport", "handicap"]}),
            ("near", {"organisation": "asso-elancourt", "commune": "elancourt"}),
        ],
        needs=[("need", {"organisation": "asso-trappes", "commune": "trappes", "themes": ["sport", "handicap"]})],
    )
    assert _offers_for(d) == ["same-town", "near-more-themes", "near", "far", "unknown-place"]


def test_dates_expiry_terms_units_and_own_offers_rule_pairs_out():
    d = _directory(
        offers=[
            ("too-late", {"organisation": "asso-guyancourt", "disponibilite": {"debut": "2027-06-01"}}),
            ("in-time", {"organisation": "asso-guyancourt", "disponibilite": {"debut": "2027-01-01", "fin": "2027-12-31"}}),
            ("expired", {"organisation": "asso-guyancourt", "expire_le": "2026-11-25"}),
            ("rented", {"organisation": "asso-guyancourt", "terms": "location"}),
            ("tables", {"organisation": "asso-guyancourt", "capacite": {"nombre": 10, "unite": "tables"}}),
            ("own", {"organisation": "asso-trappes"}),
            ("unrelated", {"organisation": "asso-guyancourt", "titre": "Une sono", "themes": ["culture"]}),
        ],
        needs=[("need", {
            "organisation": "asso-trappes", "disponibilite": {"debut": "2027-03-01", "fin": "2027-03-31"},
            "capacite": {"nombre": 50, "unite": "chaises"},
        })],
    )
    assert _offers_for(d) == ["in-time"]


def test_a_need_that_is_over_gets_nothing():
    d = _directory(
        offers=[("chairs", {"organisation": "asso-guyancourt"})],
        needs=[("need", {"organisation": "asso-trappes", "disponibilite": {"debut": "2026-01-01", "fin": "2026-06-30"}})],
    )
    assert _offers_for(d) == []


def test_a_shared_word_or_unit_is_enough_a_theme_is_not_required():
    d = _directory(
        offers=[("chairs", {"organisation": "asso-guyancourt", "themes": ["culture"], "titre": "Chaises à prêter"})],
        needs=[("need", {"organisation": "asso-trappes", "themes": ["sport"], "titre": "Cinquante chaises"})],
    )
    found = match(d, DAY).offers_for(d.get("need", "need"))
    assert slugs(found) == ["chairs"] and "mot en commun : chaises" in found[0].reasons


def _bench_module():
    spec = importlib.util.spec_from_file_location("bench_matching", ROOT / "bench" / "matching.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_bucketed_and_naive_matchers_agree_on_sample_and_synthetic_data(sample):
    bench = _bench_module()
    # The sample's 12 communes, and 600 generated ones spread at a département's density (the grid's case).
    for directory in (sample, bench.synthetic_directory(1200, seed=7), bench.synthetic_directory(1200, seed=7, commune_count=600)):
        bucketed, naive = bench.run(directory, naive=False), bench.run(directory, naive=True)
        assert bench.summary(bucketed) == bench.summary(naive)
    assert sum(len(items) for items in bench.summary(bucketed)["offers_by_need"].values()) > 100


def test_synthetic_directory_is_deterministic_and_has_the_announced_shares():
    bench = _bench_module()
    first, second = bench.synthetic_directory(1000, seed=3), bench.synthetic_directory(1000, seed=3)
    counts = {kind: len(first.records[kind]) for kind in ("organisation", "offer", "need", "project")}
    assert counts == {"organisation": 400, "offer": 300, "need": 200, "project": 100}
    assert [r.data for r in first.offers] == [r.data for r in second.offers]


def test_sample_projects_looking_for_partners_get_fitting_organisations(sample):
    partners = suggest_partners(sample)
    assert set(partners) == {"groupement-employeurs-ouest-sqy", "tiers-lieu-numerique-guyancourt"}
    for slug, suggestions in partners.items():
        project = sample.get("project", slug)
        members = {p.organisation.slug for p in project.partners}
        assert suggestions and not members & set(slugs(suggestions))
        for suggestion in suggestions:
            assert set(project.data["themes"]) & set(suggestion.record.data["themes"])
    assert slugs(partners["groupement-employeurs-ouest-sqy"])[0] == "ressourcerie-des-etangs"
    assert partners == suggest_partners(sample, naive=True)


def test_partners_too_far_from_the_project_are_left_out():
    project = {
        "nom": "Projet", "forme": "reseau", "resume": "Un projet de test.", "statut": "idee", "themes": ["sport"],
        "communes": ["trappes"], "recherche": ["partenaires"], "mis_a_jour": "2026-01-01",
        "partenaires": [{"organisation": "asso-trappes", "role": "porteur"}],
    }
    d = _directory(projects=[("projet", project)])
    assert slugs(suggest_partners(d, max_km=10)["projet"]) == ["asso-elancourt", "asso-ailleurs"]
    assert slugs(suggest_partners(d, max_km=1)["projet"]) == ["asso-ailleurs"]


def test_communes_without_coordinates_leave_places_unknown():
    from conftest import MINIMAL

    minimal = load_directory(MINIMAL, DAY)
    assert match(minimal, DAY) == match(minimal, DAY, naive=True)
    assert suggest_partners(minimal) == suggest_partners(minimal, naive=True)


def test_a_dissolved_organisation_is_neither_matched_nor_suggested_as_a_partner():
    d = _directory(
        offers=[("chairs", {"organisation": "asso-guyancourt"}), ("more-chairs", {"organisation": "asso-elancourt"})],
        needs=[("need", {"organisation": "asso-trappes"})],
    )
    assert sorted(_offers_for(d)) == ["chairs", "more-chairs"]
    d.get("organisation", "asso-guyancourt").data["dissoute"] = True
    assert _offers_for(d) == ["more-chairs"] and match(d, DAY).needs_for(d.get("offer", "chairs")) == []
    d.get("organisation", "asso-trappes").data["dissoute"] = True  # the need's own organisation
    assert _offers_for(d) == [] and match(d, DAY) == match(d, DAY, naive=True)
    project = {
        "nom": "Projet", "forme": "reseau", "resume": "Un projet de test.", "statut": "idee", "themes": ["sport"],
        "communes": ["trappes"], "recherche": ["partenaires"], "mis_a_jour": "2026-01-01",
        "partenaires": [{"organisation": "asso-trappes", "role": "porteur"}],
    }
    d = _directory(projects=[("projet", project)])
    d.get("organisation", "asso-elancourt").data["dissoute"] = True
    assert slugs(suggest_partners(d)["projet"]) == ["asso-ailleurs"] and suggest_partners(d) == suggest_partners(d, naive=True)


def test_communes_without_coordinates_are_still_the_same_commune_or_at_an_unknown_distance():
    """An imported territory starts without coordinates: two records of one commune are still « même commune »."""
    d = _directory(
        offers=[("here", {"organisation": "asso-elancourt", "commune": "trappes"}), ("there", {"organisation": "asso-guyancourt", "commune": "guyancourt"})],
        needs=[("need", {"organisation": "asso-trappes", "commune": "trappes"})],
    )
    for commune in d.records["commune"]:
        commune.data.pop("coordonnees", None)
    suggestions = match(d, DAY).offers_for(d.get("need", "need"))
    assert [s.record.slug for s in suggestions] == ["here", "there"]
    assert suggestions[0].reasons[0] == "même commune (Trappes)"
    assert suggestions[1].reasons[0] == "distance inconnue (Guyancourt – Trappes)"
    assert match(d, DAY) == match(d, DAY, naive=True)

