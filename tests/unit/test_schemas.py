import json

from annuaire.contribute.field_docs import type_docs
from annuaire.record_types import LIST_TYPES, RECORD_TYPES
from annuaire.records import schemas


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


def _every_field():
    for kind in RECORD_TYPES + LIST_TYPES:
        for path, node, required in schemas.fields(kind.schema):
            yield kind, path, node, required


def test_every_field_has_a_french_title_description_and_example():
    """Editors, the field reference and `make new` all show them: none may be missing."""
    missing = [
        (kind.name, path, keyword)
        for kind, path, node, _required in _every_field()
        for keyword in ("title", "description", "examples")
        if not node.get(keyword)
    ]
    assert missing == []


def test_every_description_is_a_french_sentence():
    for kind, path, node, _required in _every_field():
        description = node["description"]
        assert len(description) > 10 and description.rstrip().endswith((".", "…", ")")), (kind.name, path, description)


def test_every_example_is_valid_for_its_field():
    for kind, path, node, _required in _every_field():
        for example in node["examples"]:
            errors = [error.message for error in schemas.fragment_validator(node).iter_errors(example)]
            assert errors == [], (kind.name, path, example)


def test_every_allowed_value_has_a_french_label():
    for kind, path, node, _required in _every_field():
        for value, label in (schemas.choices(node) or {}).items():
            assert label and label != value, (kind.name, path, value)


def test_data_files_and_editor_settings_point_to_the_schemas():
    """Each data file names its schema (yaml-language-server), and .vscode/settings.json maps every folder."""
    import json

    from conftest import ROOT

    mapping = json.loads((ROOT / ".vscode" / "settings.json").read_text("utf-8"))["yaml.schemas"]
    expected = {f"./annuaire/schemas/{kind.schema}": f"data/{kind.folder}/*.yaml" for kind in RECORD_TYPES}
    expected.update({f"./annuaire/schemas/{kind.schema}": f"data/{kind.file}" for kind in LIST_TYPES})
    assert mapping == expected
    for schema_path in mapping:
        assert (ROOT / schema_path).is_file()
    for kind in RECORD_TYPES:
        for path in sorted((ROOT / "data" / kind.folder).glob("*.yaml")):
            assert path.read_text("utf-8").splitlines()[0] == f"# yaml-language-server: $schema=../../annuaire/schemas/{kind.schema}", path
    for kind in LIST_TYPES:
        first = (ROOT / "data" / kind.file).read_text("utf-8").splitlines()[0]
        assert first == f"# yaml-language-server: $schema=../annuaire/schemas/{kind.schema}"


def test_empty_optional_fields_count_as_absent(tmp_path, monkeypatch):
    """As the web editor writes a cleared field (`sigle: ''`); a required field left empty stays an error."""
    import datetime
    import shutil

    from conftest import MINIMAL, TODAY

    from annuaire.records.loader import load_directory, validate

    monkeypatch.chdir(tmp_path)
    data = shutil.copytree(MINIMAL, tmp_path / "data")
    (data / "organisations" / "videe.yaml").write_text(
        "nom: Association vidée\nsigle: ''\ntype: association\nresume: Une fiche passée par l'éditeur en ligne.\n"
        "themes: [solidarite]\nsite_web:\ncontact:\n  email: ''\n  nom: ''\nfondee_en: 0\nmis_a_jour: 2026-01-15\n",
        "utf-8",
    )
    (data / "offers" / "videe.yaml").write_text(
        "titre: ''\norganisation: asso-verte\ncategorie: locaux\nresume: Une offre au titre vidé.\n"
        "conditions:\n  type: gratuit\n  precisions: ''\ndisponibilite:\n  debut: ''\nexpire_le: ''\npublie_le: 2026-01-10\nmis_a_jour: 2026-01-15\n",
        "utf-8",
    )
    today = datetime.date.fromisoformat(TODAY)
    assert [str(problem) for problem in validate("data", today)] == [
        "data/offers/videe.yaml:1:1: titre: à remplir",  # required: kept and reported
        "data/organisations/videe.yaml:10:1: fondee_en: doit valoir au moins 1800",  # 0 is a value, not an empty one
    ]
    (data / "offers" / "videe.yaml").unlink()
    text = (data / "organisations" / "videe.yaml").read_text("utf-8").replace("fondee_en: 0\n", "")
    (data / "organisations" / "videe.yaml").write_text(text, "utf-8")
    record = load_directory(data, today).get("organisation", "videe")
    assert set(record.data) == {"nom", "type", "resume", "themes", "mis_a_jour"}


ANNOTATIONS = {"title", "description", "examples", "readOnly", "$id", "$schema"}


def _refs_with_constraints_beside(node, name, path=""):
    """`$ref`s beside which stands a constraint that the target also has: inlining would drop one of the two."""
    found = []
    if isinstance(node, dict):
        if "$ref" in node:
            target = schemas.resolve({"$ref": node["$ref"]}, name)
            found += [(name, path, key) for key in node if key not in ANNOTATIONS | {"$ref"} and key in target]
        for key, value in node.items():
            found += _refs_with_constraints_beside(value, name, f"{path}/{key}")
    elif isinstance(node, list):
        for position, value in enumerate(node):
            found += _refs_with_constraints_beside(value, name, f"{path}/{position}")
    return found


def test_validating_the_inlined_schemas_loses_no_constraint():
    """schemas.validator validates against the schema with its `$ref`s inlined (faster): a constraint beside a `$ref` is kept only if the target has none of that name."""
    for path in sorted(schemas.SCHEMA_DIR.glob("*.schema.json")):
        assert _refs_with_constraints_beside(schemas.schema(path.name), path.name) == []
        assert "$ref" not in json.dumps(schemas.inlined(path.name))
