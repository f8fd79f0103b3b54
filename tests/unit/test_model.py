import datetime

from conftest import MINIMAL, TODAY

from annuaire.publish.facets import facet_values
from annuaire.record_types import BY_NAME
from annuaire.records.loader import load_directory


def directory():
    return load_directory(MINIMAL, datetime.date.fromisoformat(TODAY))


def test_references_become_objects_both_ways():
    d = directory()
    offer = d.get("offer", "salle-verte")
    assert offer.organisation is d.get("organisation", "asso-verte")
    assert offer.commune is d.get("commune", "guyancourt")
    assert d.get("organisation", "asso-verte").related["offer"] == [offer]
    assert d.get("theme", "environnement").related["organisation"] == [d.get("organisation", "asso-verte")]


def test_projects_know_their_partners_and_organisations_their_roles():
    d = directory()
    project = d.get("project", "projet-commun")
    assert [(p.organisation.slug, p.role_label) for p in project.partners] == [
        ("asso-verte", "Porteur du projet"),
        ("mairie-test", "Financeur"),
    ]
    mairie = d.get("organisation", "mairie-test")
    assert [(m.project.slug, m.role) for m in mairie.memberships] == [("projet-commun", "financeur")]
    assert mairie.related["project"] == [project]
    assert [c.slug for c in project.communes] == ["guyancourt", "trappes"]


def test_records_are_sorted_as_a_french_reader_expects():
    d = directory()
    assert [o.title for o in d.organisations] == ["Association verte", "Mairie de test"]


def test_facet_values_follow_the_schema_order_and_count_records():
    d = directory()
    kind = BY_NAME["project"]
    themes = facet_values(d.projects, kind.facets[2], d, {})
    assert [(v.value, v.count) for v in themes] == [("environnement", 1), ("solidarite", 1)]
    statuses = facet_values(d.projects, kind.facets[0], d, {"idee": "Idée", "en-cours": "En cours"})
    assert [(v.label, v.count) for v in statuses] == [("En cours", 1)]


def test_the_title_in_the_register_is_given_only_when_it_says_more_than_the_name():
    d = directory()
    verte = d.get("organisation", "asso-verte")
    assert verte.official_title == ""  # none given
    for same in ("ASSOCIATION VERTE", "association  verte", "Association Vérte"):
        verte.data["titre_officiel"] = same
        assert verte.official_title == "", same
    verte.data["titre_officiel"] = "ASSOCIATION VERTE DES ETANGS DE LA MINIERE"
    assert verte.official_title == "ASSOCIATION VERTE DES ETANGS DE LA MINIERE"
