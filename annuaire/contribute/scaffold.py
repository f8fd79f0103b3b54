"""A new record file, written from its JSON Schema: `make new TYPE=offer`.

The file starts with the `yaml-language-server` schema comment, then every field
of the schema in order: the required ones with their values (or an empty value
marked « À COMPLÉTER »), the optional ones commented out with an example, and
above each a comment with its title, its description and its allowed values.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml

from annuaire import record_types as registry
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


class _Dumper(yaml.SafeDumper):
    """Writes dates unquoted (2026-11-13): the loader keeps them as text, as the schema wants."""


_Dumper.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeDumper.yaml_implicit_resolvers.items()
}


def scalar(value) -> str:
    """A value as one line of YAML: quoted only when it has to be."""
    text = yaml.dump(value, Dumper=_Dumper, allow_unicode=True, default_flow_style=True, width=10**6)
    return text.removesuffix("\n...\n").strip()


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


def render(kind: RecordType, values: dict, today: datetime.date) -> str:
    """The commented YAML text of a new record; `values` maps dotted paths to the values given."""
    values = {**{name: today.isoformat() for name in DATE_FIELDS}, **values}
    schema = schemas.schema(kind.schema)
    lines = [
        f"# yaml-language-server: $schema=../../annuaire/schemas/{kind.schema}",
        f"# {schema.get('title', kind.label)} : {schema.get('description', '')}",
        "# Chaque champ est décrit sur la page « Référence des champs » du site (/contribuer/champs/).",
        "# Les lignes qui commencent par « # » sont des commentaires. Pour remplir un champ facultatif,",
        "# retirez le « # » de sa ligne ; vérifiez ensuite la fiche avec « make validate ».",
    ]
    for field in top_fields(kind):
        lines.append("")
        lines += _field_lines(kind, field, values, "", commented=not field.required and field.path not in values)
    return "\n".join(lines) + "\n"


def _field_lines(kind, field: Field, values: dict, indent: str, commented: bool) -> list[str]:
    """The comment and the line(s) of one field; a group's sub-fields below it, each with its comment."""
    lines = [f"{indent}# {field.comment()}"]
    sub = children(kind, field)
    if not sub:
        return lines + _value_lines(field, values, indent, commented)
    lines.append(f"{indent}{'# ' if commented else ''}{field.name}:")
    inner = indent + "  "
    for position, child in enumerate(sub):
        child_commented = commented or (not child.required and child.path not in values)
        # A list of groups (partenaires) gets one item: its first field opens it with « - ».
        item_prefix = "- " if field.many and position == 0 else ""
        child_indent = inner + ("  " if field.many and position else "")
        lines.append(f"{child_indent}# {child.comment()}")
        lines += _value_lines(child, values, child_indent, child_commented, item_prefix)
    return lines


def _value_lines(field: Field, values: dict, indent: str, commented: bool, item_prefix: str = "") -> list[str]:
    mark = "# " if commented else ""
    start = f"{indent}{mark}{item_prefix}{field.name}:"
    if field.path in values:
        value = values[field.path]
        todo = ""
    elif commented and "examples" in field.node:
        value = field.node["examples"][0]
        todo = ""
    else:
        value = [] if field.many else ""
        todo = f"  # {TODO}"
    if isinstance(value, list) and value and not isinstance(value[0], dict):
        return [start] + [f"{indent}{mark}  - {scalar(item)}" for item in value]
    if isinstance(value, (list, dict)) and value:
        dumped = yaml.dump(value, Dumper=_Dumper, allow_unicode=True, sort_keys=False, default_flow_style=False, width=10**6)
        return [start] + [f"{indent}{mark}  {line}" for line in dumped.splitlines()]
    return [f"{start} {scalar(value)}{todo}"]


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
