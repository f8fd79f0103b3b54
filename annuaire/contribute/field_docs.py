"""The contributors' field reference, read from the JSON Schemas (their single source of truth)."""

from __future__ import annotations

from dataclasses import dataclass

import yaml

from annuaire.record_types import LIST_TYPES, RECORD_TYPES, REFERENCES
from annuaire.records import schemas

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
    constraints: str = ""  # « 280 caractères au plus », « 8 au plus »…
    reference: str | None = None  # the type its identifiers name: "organisation", "theme", "commune"


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


def constraints(node: dict, items: dict) -> str:
    """The limits a value must respect, in words."""
    parts = []
    if node.get("minLength", 0) > 1:
        parts.append(f"{node['minLength']} caractères au moins")
    if "maxLength" in node:
        parts.append(f"{node['maxLength']} caractères au plus")
    if "minItems" in node and node["minItems"] > 0:
        parts.append(f"{node['minItems']} élément{'s' if node['minItems'] > 1 else ''} au moins")
    if "maxItems" in node:
        parts.append(f"{node['maxItems']} éléments au plus")
    if node.get("uniqueItems"):
        parts.append("sans doublon")
    if "minimum" in node:
        parts.append(f"au moins {node['minimum']}")
    if "exclusiveMinimum" in node:
        parts.append(f"plus grand que {node['exclusiveMinimum']}")
    if "maximum" in node:
        parts.append(f"au plus {node['maximum']}")
    if items.get("maxLength") and node.get("type") == "array":
        parts.append(f"chaque élément : {items['maxLength']} caractères au plus")
    return ", ".join(parts)


def type_docs() -> list[TypeDoc]:
    """Every field of every type; a reference names what it refers to (the identifiers are listed apart)."""
    result = []
    for kind in RECORD_TYPES + LIST_TYPES:
        schema = schemas.schema(kind.schema)
        top = schemas.resolve(schema, kind.schema)
        fields = []
        for path, node, required in schemas.fields(kind.schema):
            items = schemas.resolve(node.get("items", {}), kind.schema) if node.get("type") == "array" else {}
            allowed = schemas.choices(node)
            if allowed is None and node.get("type") == "array":
                allowed = schemas.choices(items)
            target = REFERENCES.get(path) if hasattr(kind, "folder") else None
            fields.append(
                FieldDoc(
                    path, node.get("title", path), node.get("description", ""), required, _kind(node), allowed, _example(path, node),
                    constraints(node, items), target,
                )
            )
        location = f"data/{kind.folder}/<identifiant>.yaml" if hasattr(kind, "folder") else f"data/{kind.file}"
        result.append(TypeDoc(kind.name, location, schema.get("title", top.get("title", "")), schema.get("description", ""), tuple(fields)))
    return result
