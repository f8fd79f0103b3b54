"""JSON Schema validation of one document, with errors put in plain French."""

from __future__ import annotations

import datetime
import difflib
import re
from functools import cache

from jsonschema.exceptions import ValidationError

from annuaire.problems import Problem, field_name
from annuaire.record_types import RECORD_TYPES
from annuaire.records import schemas
from annuaire.records.identifiers import suggestion
from annuaire.records.yaml_source import YamlDocument

_TYPE_NAMES = {
    "string": "un texte",
    "integer": "un nombre entier",
    "number": "un nombre",
    "boolean": "true ou false",
    "array": "une liste (lignes commençant par « - »)",
    "object": "un groupe de champs (« champ: valeur » indentés en dessous)",
    "null": "vide",
}


def check(document: YamlDocument, schema_name: str, shown: str) -> list[Problem]:
    problems: dict[str, Problem] = {}
    for error in schemas.validator(schema_name).iter_errors(document.data):
        for problem in _problems(error, document, shown, schema_name):
            # One message a field: a bad date breaks both its pattern and its format.
            problems.setdefault(problem.field, problem)
    return list(problems.values())


def _problems(error: ValidationError, document: YamlDocument, shown: str, schema_name: str) -> list[Problem]:
    path = tuple(error.absolute_path)
    keyword = error.validator
    if keyword == "additionalProperties":
        properties = error.schema.get("properties", {})
        known = sorted(properties)
        return [
            _at(document, shown, path + (extra,), path + (extra,), _unknown_field(extra, known, properties))
            for extra in sorted(set(error.instance) - set(known))
        ]
    if keyword == "required":
        # Every missing field: the validator's error for each names none of them apart.
        return [_at(document, shown, path, path + (name,), "champ obligatoire manquant") for name in error.validator_value if name not in error.instance]
    return [_at(document, shown, path, path, _message(error, _reference_field(schema_name, path)))]


@cache
def _reference_fields(schema_name: str) -> dict[str, dict]:
    """{dotted path: schema} of the fields of a record type that name records of another type."""
    kind = next((kind for kind in RECORD_TYPES if kind.schema == schema_name), None)
    paths = {reference.path for reference in getattr(kind, "references", ())}
    return {path: node for path, node, _required in schemas.fields(schema_name) if path in paths}


def _reference_field(schema_name: str, path: tuple) -> dict | None:
    """The schema of the reference field at `path` (an item of it too), or None: its own description and
    examples, where the validator only sees those of `identifiant`, whose example is an organisation's."""
    dotted = ""
    for part in path:
        dotted += "[]" if isinstance(part, int) else (f".{part}" if dotted else str(part))
    return _reference_fields(schema_name).get(dotted.removesuffix("[]"))


def _at(document: YamlDocument, shown: str, where: tuple, path: tuple, message: str) -> Problem:
    line, column = document.position_of(where)
    return Problem(shown, line, field_name(path), message, column=column)


def _unknown_field(name: str, known: list[str], properties: dict) -> str:
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    if close:
        return f"champ inconnu : vouliez-vous dire « {close[0]} » ?"
    # A field of a group written at the wrong level: `telephone:` beside `nom:` instead of under `contact:`.
    groups = [group for group, node in properties.items() if name in node.get("properties", {})]
    if groups:
        return f"champ inconnu à cet endroit : « {name} » se range dans « {groups[0]} » (écrivez « {groups[0]}: » puis, en dessous et en retrait, « {name}: … »)"
    return f"champ inconnu ; champs permis : {', '.join(known)}"


def explain(error: ValidationError, field: dict | None = None) -> str:
    """The French message of one validation error, without its place (for `make new`'s answers).

    `field`: the schema of the field answered, when its description and examples say more
    than the error's own schema (an item of `themes` is only an `identifiant`).
    """
    return _message(error, field)


