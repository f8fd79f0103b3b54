"""The record file `make new` writes, and the same text from the form's `record-yaml.js` in Node.

yaml_text's own rules decide how each value is written; both languages must give the same bytes
and every text must read back as it was, with PyYAML's safe_load and with the project's loader.
"""

from __future__ import annotations

import datetime
import json
import random
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from conftest import ROOT

from annuaire.contribute import questions, scaffold, yaml_text
from annuaire.record_types import RECORD_TYPES
from annuaire.records.loader import validate
from annuaire.records.yaml_source import parse

RUNNER = Path(__file__).with_name("record_yaml_runner.js")
DAY = datetime.date(2026, 12, 1)
DATA = ROOT / "data"


def corpus() -> list[str]:
    """Strings chosen to break a YAML writer, then random mixes of their characters (600 and more)."""
    words = ["y", "yes", "n", "no", "on", "off", "true", "false", "null", "~"]
    strings = [case(word) for word in words for case in (str.lower, str.upper, str.title)] + ["yEs", "Yes!", "oui", "non", "vrai", "=", "<<", "<<<"]
    strings += [f"{char}x" for char in yaml_text.INDICATORS] + list(yaml_text.INDICATORS) + [f"x{char}y" for char in yaml_text.INDICATORS]
    strings += ["a: b", "a:b", "a:", "a :b", "a #b", "a#b", "# titre", "x: ", ":x", "?x", "- x", "--- x", "---", "...", "... x", "a, b", "[x]", "{x: 1}", "x]"]
    strings += ["'q'", '"q"', "l'été", 'il a dit "oui"', "a\\b", "C:\\dossier\\fichier", "\\n", "\\", "\\u00e9", "''", '""', "`code`", "%20"]
    strings += ["Élodie", "Œuvre", "cœur", "ça va", "20\u00a0€", "10\u202fh", "a\u200bb", "\u00a0x", "x\u00a0", "שלום", "中文", "😀", "👩‍👩‍👧", "🇫🇷 France", "é" * 3, "ｆｕｌｌ"]
    strings += [chr(code) for code in range(0x20)] + [f"a{chr(code)}b" for code in range(0x20)] + ["\x7f", "a\x85b", "a\u2028b", "a\u2029b", "\ufeffx", "a\ufffeb", "a\uffffb", "\x9f"]
    strings += ["\t", "a\tb", "\tx", "x\t", " ", "  ", " x", "x ", " x ", "a  b"]
    strings += ["0", "007", "0123456789", "1_000", "0x1F", "0o17", "0b101", "1e5", "1E5", "1.5", ".5", "5.", "-1", "+1", "1:30", "12:30:45", "190:20:30", ".inf", "-.Inf", "+.INF", ".NaN", ".nan"]
    strings += ["1,5", "1 000", "3e", "1er étage", "10h", "2.0.1", "½", "١٢٣", "78280", "2A004", "W781234567", "732829320", "1e+5", "0.", "_1", "1_", "0xZZ", "6.02e23", "-0", "+0.0"]
    strings += ["2026-12-01", "2024-02-29", "2026-02-29", "2026-02-30", "2026-13-01", "2026-1-5", "0000-01-01", "0001-01-01", "9999-12-31", "2026-12"]
    strings += ["2026-12-01T10:00:00Z", "2026-12-01 10:00:00", "2026-12-01t10:00:00.5+01:00", "01/12/2026", "1 décembre 2026", "2026-12-01 ", "2026-12-01x"]
    strings += ["https://association.example.org/", "https://example.org/a?b=c#d", "http://x.fr/page#ancre", "mailto:x@y.fr", "contact@association.example.org", "a@b", "@handle"]
    strings += ["+33 1 23 45 67 89", "01 23 45 67 89", "+33123456789", "01.23.45.67.89", "01-23-45-67-89", "(0)1 23", "Tél. : 01 23 45 67 89"]
    strings += ["a\nb", "a\nb\n", "a\nb\n\n", "a \nb", "a\n \nb", "\na", " a\nb", "a\n  b", "# titre\n\n- un\n- deux\n", "a\r\nb", "a\tb\nc", "a\n\n\nb", "a: b\nc #d"]
    strings += ["---\n...", "a\n---\nb", "- x\n- y", "  indented\nx", "x\n  indented", "a\n\tb", "é\n😀", "a\u2028b\nc", "x\n", "x\n\n", "\n", "\n\n", "a\nb ", "a\n#b", "|\n>", "a\n\n"]
    strings += ["Nous prêtons notre salle **le mardi soir**.\n\n## Horaires\n\n- mardi : 18 h\n- jeudi : 20 h\n\n> citation\n\n    code indenté\n", "Ligne 1\nLigne 2"]
    alphabet = "aZé0159 .:-#,'\"\\\t\n\r[]{}!&*%@`|>?~=+/_xey\u00a0\u2028\x85\x00😀"
    rng = random.Random(2026)
    strings += ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 14))) for _ in range(450)]
    return list(dict.fromkeys(strings))  # once each, in order


