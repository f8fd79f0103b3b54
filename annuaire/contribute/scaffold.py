"""A new record file, written from its JSON Schema: `make new TYPE=offer`.

The file starts with the `yaml-language-server` schema comment, then every field
of the schema in order: the required ones with their values (or an empty value
marked « À COMPLÉTER »), the optional ones commented out with an example, and
above each a comment with its title, its description and its allowed values.

`plan(kind)` is that layout as JSON, and `render_plan` writes it; the contribution
form's `browser/record-yaml.js` renders the same plan the same way, so that the
form and `make new` give the same bytes. Values are written by `yaml_text`'s rules.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from annuaire import record_types as registry
from annuaire.contribute.yaml_text import entry_lines, scalar
from annuaire.record_types import RECORD_TYPES, REFERENCES, RecordType
from annuaire.records import schemas
from annuaire.records.loader import SLUG, reserved_names

TODO = "À COMPLÉTER"
DATE_FIELDS = ("publie_le", "mis_a_jour")  # filled with the day of creation
MAX_SLUG = 60


class ScaffoldError(Exception):
    """A request that cannot be fulfilled, said in French: one message, or one for each wrong value."""

    def __init__(self, *messages: str):
        self.messages = list(messages)
        super().__init__("\n".join(messages))


def record_type(name: str) -> RecordType:
    kind = registry.record_type(name)
    if kind is None:
        allowed = ", ".join(kind.name for kind in RECORD_TYPES)
        aliases = ", ".join(alias for kind in RECORD_TYPES for alias in (kind.aliases or (kind.name,)))
        raise ScaffoldError(f"type de fiche inconnu « {name} » ; types permis : {allowed} (ou {aliases})")
    return kind


@dataclass(frozen=True)
class Field:
    """One field of a record type, as `make new` asks for it and writes it."""

    path: str  # dotted, `[]` for the items of a list: "conditions.type", "partenaires[].role"
    node: dict  # resolved schema
    required: bool  # required where it stands (an object's sub-field: when the object is there)

    @property
    def name(self) -> str:
        return self.path.rsplit(".", 1)[-1].removesuffix("[]")

    @property
    def choices(self) -> dict[str, str] | None:
        return schemas.choices(self.node) or (self.node.get("type") == "array" and schemas.choices(self.node.get("items", {}))) or None

    @property
    def many(self) -> bool:
        return self.node.get("type") == "array"

    @property
    def reference(self) -> str | None:
        return REFERENCES.get(self.path)

    def comment(self) -> str:
        """« Titre (obligatoire) : description ; valeurs permises : … »"""
        text = f"{self.node.get('title', self.name)} ({'obligatoire' if self.required else 'facultatif'})"
        if self.node.get("description"):
            text += f" : {self.node['description'].rstrip('.')}"
        if self.choices:
            text += " ; valeurs permises : " + ", ".join(f"{value} ({label})" for value, label in self.choices.items())
        return text


def fields(kind: RecordType) -> list[Field]:
    """The fields a person writes: those kept by a tool (`readOnly`, such as `registre`) are left out."""
    kept_by_tools = [path for path, node, _required in schemas.fields(kind.schema) if node.get("readOnly")]
    return [
        Field(path, node, required)
        for path, node, required in schemas.fields(kind.schema)
        if not any(path == tool or path.startswith(tool + ".") for tool in kept_by_tools)
    ]


def top_fields(kind: RecordType) -> list[Field]:
    return [field for field in fields(kind) if "." not in field.path]


def children(kind: RecordType, parent: Field) -> list[Field]:
    prefix = parent.path + ("[]." if parent.many else ".")
    return [field for field in fields(kind) if field.path.startswith(prefix) and "." not in field.path[len(prefix):]]


def questions(kind: RecordType) -> list[Field]:
    """What `make new` asks: required fields (those of a required group too) and the references to lists.

    Dates of publication and update are the day of creation, never asked.
    """
    asked = []
    for field in top_fields(kind):
        if field.name in DATE_FIELDS:
            continue
        sub = children(kind, field)
        if sub and field.required:
            asked += [child for child in sub if child.required]
        elif not sub and (field.required or field.reference):
            asked.append(field)
    return asked


def slugify(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(char for char in decomposed if not unicodedata.combining(char)).replace("œ", "oe").replace("æ", "ae")
    slug = re.sub(r"[^a-z0-9]+", "-", plain).strip("-")
    if len(slug) > MAX_SLUG:
        slug = slug[:MAX_SLUG].rsplit("-", 1)[0]
    return slug


def suggested_slug(kind: RecordType, values: dict) -> str:
    """The file name a record would get: from its title, after its organisation's for offers and needs."""
    title = values.get(kind.title_field)
    if not isinstance(title, str) or not title.strip():
        return ""
    slug = slugify(title)
    organisation = values.get(kind.owner) if kind.owner else None
    if isinstance(organisation, str) and organisation and not slug.startswith(organisation):
        slug = slugify(f"{organisation} {title}")
    return slug


