"""JSON Schema validation of one document, with errors put in plain French."""

from __future__ import annotations

import difflib

from jsonschema.exceptions import ValidationError

from . import schemas
from .problems import Problem, field_name
from .yaml_source import YamlDocument

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
        for problem in _problems(error, document, shown):
            # One message a field: a bad date breaks both its pattern and its format.
            problems.setdefault(problem.field, problem)
    return list(problems.values())


def _problems(error: ValidationError, document: YamlDocument, shown: str) -> list[Problem]:
    path = tuple(error.absolute_path)
    keyword = error.validator
    if keyword == "additionalProperties":
        known = sorted(error.schema.get("properties", {}))
        return [
            Problem(shown, document.line_of(path + (extra,)), field_name(path + (extra,)), _unknown_field(extra, known))
            for extra in sorted(set(error.instance) - set(known))
        ]
    if keyword == "required":
        missing = next(name for name in error.validator_value if name not in error.instance)
        return [Problem(shown, document.line_of(path), field_name(path + (missing,)), "champ obligatoire manquant")]
    return [Problem(shown, document.line_of(path), field_name(path), _message(error))]


def _unknown_field(name: str, known: list[str]) -> str:
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    hint = f" : vouliez-vous dire « {close[0]} » ?" if close else f" ; champs permis : {', '.join(known)}"
    return f"champ inconnu{hint}"


def _message(error: ValidationError) -> str:
    keyword, expected, value, schema = error.validator, error.validator_value, error.instance, error.schema
    if keyword == "oneOf" and schemas.choices(schema):
        allowed = schemas.choices(schema)
        close = difflib.get_close_matches(str(value), list(allowed), n=1, cutoff=0.6)
        hint = f" ; vouliez-vous dire « {close[0]} » ?" if close else ""
        return f"valeur « {value} » inconnue ; valeurs permises : {', '.join(allowed)}{hint}"
    if keyword == "type":
        names = [expected] if isinstance(expected, str) else expected
        return f"doit être {' ou '.join(_TYPE_NAMES.get(name, name) for name in names)}"
    if keyword == "minLength":
        return "ne doit pas être vide" if expected <= 1 else f"trop court ({len(value)} caractères, {expected} au moins)"
    if keyword == "maxLength":
        return f"trop long ({len(value)} caractères, {expected} au plus)"
    if keyword == "pattern":
        if expected == "\\S":
            return "ne doit pas être vide"
        return f"format invalide « {value} »{_expected_format(schema)}"
    if keyword == "format":
        if expected == "date":
            return f"date invalide « {value} » : écrivez une date qui existe, au format AAAA-MM-JJ"
        return f"format invalide « {value} »{_expected_format(schema)}"
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


def _expected_format(schema: dict) -> str:
    parts = []
    if schema.get("description"):
        description = schema["description"].rstrip(".")
        parts.append(description[0].lower() + description[1:])
    if schema.get("examples"):
        parts.append(f"exemple : {schema['examples'][0]}")
    return " : " + " ; ".join(parts) if parts else ""
