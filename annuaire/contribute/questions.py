"""The answers `make new` needs: from `champ=valeur` arguments, or asked one by one in a terminal.

Every answer is checked as it comes, against the field's JSON Schema and the
identifiers that exist in the data folder, so that a mistake is said at once,
in French, with the allowed values or a « vouliez-vous dire » hint: every wrong
value of an answer, and every wrong answer of `champ=valeur` arguments, at once,
in the words of `make validate` (`themes (2e valeur): thème inconnu …`).
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from pathlib import Path

from annuaire.contribute.scaffold import Field, ScaffoldError, fields, questions, slug_problem, suggested_slug
from annuaire.problems import field_name
from annuaire.record_types import BY_NAME, LIST_TYPES, RecordType
from annuaire.records import schema_check, schemas
from annuaire.records.identifiers import suggestion
from annuaire.records.yaml_source import load_file

_TRUE, _FALSE = {"true", "oui", "o", "vrai", "1"}, {"false", "non", "n", "faux", "0"}


class AnswerError(ValueError):
    """An answer that does not fit its field, said in French: `problems` holds (position, message)
    for each wrong value, the position counting from 0 in a list of values, None for the whole answer."""

    def __init__(self, problems: list[tuple[int | None, str]] | str):
        self.problems = [(None, problems)] if isinstance(problems, str) else problems
        super().__init__("\n".join(message for _position, message in self.problems))

    def lines(self, name: str) -> list[str]:
        """`themes (2e valeur): thème inconnu « x »`: each problem named as `make validate` names it."""
        return [f"{field_name((name,) if position is None else (name, position))}: {message}" for position, message in self.problems]


def known_identifiers(data_path: Path) -> dict[str, dict[str, str]]:
    """{kind: {identifier: label}} for organisations, themes and communes of the data folder."""
    data_path = Path(data_path)
    known: dict[str, dict[str, str]] = {}
    folder = data_path / BY_NAME["organisation"].folder
    known["organisation"] = {path.stem: path.stem for path in sorted(folder.glob("*.yaml"))} if folder.is_dir() else {}
    for kind in LIST_TYPES:
        document, _problems = load_file(data_path / kind.file, kind.file) if (data_path / kind.file).is_file() else (None, [])
        items = document.data if document is not None and isinstance(document.data, list) else []
        known[kind.name] = {item["id"]: str(item.get("nom", item["id"])) for item in items if isinstance(item, dict) and isinstance(item.get("id"), str)}
    return known


def parse_answer(field: Field, text: str, known: dict[str, dict[str, str]]):
    """The value of `text` for `field`, or `AnswerError`; None for an empty answer."""
    text = text.strip()
    if not text:
        return None
    parts = [part.strip() for part in text.split(",") if part.strip()] if field.many else [text]
    values, problems = [], []
    for position, part in enumerate(parts):
        try:
            values.append(_one(field, part, known))
        except AnswerError as error:
            problems += [(position if field.many else None, message) for _position, message in error.problems]
    if problems:
        raise AnswerError(problems)
    value = values if field.many else values[0]
    found: dict[int | None, str] = {}
    for error in schemas.fragment_validator(field.node).iter_errors(value):
        position = error.absolute_path[0] if error.absolute_path and isinstance(error.absolute_path[0], int) else None
        # One message a value, as `make validate` gives: a value breaking two rules is said once.
        found.setdefault(position, schema_check.explain(error, field.node if field.reference else None))
    if found:
        raise AnswerError(sorted(found.items(), key=lambda item: -1 if item[0] is None else item[0]))
    return value


def _one(field: Field, text: str, known):
    choices = field.choices
    if choices:
        if text.isdigit() and 1 <= int(text) <= len(choices):
            return list(choices)[int(text) - 1]
        by_label = {label.casefold(): value for value, label in choices.items()}
        if text in choices or text.casefold() in by_label:
            return text if text in choices else by_label[text.casefold()]
        close = suggestion(text, choices)
        hint = f" ; vouliez-vous dire « {close} » ?" if close else ""
        raise AnswerError(f"valeur « {text} » inconnue ; valeurs permises : {', '.join(choices)}{hint}")
    if field.reference:
        identifiers = known.get(field.reference) or {}
        if identifiers and text not in identifiers:
            close = suggestion(text, identifiers)
            hint = f" ; vouliez-vous dire « {close} » ?" if close else ""
            advice = " (créez d'abord sa fiche : make new TYPE=organisation)" if field.reference == "organisation" and not close else ""
            raise AnswerError(f"{BY_NAME[field.reference].unknown} « {text} »{hint}{advice}")
        return text
    kind = field.node.get("items", {}).get("type") if field.many else field.node.get("type")
    if kind in ("number", "integer"):
        try:
            number = float(text.replace(",", ".")) if kind == "number" else int(text)
        except ValueError:
            raise AnswerError(f"« {text} » n'est pas un nombre{' entier' if kind == 'integer' else ''}") from None
        return int(number) if kind == "number" and number.is_integer() else number
    if kind == "boolean":
        if text.casefold() in _TRUE | _FALSE:
            return text.casefold() in _TRUE
        raise AnswerError(f"« {text} » : répondez oui ou non")
    return text


def parse_assignments(kind: RecordType, assignments: list[str], known) -> dict:
    """`["titre=Salle de réunion", "themes=environnement,solidarite"]` into checked values by dotted path.

    Every wrong one is told, not only the first: `ScaffoldError` with a message for each.
    """
    problems = []
    by_path = {field.path: field for field in fields(kind)}
    aliases = {path.replace("[]", ""): path for path in by_path}
    values = {}
    for assignment in assignments:
        name, separator, text = assignment.partition("=")
        name = name.strip()
        if not separator:
            problems.append(f"« {assignment} » : écrivez champ=valeur (par exemple titre=\"Salle de réunion\")")
            continue
        path = name if name in by_path else aliases.get(name)
        if path is None or by_path[path].node.get("type") == "object" or _is_group_list(by_path[path]):
            close = difflib.get_close_matches(name, sorted(aliases), n=1, cutoff=0.6)
            hint = f" ; vouliez-vous dire « {close[0]} » ?" if close else ""
            problems.append(f"{name}: champ inconnu{hint}")
            continue
        try:
            value = parse_answer(by_path[path], text, known)
        except AnswerError as error:
            problems += error.lines(name)
            continue
        if value is not None:
            values[path] = value
    if problems:
        raise ScaffoldError(*problems)
    return values


def _is_group_list(field: Field) -> bool:
    return field.many and field.node.get("items", {}).get("type") == "object"


def ask_missing(
    kind: RecordType, values: dict, known, ask: Callable[[str], str], say: Callable[[str], None]
) -> dict:
    """Ask, one by one, every question not answered yet; an empty answer skips an optional field."""
    values = dict(values)
    for field in questions(kind):
        if field.path in values:
            continue
        say("")
        say(field.comment())
        if field.reference and not field.choices:
            _say_known(field, known, say)
        while True:
            text = ask(f"{field.node.get('title', field.name)}{'' if field.required else ' (Entrée pour passer)'} : ")
            try:
                value = parse_answer(field, text, known)
            except AnswerError as error:
                # One line a wrong value; those of a list named by their place: « themes (2e valeur): … ».
                lines = error.lines(field.name) if field.many else [message for _position, message in error.problems]
                for line in lines:
                    say(f"  → {line}")
                continue
            if value is None and field.required:
                say("  → ce champ est obligatoire")
                continue
            break
        if value is not None:
            values[field.path] = value
    return values


def _say_known(field: Field, known, say) -> None:
    identifiers = known.get(field.reference) or {}
    if not identifiers:
        return
    if len(identifiers) <= 30:
        shown = ", ".join(f"{slug} ({label})" if label != slug else slug for slug, label in identifiers.items())
    else:
        shown = ", ".join(list(identifiers)[:10]) + f"… ({len(identifiers)} en tout)"
    say(f"  identifiants existants : {shown}")
    if field.many:
        say("  plusieurs valeurs : séparez-les par des virgules")


def ask_slug(kind: RecordType, values: dict, data_path: Path, ask, say) -> str:
    suggestion = suggested_slug(kind, values)
    say("")
    say("Identifiant de la fiche : c'est le nom du fichier (minuscules sans accents, chiffres et tirets).")
    while True:
        text = ask(f"Identifiant{f' [{suggestion}]' if suggestion else ''} : ").strip() or suggestion
        problem = slug_problem(kind, text, data_path) if text else "l'identifiant est obligatoire"
        if problem is None:
            return text
        say(f"  → {problem}")
