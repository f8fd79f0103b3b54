from annuaire import schemas
from annuaire.field_docs import type_docs
from annuaire.record_types import LIST_TYPES, RECORD_TYPES


def test_every_record_type_has_a_schema_and_a_template():
    from conftest import ROOT

    for kind in RECORD_TYPES + LIST_TYPES:
        assert schemas.schema(kind.schema)["$id"].endswith(kind.schema)
    for kind in RECORD_TYPES:
        assert (ROOT / "theme" / "templates" / f"{kind.name}.html").is_file()


def test_every_field_has_a_title():
    for doc in type_docs():
        for field in doc.fields:
            assert field.title and field.title != field.path.rsplit(".", 1)[-1], (doc.name, field.path)


def test_closed_lists_carry_french_labels():
    vocabulary = schemas.vocabulary("offer.schema.json")
    assert vocabulary["categorie"]["locaux"] == "Locaux et salles"
    assert vocabulary["conditions.type"]["partage-des-couts"] == "Partage des coûts"
    assert schemas.vocabulary("project.schema.json")["partenaires.role"]["autorite-publique"] == "Autorité publique"


def test_offers_and_needs_share_one_shape():
    offer = [path for path, _node, _required in schemas.fields("offer.schema.json")]
    need = [path for path, _node, _required in schemas.fields("need.schema.json")]
    assert offer == need and "conditions.type" in offer
