"""The contribution form says a record's mistakes in the words of `make validate`.

Each case of message_cases.json is a record with its expected problems as (field, message). The
Python side writes it into a copy of data/ and runs the validator `make validate` runs (loader.inspect);
the JavaScript side runs annuaire/contribute/browser/problems.js in Node with Ajv (npm `ajv-dist`),
on the inlined schema and a context built here from the same data, as the site will build it.
Both must give the case's expected problems, so a change on either side breaks a test. The ports
of `suggestion`, `field_name`, difflib, `fold` and the "date" format are compared on generated input.
"""

from __future__ import annotations

import datetime
import difflib
import json
import random
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from jsonschema import FormatChecker

from annuaire.meeting.keywords import fold
from annuaire.problems import display_path, field_name
from annuaire.record_types import BY_NAME, RECORD_TYPES
from annuaire.records import consistency, schema_check, schemas
from annuaire.records.identifiers import suggestion
from annuaire.records.loader import inspect

ROOT = Path(__file__).resolve().parents[2]
RUNNER = Path(__file__).with_name("message_runner.js")
CASES_FILE = json.loads(Path(__file__).with_name("message_cases.json").read_text("utf-8"))
CASES = CASES_FILE["cases"]
TODAY = datetime.date.fromisoformat(CASES_FILE["today"])


def browser_context(sources: dict, kind, today: datetime.date) -> dict:
    """What problems.js needs besides Ajv and the record's slug, from a data folder's sources (loader.inspect)."""
    targets = sorted({reference.target for reference in kind.references})
    fields = schema_check._reference_fields(kind.schema)
    legal: dict[str, dict[str, str]] = {"rna": {}, "siren": {}, "siret": {}}
    for source in sources.get("organisation", []):  # in file order: the first holder of a number is named
        data = source.data if isinstance(source.data, dict) else {}
        for name, form in consistency._LEGAL_FORMS.items():
            value = data.get(name)
            if isinstance(value, str) and form.match(value):
                legal[name].setdefault(value, source.slug)
    return {
        "kind": {
            "name": kind.name,
            "references": [
                {
                    "path": reference.path,
                    "target": reference.target,
                    "partnership": reference.partnership,
                    "field": {key: fields[reference.path][key] for key in ("description", "examples") if key in fields[reference.path]},
                }
                for reference in kind.references
            ],
        },
        "known": {target: {source.slug: consistency._name(source) for source in sources.get(target, [])} for target in targets},
        "unknown": {target: BY_NAME[target].unknown for target in targets},
        "today": today.isoformat(),
        "postalCodes": {source.slug: source.data["codes_postaux"] for source in sources.get("commune", []) if source.valid},
        "legal": legal,
    }


def _sorted(problems) -> list[tuple[str, str]]:
    return sorted((problem["field"], problem["message"]) for problem in problems)


@pytest.fixture(scope="module")
def data_copy(tmp_path_factory) -> Path:
    data = tmp_path_factory.mktemp("parity") / "data"
    shutil.copytree(ROOT / "data", data)
    return data


@pytest.fixture(scope="module")
def python_results(data_copy) -> dict[str, list[tuple[str, str]]]:
    """Each case's problems as `make validate` reports them for its file."""
    results = {}
    for case in CASES:
        path = data_copy / BY_NAME[case["type"]].folder / f"{case['name']}.yaml"
        path.write_text(yaml.safe_dump(case["record"], allow_unicode=True, sort_keys=False), "utf-8")
        try:
            _sources, problems = inspect(data_copy, TODAY)
        finally:
            path.unlink()
        shown = display_path(path)
        results[case["name"]] = sorted((problem.field, problem.message) for problem in problems if problem.file == shown)
    return results


