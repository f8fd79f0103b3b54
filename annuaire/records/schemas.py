"""The JSON Schemas: loading, validators, and the French labels of allowed values."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource

SCHEMA_DIR = Path(__file__).resolve().parents[1] / "schemas"


@cache
def _schemas() -> dict[str, dict]:
    return {path.name: json.loads(path.read_text("utf-8")) for path in sorted(SCHEMA_DIR.glob("*.schema.json"))}


@cache
def _registry() -> Registry:
    resources = [(schema["$id"], Resource.from_contents(schema)) for schema in _schemas().values()]
    return Registry().with_resources(resources)


def schema(name: str) -> dict:
    return _schemas()[name]


@cache
def inlined(name: str) -> dict:
    """The schema with every `$ref` replaced by what it names, for validation.

    It skips a registry lookup at each `$ref`, most of the time validation took. What
    it names wins over the keywords beside the `$ref` (none of which is a constraint of
    the same name: `make test` checks), so that an error's schema is the one the
    validator met before, and its French message is unchanged.
    """

    def inline(node):
        if isinstance(node, dict):
            if "$ref" in node:
                beside = {key: value for key, value in node.items() if key != "$ref"}
                node = {**beside, **resolve({"$ref": node["$ref"]}, name)}
            return {key: inline(value) for key, value in node.items()}
        if isinstance(node, list):
            return [inline(item) for item in node]
        return node

    return inline(schema(name))


@cache
def validator(name: str) -> Draft202012Validator:
    return Draft202012Validator(inlined(name), format_checker=FormatChecker())


def fragment_validator(fragment: dict) -> Draft202012Validator:
    """A validator of one field's schema (as `fields` yields it): its `$ref`s name their files."""
    base = schema("common.schema.json")["$id"]
    return Draft202012Validator({**fragment, "$id": base.rsplit("/", 1)[0] + "/fragment.json"}, registry=_registry(), format_checker=FormatChecker())


def resolve(fragment: dict, name: str) -> dict:
    """Follow `$ref`s from `fragment` (in schema `name`), merging the keywords met on the way.

    Keywords written beside a `$ref` (title, description...) win over the target's.
    Every `$ref` names its file, so any schema of the folder is a valid base.
    """
    merged: dict = {}
    resolver = _registry().resolver(base_uri=schema(name)["$id"])
    while True:
        for key, value in fragment.items():
            merged.setdefault(key, value)
        ref = fragment.get("$ref")
        if not ref:
            break
        resolved = resolver.lookup(ref)
        resolver = resolved.resolver
        fragment = resolved.contents
    merged.pop("$ref", None)
    return merged


def choices(fragment: dict) -> dict[str, str] | None:
    """`{value: French label}` when a field is a closed list of `const`s with titles."""
    options = fragment.get("oneOf")
    if options and all("const" in option for option in options):
        return {option["const"]: option.get("title", option["const"]) for option in options}
    return None


def fields(name: str, fragment: dict | None = None, prefix: str = ""):
    """Yield `(dotted_path, resolved_schema, required)` for every field of a schema, depth first."""
    node = resolve(fragment if fragment is not None else schema(name), name)
    if node.get("type") == "array" and "items" in node and prefix == "":
        node = resolve(node["items"], name)
    required = set(node.get("required", ()))
    for key, child in node.get("properties", {}).items():
        child = resolve(child, name)
        path = f"{prefix}{key}"
        yield path, child, key in required
        if child.get("type") == "object":
            yield from fields(name, child, path + ".")
        elif child.get("type") == "array" and resolve(child.get("items", {}), name).get("type") == "object":
            yield from fields(name, resolve(child["items"], name), path + "[].")


@cache
def vocabulary(name: str) -> dict[str, dict[str, str]]:
    """`{dotted_field: {value: label}}` for every closed-list field of a schema."""
    result = {}
    for path, child, _required in fields(name):
        labels = choices(child)
        if labels is None and child.get("type") == "array":
            labels = choices(resolve(child.get("items", {}), name))
        if labels is not None:
            result[path.replace("[].", ".")] = labels
    return result
