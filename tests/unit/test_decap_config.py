"""The web editor's configuration is generated from the schemas: every field, the right widget, the same rules."""

import datetime

import pytest
import yaml
from conftest import MINIMAL, TODAY

from annuaire.contribute import decap_config
from annuaire.record_types import LIST_TYPES, RECORD_TYPES, REFERENCES
from annuaire.records import schemas
from annuaire.records.loader import load_directory


@pytest.fixture(scope="module")
def choices():
    directory = load_directory(MINIMAL, datetime.date.fromisoformat(TODAY))
    return {kind.name: {item.slug: item.title for item in directory.records[kind.name]} for kind in LIST_TYPES}


@pytest.fixture(scope="module")
def config(choices):
    backend = {"name": "github", "repo": "exemple/annuaire", "branch": "main"}
    text = decap_config.to_yaml(decap_config.config(backend, choices, site_url="https://example.org/annuaire"))
    return yaml.safe_load(text)  # what Decap reads: plain YAML, no anchors


def decap_fields(collection):
    """{dotted path as `schemas.fields` gives it: Decap field}, with each field's enclosing groups."""
    found = {}

    def walk(fields, prefix, parents):
        for field in fields:
            path = prefix + field["name"]
            found[path] = (field, parents)
            if field["widget"] == "object":
                walk(field["fields"], path + ".", parents + [field])
            elif field["widget"] == "list" and "fields" in field:
                walk(field["fields"], path + "[].", parents + [field])

    walk(collection["fields"], "", [])
    return found


def expected_widget(path, node, items):
    if REFERENCES.get(path) == "organisation":
        return "relation"
    if REFERENCES.get(path) or schemas.choices(node) or schemas.choices(items):
        return "select"
    if node.get("type") in ("object", "array", "boolean"):
        return {"object": "object", "array": "list", "boolean": "boolean"}[node["type"]]
    if node.get("type") in ("integer", "number"):
        return "number"
    if path in ("logo.fichier", "photos[].fichier"):
        return "image"
    if node.get("format") == "date":
        return "datetime"
    if node.get("contentMediaType") == "text/markdown":
        return "markdown"
    return "text" if node.get("maxLength", 0) > 160 and node.get("pattern", "\\S") == "\\S" else "string"


def test_the_editor_has_the_backend_and_the_editorial_workflow(config):
    assert config["backend"] == {"name": "github", "repo": "exemple/annuaire", "branch": "main"}
    assert config["publish_mode"] == "editorial_workflow"
    assert config["locale"] == "fr" and config["media_folder"] and config["site_url"] == "https://example.org/annuaire"


def test_one_folder_collection_per_record_type(config):
    assert [collection["name"] for collection in config["collections"]] == [kind.folder for kind in RECORD_TYPES]
    for kind, collection in zip(RECORD_TYPES, config["collections"], strict=True):
        assert collection["folder"] == f"data/{kind.folder}"
        assert (collection["extension"], collection["format"]) == ("yaml", "yaml")
        assert collection["identifier_field"] == kind.title_field
        assert collection["slug"].endswith("{{slug}}") and collection["create"] is True