def _generated_inputs() -> dict:
    """Strings and paths for the ports, drawn with a fixed seed: typos of real identifiers and names, and noise."""
    rng = random.Random(20261201)
    letters = "abcdefghijklmnopqrstuvwxyz"
    extra = "éèêëàâäçôöîïùûüÿœæÉÈÀÇŒÆß -'’0123456789_."
    data = ROOT / "data"
    lists = [{item["id"]: item.get("nom") for item in yaml.safe_load((data / name).read_text("utf-8"))} for name in ("themes.yaml", "communes.yaml")]
    organisations = {path.stem: yaml.safe_load(path.read_text("utf-8")).get("nom") for path in sorted((data / "organisations").glob("*.yaml"))}
    lists.append(organisations)

    def noise(size: int, alphabet: str = letters + extra) -> str:
        return "".join(rng.choice(alphabet) for _ in range(size))

    def typo(text: str) -> str:
        chars = list(text)
        for _ in range(rng.randint(1, 3)):
            position = rng.randrange(len(chars) + 1)
            action = rng.choice(("delete", "insert", "replace", "swap", "upper", "space"))
            if action == "delete" and position < len(chars):
                del chars[position]
            elif action == "insert":
                chars.insert(position, rng.choice(letters + "éè-"))
            elif action == "replace" and position < len(chars):
                chars[position] = rng.choice(letters)
            elif action == "swap" and position + 1 < len(chars):
                chars[position], chars[position + 1] = chars[position + 1], chars[position]
            elif action == "upper":
                chars = list("".join(chars).upper() if rng.random() < 0.3 else "".join(chars).title())
            elif action == "space":
                chars = list("".join(chars).replace("-", " "))
        return "".join(chars)

    suggestions = []
    for _ in range(360):
        known = rng.choice(lists)
        source = rng.choice([*known, *[name for name in known.values() if name]])
        value = typo(source) if rng.random() < 0.75 else (source[: rng.randint(1, len(source))] if rng.random() < 0.5 else noise(rng.randint(0, 12)))
        suggestions.append([value, known])
    for _ in range(40):  # small invented lists, with names or without
        known = {noise(rng.randint(1, 10), letters + "-"): (noise(rng.randint(1, 12)) if rng.random() < 0.5 else None) for _ in range(rng.randint(1, 6))}
        suggestions.append([typo(rng.choice(list(known))) if rng.random() < 0.7 else noise(rng.randint(1, 8)), known])

    field_names = []
    for _ in range(200):
        path = [rng.choice(["themes", "contact", "partenaires", "role", "email", "disponibilite", "debut"]) if rng.random() < 0.6 else rng.randrange(12) for _ in range(rng.randint(0, 4))]
        field_names.append(path)

    ratios = [[noise(rng.randint(0, 30)), noise(rng.randint(0, 30))] for _ in range(150)]
    ratios += [[typo(a), a] for a in (rng.choice(list(rng.choice(lists))) for _ in range(100))]
    # 200 elements or more: difflib's autojunk leaves out the popular ones ("abab…")
    ratios += [[noise(rng.randint(150, 400), "abc "), noise(rng.randint(200, 400), "abcd ")] for _ in range(30)]
    ratios += [[noise(rng.randint(190, 260), "ab"), noise(rng.randint(195, 260), "ab")] for _ in range(20)]
    close_matches = [[typo(word), sorted(known)] for known in lists for word in rng.sample(sorted(known), min(10, len(known)))]
    close_matches += [[noise(rng.randint(1, 8), letters), [noise(rng.randint(1, 8), letters) for _ in range(rng.randint(0, 12))]] for _ in range(60)]

    # One string a character over the Latin, combining, punctuation and compatibility blocks, and some words.
    ranges = [(0x20, 0x250), (0x300, 0x370), (0x370, 0x400), (0x1E00, 0x2190), (0xFB00, 0xFB07), (0xFF00, 0xFF5F)]
    folds = [f"a{chr(code)}b" for start, end in ranges for code in range(start, end) if not 0xD800 <= code < 0xE000]
    folds += ["Saint-Quentin-en-Yvelines", "La Verrière", "ÉLANCOURT", "Straße", "STRASSE", "Œuvre", "ﬁlle", "Ｇｕｙａｎｃｏｕｒｔ"]
    folds += [noise(rng.randint(0, 20)) for _ in range(100)]

    dates = ["2026-01-15", "2024-02-29", "2023-02-29", "2026-02-30", "2026-13-01", "2026-00-10", "2026-04-31", "0000-01-01", "0001-01-01", "9999-12-31"]
    dates += ["2026-1-15", " 2026-01-15", "2026-01-15\n", "15/01/2026", "2026-01-15T10:00", "２０２６-01-15", "", "20260115", "1900-02-29", "2000-02-29"]
    return {"suggestions": suggestions, "fieldNames": field_names, "ratios": ratios, "closeMatches": close_matches, "folds": folds, "dates": dates}


