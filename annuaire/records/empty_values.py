"""An optional field left empty counts as absent.

The web editor (Decap CMS) writes `sigle: ''` once a contributor has cleared an
optional field, and cannot remove the key (decap-cms issue #7120); a person may
leave `site_web:` with nothing after it. Such a record means « not given »: the
empty optional fields are dropped before validation, so that they are neither
an error (a pattern, a minimum length) nor shown. A required field left empty
is kept, and reported.
"""

from __future__ import annotations

from annuaire.records import schemas

EMPTY = ("", None, [], {})


def drop_empty_optional(data, schema_name: str, fragment: dict | None = None):
    """`data` without its empty optional fields, at every depth the schema describes."""
    node = fragment if fragment is not None else schemas.inlined(schema_name)  # no `$ref` left to follow
    if isinstance(data, list):
        items = node.get("items", {})
        return [drop_empty_optional(item, schema_name, items) for item in data]
    if not isinstance(data, dict) or "properties" not in node:
        return data
    required = set(node.get("required", ()))
    result = {}
    for key, value in data.items():
        child = node["properties"].get(key)
        if child is not None:
            value = drop_empty_optional(value, schema_name, child)
        if key not in required and child is not None and _is_empty(value):
            continue
        result[key] = value
    return result


def _is_empty(value) -> bool:
    return any(value == empty and type(value) is type(empty) for empty in EMPTY)
