"""An organisation's YAML file, written by a tool without disturbing what a person wrote.

A new file is written whole, its fields in the schema's order. An existing file is
changed field by field: only the lines of the top-level fields that change are
replaced, removed or inserted, so that every other byte (comments, a person's
layout, fields the tool does not know) stays as it was.
"""

from __future__ import annotations

import json
import re

import yaml

from annuaire.contribute.scaffold import scalar
from annuaire.records import schemas
from annuaire.records.yaml_source import _Loader

DELETE = object()  # a value of `update` that removes the field
_DATE_TIME = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}[ T][0-9]{2}:[0-9]{2}(:[0-9]{2})?$")


def field_order(schema_name: str) -> list[str]:
    return [path for path, _node, _required in schemas.fields(schema_name) if "." not in path]


# A text YAML reads back as the same text without quotes: starts with a letter, no « : » or « # » that YAML
# would read as syntax, no blank space at its ends, nothing to escape, not a word YAML 1.1 reads as a boolean or null.
_PLAIN = re.compile(r"^[^\W\d_][^\n\r\t\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]*(?<![\s:])$")
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")  # line breaks YAML knows, unprintables
_NOT_TEXT = frozenset("y n yes no on off true false null".split())


def scalar_text(value) -> str:
    """One value as YAML: texts that need no quotes are written as they are (most of them; yaml.dump is slow), others by PyYAML."""
    if isinstance(value, str) and _PLAIN.match(value) and ": " not in value and " #" not in value and value.lower() not in _NOT_TEXT:
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        # A JSON string is a YAML double-quoted one; characters YAML could misread are escaped.
        return json.dumps(value, ensure_ascii=bool(_UNSAFE.search(value)))
    return scalar(value)


def field_text(name: str, value) -> str:
    """`name: value` as block YAML: lists one item per line, texts of several lines as a literal block."""
    if isinstance(value, (list, dict)) and not value:
        return f"{name}: {'[]' if isinstance(value, list) else '{}'}\n"
    if isinstance(value, str) and _DATE_TIME.match(value):
        return f'{name}: "{value}"\n'  # quoted: YAML 1.1 tools would read a timestamp
    if isinstance(value, list):
        return f"{name}:\n" + "".join(f"  - {scalar_text(item)}\n" for item in value)
    if isinstance(value, dict) and all(isinstance(item, (int, float)) for item in value.values()):
        return f"{name}: {{{', '.join(f'{key}: {scalar_text(item)}' for key, item in value.items())}}}\n"  # coordinates, as people write them
    if isinstance(value, dict):
        return f"{name}:\n" + "".join(_indent(field_text(key, item)) for key, item in value.items())
    if isinstance(value, str) and "\n" in value and _literal_safe(value):
        body = "".join(f"  {line}\n" if line else "\n" for line in value.rstrip("\n").split("\n"))
        return f"{name}: |{'' if value.endswith(chr(10)) else '-'}\n{body}"
    return f"{name}: {scalar_text(value)}\n"


def _indent(text: str) -> str:
    return "".join(f"  {line}\n" for line in text.splitlines())


def _literal_safe(value: str) -> bool:
    """A literal block keeps text as is, unless it has leading blank space or characters YAML forbids."""
    printable = all(character == "\n" or character.isprintable() for character in value)
    return printable and not value[0].isspace() and not value.endswith("\n\n") and all(line == line.rstrip() for line in value.split("\n"))


def render(header: str, data: dict, order: list[str]) -> str:
    ranked = sorted(data, key=lambda name: order.index(name) if name in order else len(order))
    return header + "".join(field_text(name, data[name]) for name in ranked)


def update(text: str, changes: dict, order: list[str]) -> str:
    """`text` with each field of `changes` set to its value (or removed: DELETE), other lines untouched."""
    spans = _top_level_spans(text)
    rank = {name: index for index, name in enumerate(order)}
    # From the end of the file backwards, so that the places found stay right.
    for name, value in sorted(changes.items(), key=lambda item: (-_position(item[0], spans, order, len(text)), -rank.get(item[0], len(order)))):
        if name in spans:
            start, end = spans[name]
            new = "" if value is DELETE else field_text(name, value)
            text = text[:start] + new + text[end:]
        elif value is not DELETE:
            at = _position(name, spans, order, len(text))
            if at == len(text) and text and not text.endswith("\n"):
                text += "\n"
                at += 1
            text = text[:at] + field_text(name, value) + text[at:]
    return text


def _position(name: str, spans: dict, order: list[str], end: int) -> int:
    """Where a change applies: a field's own line, else before the first field that follows it in the schema."""
    if name in spans:
        return spans[name][0]
    following = [spans[other][0] for other in order[order.index(name) + 1 :] if other in spans] if name in order else []
    return min(following, default=end)


def _top_level_spans(text: str) -> dict[str, tuple[int, int]]:
    """For each top-level key: from the start of its line to the start of the line after its value."""
    node = yaml.compose(text, Loader=_Loader)
    spans = {}
    if not isinstance(node, yaml.MappingNode):
        return spans
    for key, value in node.value:
        start = text.rfind("\n", 0, key.start_mark.index) + 1
        end = value.end_mark.index
        if end > 0 and text[end - 1] != "\n":
            newline = text.find("\n", end)
            end = len(text) if newline < 0 else newline + 1
        spans[key.value] = (start, end)
    return spans
