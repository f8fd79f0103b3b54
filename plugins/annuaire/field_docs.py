"""The contributors' field reference, read from the JSON Schemas (their single source of truth)."""

from __future__ import annotations

from dataclasses import dataclass

import yaml

from . import schemas
from .record_types import LIST_TYPES, RECORD_TYPES

_TYPE_NAMES = {
    "string": "texte",
    "integer": "nombre entier",
    "number": "nombre",
    "boolean": "oui/non (true ou false)",
    "array": "liste",
    "object": "groupe de champs",
}


@dataclass(frozen=True)
class FieldDoc:
    path: str
    title: str
    description: str
    required: bool
    kind: str
    allowed: dict[str, str] | None
    example: str | None


@dataclass(frozen=True)
class TypeDoc:
    name: str
    location: str
    title: str
    description: str
    fields: tuple[FieldDoc, ...]


def _kind(node: dict) -> str:
    if "format" in node and node["format"] == "date":
        return "date (AAAA-MM-JJ)"
    if schemas.choices(node):
        return "une valeur de la liste"
    return _TYPE_NAMES.get(node.get("type"), "valeur")


def _example(path: str, node: dict) -> str | None:
    """The first example as the contributor would write it: `champ: valeur`."""
    if "examples" not in node:
        return None
    key = path.rsplit(".", 1)[-1]
    return yaml.safe_dump({key: node["examples"][0]}, allow_unicode=True, sort_keys=False, width=1000).strip()


def type_docs() -> list[TypeDoc]:
    result = []
    for kind in RECORD_TYPES + LIST_TYPES:
        schema = schemas.schema(kind.schema)
        top = schemas.resolve(schema, kind.schema)
        fields = []
        for path, node, required in schemas.fields(kind.schema):
            allowed = schemas.choices(node)
            if allowed is None and node.get("type") == "array":
                allowed = schemas.choices(schemas.resolve(node.get("items", {}), kind.schema))
            fields.append(
                FieldDoc(path, node.get("title", path), node.get("description", ""), required, _kind(node), allowed, _example(path, node))
            )
        location = f"data/{kind.folder}/<identifiant>.yaml" if hasattr(kind, "folder") else f"data/{kind.file}"
        result.append(TypeDoc(kind.name, location, schema.get("title", top.get("title", "")), schema.get("description", ""), tuple(fields)))
    return result