@pytest.mark.parametrize("kind", RECORD_TYPES, ids=lambda kind: kind.name)
def test_every_schema_field_has_its_widget_and_rules(config, kind):
    collection = next(c for c in config["collections"] if c["name"] == kind.folder)
    found = decap_fields(collection)
    kept_by_tools = [path for path, node, _required in schemas.fields(kind.schema) if node.get("readOnly")]
    editable = [(path, node, required) for path, node, required in schemas.fields(kind.schema) if not any(path.startswith(tool + ".") for tool in kept_by_tools)]
    assert list(found) == [path for path, _node, _required in editable]  # every field, in schema order, and nothing else
    for path, node, required in editable:
        field, parents = found[path]
        if path in kept_by_tools:  # carried over unchanged, never shown
            assert field["widget"] == "hidden" and field["required"] is False, path
            continue
        items = schemas.resolve(node.get("items", {}), kind.schema) if node.get("type") == "array" else {}
        assert field["widget"] == expected_widget(path, node, items), path
        assert field["label"] == node["title"] and field["hint"] == decap_config.hint(path, node), path
        # Required as the schema says, except inside an optional group (decap-cms issue #7748).
        in_optional_group = any(parent["widget"] == "object" and not parent["required"] for parent in parents)
        assert field["required"] is (required and not in_optional_group), path
        if field["widget"] in ("string", "text", "markdown") and "pattern" in node:
            assert field["pattern"][0] == node["pattern"], path
            assert field["pattern"][1]
        else:
            assert "pattern" not in field, path
        if field["widget"] == "datetime":
            assert (field["format"], field["time_format"]) == ("YYYY-MM-DD", False)
        allowed = schemas.choices(node) or schemas.choices(items)
        if allowed and not REFERENCES.get(path):
            assert {option["value"]: option["label"] for option in field["options"]} == allowed, path
            assert field.get("multiple", False) is bool(items)
        if node.get("type") == "array" and node.get("minItems"):
            assert field["min"] == node["minItems"]


def test_references_use_relations_and_the_reference_lists(config, choices):
    fields = {c["name"]: decap_fields(c) for c in config["collections"]}
    for collection, path in (("offers", "organisation"), ("needs", "organisation"), ("projects", "partenaires[].organisation")):
        relation = fields[collection][path][0]
        assert relation["widget"] == "relation" and relation["collection"] == "organisations"
        assert relation["value_field"] == "{{slug}}" and "nom" in relation["search_fields"]
    themes = fields["organisations"]["themes"][0]
    assert themes["multiple"] is True and themes["min"] == 1
    assert {option["value"]: option["label"] for option in themes["options"]} == choices["theme"]
    for collection, path in (("organisations", "commune"), ("offers", "commune"), ("projects", "communes")):
        commune = fields[collection][path][0]
        assert {option["value"] for option in commune["options"]} == set(choices["commune"])
    assert fields["projects"]["communes"][0]["multiple"] is True and "multiple" not in fields["offers"]["commune"][0]


def test_offers_and_needs_are_named_after_their_organisation(config):
    slugs = {c["name"]: c["slug"] for c in config["collections"]}
    assert slugs == {
        "organisations": "{{slug}}",
        "offers": "{{fields.organisation}}-{{slug}}",
        "needs": "{{fields.organisation}}-{{slug}}",
        "projects": "{{slug}}",
    }
    assert config["slug"] == {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"}


def test_every_identifier_field_is_a_registered_reference():
    """A new field holding identifiers cannot be forgotten by the editor, `make new` and the field reference."""
    identifier = schemas.schema("common.schema.json")["$defs"]["identifiant"]["pattern"]
    for kind in RECORD_TYPES:
        for path, node, _required in schemas.fields(kind.schema):
            items = schemas.resolve(node.get("items", {}), kind.schema) if node.get("type") == "array" else {}
            holds_identifiers = identifier in (node.get("pattern"), items.get("pattern"))
            assert holds_identifiers == (path in REFERENCES), (kind.name, path)


def test_logos_and_photos_are_uploaded_beside_their_record(config):
    collections = {c["name"]: c for c in config["collections"]}
    for name, path in (("organisations", "logo.fichier"), ("offers", "photos[].fichier"), ("needs", "photos[].fichier")):
        assert (collections[name]["media_folder"], collections[name]["public_folder"]) == ("", ""), name
        image = decap_fields(collections[name])[path][0]
        assert image["widget"] == "image" and image["choose_url"] is False
        text = decap_fields(collections[name])[path.replace("fichier", "texte")][0]
        # The alternative text is required, but inside the optional `logo` group only by `make validate` (decap-cms #7748).
        assert text["widget"] in ("string", "text") and text["required"] is (name != "organisations") and image["required"] is text["required"]
    assert decap_fields(collections["offers"])["photos"][0]["max"] == 4
    assert "media_folder" not in collections["projects"]