def slug_problem(kind: RecordType, slug: str, data_path: Path) -> str | None:
    """Why `slug` cannot name a new record, or None."""
    if not SLUG.match(slug):
        return f"identifiant invalide « {slug} » : minuscules sans accents, chiffres et tirets seulement (par exemple « ma-structure »)"
    if slug in reserved_names(kind):
        return f"le nom « {slug} » est réservé aux pages de l'annuaire : choisissez-en un autre"
    path = Path(data_path) / kind.folder / f"{slug}.yaml"
    if path.exists():
        return f"{path.as_posix()} existe déjà : choisissez un autre identifiant"
    return None


def plan(kind: RecordType) -> dict:
    """What `render` writes for a type, as JSON: the single source of `make new` and the form's
    `browser/record-yaml.js`, which renders it the same way, byte for byte.

    `header`: the opening comment lines; `today`: the fields given the day of creation;
    `fields`: each top-level field in schema order as {path, name, required, many, comment,
    example (the schema's first, when it has one), children (a group's fields, the same way)}.
    """
    schema = schemas.schema(kind.schema)
    top = top_fields(kind)
    return {
        "type": kind.name,
        "header": [
            f"# yaml-language-server: $schema=../../annuaire/schemas/{kind.schema}",
            f"# {schema.get('title', kind.label)} : {schema.get('description', '')}",
            "# Chaque champ est décrit sur la page « Référence des champs » du site (/contribuer/champs/).",
            "# Les lignes qui commencent par « # » sont des commentaires. Pour remplir un champ facultatif,",
            "# retirez le « # » de sa ligne ; vérifiez ensuite la fiche avec « make validate ».",
        ],
        "today": [field.name for field in top if field.name in DATE_FIELDS],
        "todo": TODO,
        "fields": [_plan_field(kind, field) for field in top],
    }


def _plan_field(kind: RecordType, field: Field) -> dict:
    entry = {"path": field.path, "name": field.name, "required": field.required, "many": field.many, "comment": field.comment()}
    sub = children(kind, field)
    if sub:
        entry["children"] = [_plan_field(kind, child) for child in sub]
    elif "examples" in field.node:
        entry["example"] = field.node["examples"][0]
    return entry


def plans() -> dict[str, dict]:
    """The plan of every record type, by type name."""
    return {kind.name: plan(kind) for kind in RECORD_TYPES}


def render(kind: RecordType, values: dict, today: datetime.date | str) -> str:
    """The commented YAML text of a new record; `values` maps dotted paths to the values given.

    A group may also come whole: `{"contact": {"email": …}}`, and a list of groups as a list:
    `{"partenaires": [{"organisation": …, "role": …}, …]}`.
    """
    return render_plan(plan(kind), values, today)