# Floats of integral value are left out below 1e16: JSON gives them to Node as integers (see yaml_text).
NUMBERS = [0, 1, -1, 20, 2005, 10**15, True, False, None, 0.5, -0.5, 48.7733, 2.0739, 1e-4, 1.5e-5, 123456.789, 1e15 + 0.5, 1e16, 1.5e20, -2.5e-7, 1 / 3, 1e300, 5e-324, 0.1 + 0.2]


def node_answers(request: dict) -> dict:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node n'est pas installé : la moitié JavaScript (record-yaml.js) n'est pas testée")
    completed = subprocess.run([node, str(RUNNER)], input=json.dumps(request), capture_output=True, text=True, encoding="utf-8", timeout=120, check=False)
    assert completed.returncode == 0, completed.stderr
    return json.loads(completed.stdout)


def read_back(text: str):
    """The document's data by PyYAML's safe_load and by the project's loader."""
    return yaml.safe_load(text), parse(text).data


def expected_by_safe_load(value: str):
    """safe_load reads a plain date as a date (the project's loader keeps its text): nothing else changes."""
    return datetime.date.fromisoformat(value) if yaml_text.is_date(value) else value


def writable(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


# The record files, from sample records of data/ and from values such as a form sends.

def record_values(kind, record: dict) -> dict:
    """A record's data as `render`'s values: groups whole (a dict, a list of dicts), fields a person writes."""
    names = {field.name for field in scaffold.top_fields(kind)}
    return {name: value for name, value in record.items() if name in names}


def samples(kind) -> list[tuple[str, dict]]:
    folder = DATA / kind.folder
    return [(path.stem, parse(path.read_text("utf-8")).data) for path in sorted(folder.glob("*.yaml"))]


MARKDOWN = "Un projet **à plusieurs** : voici comment.\n\n## Étapes\n\n- réunir les partenaires\n- trouver un local\n  (dans le quartier)\n\nContact : « asso@example.org » #1\n"
PROJECT = {
    "nom": "Fête des voisins: édition 2027",
    "sigle": "FDV",
    "forme": "partenariat",
    "resume": "Une fête de quartier préparée à plusieurs, avec « des guillemets » et un # dièse.",
    "description": MARKDOWN,
    "statut": "idee",
    "debut": "2027-01-15",
    "partenaires": [
        {"organisation": "e-graine", "role": "porteur", "precisions": "Coordonne le projet.\nEt anime les réunions."},
        {"role": "partenaire", "organisation": "octet-pour-tous"},
        {"organisation": "mgen", "role": "financeur", "precisions": "yes"},
    ],
    "themes": ["solidarite", "environnement"],
    "recherche": ["benevoles"],
    "contact": {"email": "contact@association.example.org", "telephone": "01 23 45 67 89"},
    "a_la_une": True,
}
OFFER = {
    "titre": "Salle de 20 places: « La Grange »",
    "organisation": "e-graine",
    "categorie": "locaux",
    "resume": "Notre salle, prêtée le mardi soir ; 20 € la soirée.",
    "description": "Ligne 1\nLigne 2 sans fin de ligne",
    "conditions.type": "partage-des-couts",
    "conditions.precisions": "Participation : 20 €",
    "disponibilite": {"debut": "2027-01-01", "horaires": "on"},
    "capacite.nombre": 12.5,
    "capacite.unite": "personnes",
    "coordonnees": {"lat": 48.7733, "lon": 2.0739},
    "themes": ["environnement"],
}
ORGANISATION = {
    "nom": "Yes",
    "type": "association",
    "resume": "Une association qui répare les objets du quotidien. 😀",
    "description": "  commence par des espaces\net finit par un espace ",
    "themes": ["environnement"],
    "contact.telephone": "+33 1 23 45 67 89",
    "fondee_en": 2005,
    "exemple": False,
}
NEED = {"titre": "Un vidéoprojecteur", "organisation": "mgen", "categorie": "materiel", "resume": "Pour projeter un film en plein air.", "conditions": {"type": "a-definir"}}
MADE = {"organisation": ORGANISATION, "offer": OFFER, "need": NEED, "project": PROJECT}
ANSWERS = {  # `make new VALUES=...`, through questions.parse_assignments
    "organisation": ["nom=Atelier du Lien", "type=association", "resume=Une association qui répare les objets du quotidien.", "themes=environnement", "contact.email=a@b.fr"],
    "offer": ["titre=Salle de 20 places", "organisation=e-graine", "categorie=locaux", "resume=Notre salle, prêtée le mardi soir.", "conditions.type=gratuit", "capacite.nombre=12,5", "capacite.unite=m²"],
    "need": ["titre=Un vidéoprojecteur", "organisation=mgen", "categorie=materiel", "resume=Pour projeter un film en plein air.", "conditions.type=a-definir"],
    "project": ["nom=Fête des voisins", "forme=partenariat", "resume=Une fête de quartier préparée à plusieurs.", "statut=idee", "partenaires.organisation=e-graine", "partenaires.role=porteur", "themes=solidarite"],
}


def render_cases(data: Path) -> list[tuple[str, str, dict, bool]]:
    """(type, identifier, values, valid) for every record file the tests write."""
    known = questions.known_identifiers(data)
    cases = []
    for kind in RECORD_TYPES:
        cases.append((kind.name, f"vide-{kind.name}", {}, False))
        cases.append((kind.name, f"reponses-{kind.name}", questions.parse_assignments(kind, ANSWERS[kind.name], known), True))
        cases.append((kind.name, f"formulaire-{kind.name}", MADE[kind.name], True))
        cases += [(kind.name, f"copie-{slug}", record_values(kind, record), True) for slug, record in samples(kind)]
    return cases


@pytest.fixture(scope="module")
def data(tmp_path_factory) -> Path:
    return shutil.copytree(DATA, tmp_path_factory.mktemp("record-yaml") / "data")


@pytest.fixture(scope="module")
def answers(data) -> dict:
    """Everything the tests compare, through one Node process."""
    plans = scaffold.plans()
    documents = [["cle", value] for value in corpus() + NUMBERS] + [["liste", [value, {"cle": value, "groupe": [value]}]] for value in corpus()]
    request = {
        "scalars": corpus() + NUMBERS,
        "documents": documents,
        "renders": [[plans[kind], values, DAY.isoformat()] for kind, _slug, values, _valid in render_cases(data)],
    }
    return {"request": request, "node": node_answers(request)}


def test_the_corpus_holds_every_kind_of_tricky_text():
    strings = corpus()
    assert len(strings) >= 500
    written = [yaml_text.scalar(value) for value in strings]
    assert sum(text.startswith('"') for text in written) > 100 and sum(not text.startswith('"') for text in written) > 100
    assert sum(yaml_text.literal(value) is not None for value in strings) > 20


def test_python_and_node_write_the_same_scalars(answers):
    python = [yaml_text.scalar(value) for value in answers["request"]["scalars"]]
    different = [(value, ours, theirs) for value, ours, theirs in zip(answers["request"]["scalars"], python, answers["node"]["scalars"]) if ours != theirs]
    assert different == []


def test_python_and_node_write_the_same_blocks(answers):
    python = [yaml_text.document(key, value) for key, value in answers["request"]["documents"]]
    different = [(value, ours, theirs) for (_key, value), ours, theirs in zip(answers["request"]["documents"], python, answers["node"]["documents"]) if ours != theirs]
    assert different == []


@pytest.mark.parametrize("value", [value for value in corpus() if writable(value)], ids=repr)
def test_every_text_reads_back_as_written(value):
    expected = expected_by_safe_load(value)
    assert read_back(f"cle: {yaml_text.scalar(value)}\n") == ({"cle": expected}, {"cle": value})
    assert read_back(f"- {yaml_text.scalar(value)}\n") == ([expected], [value])
    # Literal blocks for texts of several lines, at every depth a record file uses.
    nested = {"cle": value, "liste": [value, {"cle": value, "groupe": [value]}], "groupe": {"cle": value}}
    text = "\n".join(yaml_text.block_lines(nested, "")) + "\n"
    by_safe_load = {"cle": expected, "liste": [expected, {"cle": expected, "groupe": [expected]}], "groupe": {"cle": expected}}
    assert read_back(text) == (by_safe_load, nested), text


def test_the_rules_on_examples():
    assert [yaml_text.scalar(value) for value in ["2026-12-01", "2026-02-30", "0130456789", "01 30 45 67 89", "Yes", "n", "a: b", "x #y", "", " x", "- x"]] == [
        "2026-12-01", '"2026-02-30"', '"0130456789"', "01 30 45 67 89", '"Yes"', '"n"', '"a: b"', '"x #y"', '""', '" x"', '"- x"',
    ]
    assert [yaml_text.scalar(value) for value in ["https://a.fr/#b", "l'été", "a\tb\x07\u2028\"\\", "😀 é"]] == ["https://a.fr/#b", "l'été", '"a\\tb\\u0007\\u2028\\"\\\\"', "😀 é"]
    numbers = [20, 20.0, -0.0, 48.7733, 1e-4, 1e-5, 1e16, 1.5e20, float("inf"), float("-inf"), float("nan"), True, None, []]
    assert [yaml_text.scalar(value) for value in numbers] == ["20", "20.0", "0.0", "48.7733", "0.0001", "1.0e-5", "1.0e+16", "1.5e+20", ".inf", "-.inf", ".nan", "true", "null", "[]"]
    assert [yaml.safe_load(yaml_text.scalar(value)) for value in numbers[:8]] == numbers[:8]
    assert yaml_text.document("description", "# Titre\n\n- un\n  - deux\n") == "description: |\n  # Titre\n\n  - un\n    - deux\n"
    assert yaml_text.document("d", "sans fin\nde ligne") == "d: |-\n  sans fin\n  de ligne\n"
    for value in ["a \nb", "a\n\n", " a\nb", "\na", "a\r\nb", "a\tb\nc"]:  # a literal block would not keep them, or hide them
        assert yaml_text.document("d", value) == f"d: {yaml_text.quoted(value)}\n"


def test_python_and_node_write_the_same_records(answers, data):
    cases = render_cases(data)
    plans = scaffold.plans()
    for (kind, slug, values, _valid), theirs in zip(cases, answers["node"]["renders"]):
        ours = scaffold.render_plan(plans[kind], values, DAY)
        assert ours == scaffold.render(scaffold.record_type(kind), values, DAY)
        assert ours == theirs, slug
    assert len(cases) >= 4 * 4


def test_rendered_records_are_valid_and_hold_their_values(data):
    written = {}
    for kind_name, slug, values, valid in render_cases(data):
        kind = scaffold.record_type(kind_name)
        text = scaffold.render(kind, values, DAY)
        record = parse(text).data
        assert yaml.safe_load(text).keys() == record.keys()
        if slug.startswith("copie-"):  # a sample record, written again: the same data
            original = parse((DATA / kind.folder / f"{slug.removeprefix('copie-')}.yaml").read_text("utf-8")).data
            assert record == {name: value for name, value in original.items() if name in values}, slug
        if valid:  # a sample record replaces its own file: each identifier, SIREN... stays unique
            (data / kind.folder / f"{slug.removeprefix('copie-')}.yaml").write_text(text, "utf-8")
            written[slug] = record
    assert validate(data, DAY) == []
    project = written["formulaire-project"]
    assert project["partenaires"] == [
        {"organisation": "e-graine", "role": "porteur", "precisions": "Coordonne le projet.\nEt anime les réunions."},
        {"organisation": "octet-pour-tous", "role": "partenaire"},
        {"organisation": "mgen", "role": "financeur", "precisions": "yes"},
    ]
    assert project["description"] == MARKDOWN and project["nom"] == PROJECT["nom"] and project["mis_a_jour"] == DAY.isoformat()
    assert written["formulaire-offer"]["capacite"] == {"nombre": 12.5, "unite": "personnes"}
    assert written["formulaire-organisation"]["description"] == ORGANISATION["description"]
    assert written["reponses-organisation"]["contact"] == {"email": "a@b.fr"}  # an optional group given by one of its fields


def test_a_list_of_partners_is_written_item_after_item():
    kind = scaffold.record_type("project")
    text = scaffold.render(kind, PROJECT, DAY)
    assert "description: |\n  Un projet **à plusieurs** : voici comment.\n\n  ## Étapes\n" in text
    start = text.index("partenaires:\n")
    assert text[start : text.index("\n\n", start)].splitlines()[-8:] == [
        "    precisions: |-",
        "      Coordonne le projet.",
        "      Et anime les réunions.",
        "  - organisation: octet-pour-tous",  # the next items: in schema order, without the help comments
        "    role: partenaire",
        "  - organisation: mgen",
        "    role: financeur",
        '    precisions: "yes"',
    ]
    # One partner given by dotted paths (make new) or as a list of one: the same file.
    one = {"partenaires[].organisation": "e-graine", "partenaires[].role": "porteur"}
    assert scaffold.render(kind, one, DAY) == scaffold.render(kind, {"partenaires": [{"organisation": "e-graine", "role": "porteur"}]}, DAY)
    # A later item missing a required field is marked, as an empty required field is.
    missing = scaffold.render(kind, {"partenaires": [{"organisation": "e-graine", "role": "porteur"}, {"organisation": "mgen"}]}, DAY)
    assert "  - organisation: mgen\n    role: \"\"  # À COMPLÉTER\n" in missing


def test_a_group_given_whole_or_field_by_field_gives_the_same_file():
    kind = scaffold.record_type("offer")
    whole = scaffold.render(kind, {"conditions": {"type": "gratuit", "precisions": "Rien à payer"}}, DAY)
    assert whole == scaffold.render(kind, {"conditions.type": "gratuit", "conditions.precisions": "Rien à payer"}, DAY)
    # Empty values count as not given: the form sends its empty inputs.
    assert scaffold.render(kind, {"titre": "", "themes": [], "description": None}, DAY) == scaffold.render(kind, {}, DAY)


def test_the_plan_travels_as_json():
    for name, plan in scaffold.plans().items():
        assert json.loads(json.dumps(plan, ensure_ascii=False)) == plan
        kind = scaffold.record_type(name)
        assert [field["path"] for field in plan["fields"]] == [field.path for field in scaffold.top_fields(kind)]
        assert scaffold.render_plan(json.loads(json.dumps(plan)), {}, DAY.isoformat()) == scaffold.render(kind, {}, DAY)