GENERATED = _generated_inputs()


@pytest.fixture(scope="module")
def node_results(data_copy) -> dict:
    """problems.js's answers to every case and generated input, from one `node` run."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed: the browser's messages (problems.js) are not tested")
    assert (ROOT / "node_modules" / "ajv-dist").is_dir(), "node_modules lacks ajv-dist: run `npm ci` (or `make setup`)"
    sources, _problems = inspect(data_copy, TODAY)
    request = {
        "schemas": {kind.name: schemas.inlined(kind.schema) for kind in RECORD_TYPES},
        "contexts": {kind.name: browser_context(sources, kind, TODAY) for kind in RECORD_TYPES},
        "cases": [{"name": case["name"], "type": case["type"], "record": case["record"], "slug": case["name"]} for case in CASES],
        **GENERATED,
    }
    completed = subprocess.run([node, str(RUNNER)], input=json.dumps(request, ensure_ascii=False), capture_output=True, text=True, encoding="utf-8", timeout=120, check=False)
    assert completed.returncode == 0, completed.stderr
    return json.loads(completed.stdout)


def test_the_cases_cover_every_record_type():
    assert len(CASES) >= 25
    assert {case["type"] for case in CASES} == {kind.name for kind in RECORD_TYPES}
    assert len({case["name"] for case in CASES}) == len(CASES)
    assert sum(1 for case in CASES if len(case["expected"]) > 1) >= 3 and any(not case["expected"] for case in CASES)


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_make_validate_reports_the_expected_problems(case, python_results):
    assert python_results[case["name"]] == _sorted(case["expected"])


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_the_browser_reports_the_same_problems(case, node_results):
    found = node_results["cases"][case["name"]]
    assert _sorted(found) == _sorted(case["expected"])
    # Each problem's path is the place its field names.
    assert all(field_name(problem["path"]) == problem["field"] for problem in found)


def test_suggestion_port(node_results):
    expected = [suggestion(value, known) for value, known in GENERATED["suggestions"]]
    assert sum(1 for hint in expected if hint) > 150  # the inputs reach every way a hint is found, not only "none"
    mismatches = [(value, ours, theirs) for (value, _known), ours, theirs in zip(GENERATED["suggestions"], expected, node_results["suggestions"]) if ours != theirs]
    assert mismatches == []


def test_field_name_port(node_results):
    assert node_results["fieldNames"] == [field_name(path) for path in GENERATED["fieldNames"]]


def test_difflib_port(node_results):
    ratios = [difflib.SequenceMatcher(None, a, b).ratio() for a, b in GENERATED["ratios"]]
    assert [(pair, ours) for pair, ours, theirs in zip(GENERATED["ratios"], ratios, node_results["ratios"]) if ours != theirs] == []
    close = [difflib.get_close_matches(word, possibilities, 3, 0.6) for word, possibilities in GENERATED["closeMatches"]]
    assert node_results["closeMatches"] == close


def test_fold_port(node_results):
    expected = [fold(text) for text in GENERATED["folds"]]
    assert [(text, ours, theirs) for text, ours, theirs in zip(GENERATED["folds"], expected, node_results["folds"]) if ours != theirs] == []


def test_date_format_is_jsonschemas(node_results):
    checker = FormatChecker()
    assert node_results["dates"] == [checker.conforms(text, "date") for text in GENERATED["dates"]]


def test_reference_fields_are_described_as_python_describes_them():
    """The context carries each reference field's own description: the inlined schema may hold another
    (an organisation's `commune`), and the Python message names the field's own."""
    for kind in RECORD_TYPES:
        context = browser_context({}, kind, TODAY)
        for reference in context["kind"]["references"]:
            path: tuple = ()
            for part in reference["path"].split("."):  # "partenaires[].organisation" -> ("partenaires", 0, "organisation")
                path += (part.removesuffix("[]"), 0) if part.endswith("[]") else (part,)
            described = schema_check._reference_field(kind.schema, path)
            assert reference["field"]["description"] == described["description"], (kind.name, reference["path"])