def _message(error: ValidationError, field: dict | None = None) -> str:
    keyword, expected, value, schema = error.validator, error.validator_value, error.instance, error.schema
    if value in ("", None) and keyword in ("oneOf", "enum", "const", "pattern", "format", "type", "minLength"):
        # Left empty (as `make new` leaves what it could not fill): to fill in, not a wrong value.
        allowed = schemas.choices(schema)
        return "à remplir" + (f" ; valeurs permises : {', '.join(allowed)}" if allowed else "")
    if keyword == "oneOf" and schemas.choices(schema):
        allowed = schemas.choices(schema)
        close = suggestion(str(value), allowed)
        hint = f" ; vouliez-vous dire « {close} » ?" if close else ""
        return f"valeur « {value} » inconnue ; valeurs permises : {', '.join(allowed)}{hint}"
    if keyword == "type":
        names = [expected] if isinstance(expected, str) else expected
        if names == ["string"] and schema.get("format") == "date":
            return f"doit être une date au format AAAA-MM-JJ, par exemple {_date_example(schema)}"
        if names == ["string"] and isinstance(value, (int, float)) and not isinstance(value, bool):
            return f"doit être un texte : écrivez la valeur entre guillemets, « \"{value}\" »"
        return f"doit être {' ou '.join(_TYPE_NAMES.get(name, name) for name in names)}"
    if keyword == "minLength":
        return "ne doit pas être vide" if expected <= 1 else f"trop court ({len(value)} caractères, {expected} au moins)"
    if keyword == "maxLength":
        return f"trop long ({len(value)} caractères, {expected} au plus)"
    if keyword == "pattern":
        if expected == "\\S":
            return "ne doit pas être vide"
        return f"format invalide « {value} »{_expected_format(field or schema)}{_compact_hint(value, expected)}"
    if keyword == "format":
        if expected == "date":
            return f"date invalide « {value} » : écrivez une date qui existe, au format AAAA-MM-JJ{_date_hint(value, schema)}"
        return f"format invalide « {value} »{_expected_format(field or schema)}"
    if keyword == "minItems":
        return "la liste ne doit pas être vide" if expected <= 1 else f"la liste doit avoir au moins {expected} éléments"
    if keyword == "maxItems":
        return f"la liste a trop d'éléments ({len(value)}, {expected} au plus)"
    if keyword == "uniqueItems":
        return "la liste contient des doublons"
    if keyword == "minProperties":
        return "ne doit pas être vide : remplissez au moins un champ, ou retirez-le"
    if keyword == "minimum":
        return f"doit valoir au moins {expected}"
    if keyword == "maximum":
        return f"doit valoir au plus {expected}"
    if keyword == "exclusiveMinimum":
        return f"doit être supérieur à {expected}"
    if keyword in ("const", "enum"):
        allowed = [expected] if keyword == "const" else expected
        return f"valeur « {value} » non permise ; valeurs permises : {', '.join(map(str, allowed))}"
    return f"valeur invalide ({error.message})"


_FRENCH_DATE = re.compile(r"^\s*([0-9]{1,2})[/.-]([0-9]{1,2})[/.-]([0-9]{4})\s*$")


def _date_example(schema: dict) -> str:
    return (schema.get("examples") or ["2026-11-13"])[0]


def _date_hint(value: str, schema: dict) -> str:
    """« vouliez-vous dire « 2026-01-15 » ? » for a date written the French way (15/01/2026)."""
    match = _FRENCH_DATE.match(value)
    if match:
        day, month, year = (int(part) for part in match.groups())
        try:
            return f" ; vouliez-vous dire « {datetime.date(year, month, day).isoformat()} » ?"
        except ValueError:
            pass
    return f" (par exemple {_date_example(schema)})"


def _compact_hint(value: str, pattern: str) -> str:
    """A number copied with its spaces (« 552 100 554 00005 »): the same without them fits."""
    compact = re.sub(r"\s+", "", value)
    if compact != value and re.search(pattern, compact):
        return f" ; sans les espaces : « {compact} »"
    return ""


def _expected_format(schema: dict) -> str:
    parts = []
    if schema.get("description"):
        description = schema["description"].rstrip(".")
        parts.append(description[0].lower() + description[1:])
    if schema.get("examples"):
        example = schema["examples"][0]
        # A list's example is a list: its first value is the example of one (themes: environnement).
        parts.append(f"exemple : {example[0] if isinstance(example, list) and example else example}")
    return " : " + " ; ".join(parts) if parts else ""