def render_plan(plan: dict, values: dict, today: datetime.date | str) -> str:
    """`render` from a plan: what `browser/record-yaml.js`'s `render` repeats, line for line.

    A value of None, "" or [] counts as not given. A list of groups writes its items' fields in
    schema order; the first item carries the help comments and the optional fields left out as
    commented examples (as when one item is given by dotted paths), the next ones only their values
    (a required one missing marked « À COMPLÉTER »); keys the schema does not have are left out.
    """
    day = today if isinstance(today, str) else today.isoformat()
    given = {path: value for path, value in values.items() if not _empty(value)}
    given = {**{name: day for name in plan["today"]}, **given}
    lines = list(plan["header"])
    for field in plan["fields"]:
        lines.append("")
        lines += _field_lines(plan, field, given)
    return "\n".join(lines) + "\n"


def _empty(value) -> bool:
    return value is None or value == "" or (isinstance(value, list) and not value)


def _field_lines(plan: dict, field: dict, values: dict) -> list[str]:
    """The comment and the line(s) of one top-level field; a group's fields below it, each with its comment."""
    lines = [f"# {field['comment']}"]
    sub = field.get("children")
    if not sub:
        commented = not field["required"] and field["path"] not in values
        return lines + _value_lines(plan, field, values, "", commented)
    whole = values.get(field["path"])
    items = []
    first = {child["path"]: values[child["path"]] for child in sub if child["path"] in values}
    if field["many"]:
        items = [item for item in whole if isinstance(item, dict)] if isinstance(whole, list) else []
    elif isinstance(whole, dict):  # a group given whole; its fields given by dotted paths come first
        first = {**{child["path"]: whole[child["name"]] for child in sub if not _empty(whole.get(child["name"]))}, **first}
    if items:
        first = {child["path"]: items[0][child["name"]] for child in sub if not _empty(items[0].get(child["name"]))}
    commented = not field["required"] and not first
    lines.append(f"{'# ' if commented else ''}{field['name']}:")
    for position, child in enumerate(sub):
        child_commented = commented or (not child["required"] and child["path"] not in first)
        # A list of groups: its first field opens each item with « - ».
        item_prefix = "- " if field["many"] and position == 0 else ""
        indent = "  " + ("  " if field["many"] and position else "")
        lines.append(f"{indent}# {child['comment']}")
        lines += _value_lines(plan, child, first, indent, child_commented, item_prefix)
    for item in items[1:]:
        present = [child for child in sub if child["required"] or not _empty(item.get(child["name"]))]
        for position, child in enumerate(present):
            given = {child["path"]: item[child["name"]]} if not _empty(item.get(child["name"])) else {}
            lines += _value_lines(plan, child, given, "    " if position else "  ", False, "" if position else "- ")
    return lines


def _value_lines(plan: dict, field: dict, values: dict, indent: str, commented: bool, item_prefix: str = "") -> list[str]:
    mark = "# " if commented else ""
    head = f"{indent}{mark}{item_prefix}{field['name']}:"
    inner = indent + mark + " " * len(item_prefix)  # what the value's own lines start with, less 2 spaces
    if field["path"] in values:
        return entry_lines(head, values[field["path"]], inner)
    if commented and "example" in field:
        return entry_lines(head, field["example"], inner)
    return [f"{head} {scalar([] if field['many'] else '')}  # {plan['todo']}"]


def create(data_path: Path, kind: RecordType, slug: str, values: dict, today: datetime.date) -> Path:
    """Write the new record; never over an existing file."""
    problem = slug_problem(kind, slug, data_path)
    if problem:
        raise ScaffoldError(problem)
    folder = Path(data_path) / kind.folder
    if not folder.is_dir():
        raise ScaffoldError(f"dossier introuvable : {folder.as_posix()} (lancez la commande depuis le dossier du projet)")
    path = folder / f"{slug}.yaml"
    with path.open("x", encoding="utf-8") as file:  # "x": fails rather than overwrite, even in a race
        file.write(render(kind, values, today))
    return path
