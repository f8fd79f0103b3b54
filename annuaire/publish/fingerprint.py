"""Digests of what a page is made from, equal from one build to the next when the inputs are equal.

A page may be reused from the previous build only if everything it was made
from is unchanged (`annuaire.publish.page_cache`). `Fingerprints.of(value)` is
a digest of a value's structure: strings, numbers, dates, lists, dicts, and
objects through their attributes. A record inside is only named (type and
identifier): what a page reads of a record is followed record by record, and
`record_digest` covers all of it (data, address, rendered description, and
which records it names or is named by). Code (functions, classes, templates)
is named, not read: the code is in the cache's key as a whole. A value whose
digest would differ between two runs (an object shown by its memory address)
only costs a rebuild of the page, never a stale one.
"""

from __future__ import annotations

import datetime
import decimal
import enum
import json
import types
from pathlib import PurePath

from annuaire.code_version import digest
from annuaire.record_types import ListType, RecordType
from annuaire.records.model import Record

_PLAIN = (str, int, float, bool, type(None), bytes, datetime.date, datetime.time, decimal.Decimal, PurePath)
_CODE = (types.FunctionType, types.BuiltinFunctionType, types.MethodType, type, types.ModuleType)


def identity(record: Record) -> tuple[str, str]:
    return record.kind.name, record.slug


class Fingerprints:
    """Digests of one build's values, each computed once: the values live as long as the build."""

    def __init__(self) -> None:
        self._memo: dict[int, str] = {}
        self._kept: list = []  # the values whose id() is memoised, kept alive so that no id is reused
        self._open: set[int] = set()

    def of(self, value) -> str:
        if isinstance(value, _PLAIN) or isinstance(value, enum.Enum):
            return digest(type(value).__name__.encode(), repr(value).encode())
        key = id(value)
        found = self._memo.get(key)
        if found is not None:
            return found
        if isinstance(value, Record):
            found = self._memo[key] = digest(b"record", *(part.encode() for part in identity(value)))
            self._kept.append(value)
            return found
        if key in self._open:
            return digest(b"cycle")  # met again while its own digest is made: same place, same mark
        self._open.add(key)
        try:
            found = self._structure(value)
        finally:
            self._open.discard(key)
        self._memo[key] = found
        self._kept.append(value)
        return found

    def _structure(self, value) -> str:
        kind = type(value)
        name = f"{kind.__module__}.{kind.__qualname__}".encode()
        if isinstance(value, (list, tuple)):
            return digest(name, *(self.of(item).encode() for item in value))
        if isinstance(value, dict):
            return digest(name, *(self.of(key).encode() + self.of(item).encode() for key, item in value.items()))
        if isinstance(value, (set, frozenset)):
            return digest(name, *sorted(self.of(item).encode() for item in value))
        if isinstance(value, _CODE) or callable(getattr(value, "render", None)) and hasattr(value, "environment"):
            return digest(b"code", _code_name(value).encode())  # a function, class, module or Jinja template
        named = _pelican_name(value)
        if named is not None:
            return digest(name, named.encode())
        attributes = getattr(value, "__dict__", None)
        if attributes is None:
            return digest(name, repr(value).encode())  # no attributes to read: its text (an address: a rebuild)
        return digest(name, self.of(attributes).encode())


def _code_name(value) -> str:
    if isinstance(value, types.MethodType):
        return f"{_code_name(value.__func__)} of {type(value.__self__).__qualname__}"
    module = getattr(value, "__module__", None) or getattr(value, "__name__", "")
    return f"{module}.{getattr(value, '__qualname__', None) or getattr(value, 'name', None) or repr(value)}"


def _pelican_name(value) -> str | None:
    """Pelican's articles, pages and their categories by their source and name: their text is in the content
    folder, whose files are in the cache's key, and they point back to the whole context."""
    source = getattr(value, "source_path", None)
    if isinstance(source, str):
        return f"content {source}"
    if type(value).__module__ == "pelican.urlwrappers":
        return f"{type(value).__name__} {value.name} {value.slug}"
    return None


def record_digest(record: Record, fingerprints: Fingerprints) -> str:
    """Everything a page can read of one record: its fields and attributes, and the records it names or is
    named by (by name). JSON, in C, for speed; a value JSON cannot write goes through `fingerprints`."""
    try:
        text = json.dumps(vars(record), ensure_ascii=False, default=_state_value)
    except (TypeError, ValueError):  # a key that is not text, a cycle: the slower, general way
        text = json.dumps(record.data, ensure_ascii=False, default=_state_value) + fingerprints.of(vars(record))
    return digest(text.encode())


def _state_value(value):
    if isinstance(value, Record):
        return "@{}/{}".format(*identity(value))
    if isinstance(value, (RecordType, ListType)):
        return f"type {value.name}"  # defined by the code, which is in the cache's key
    if isinstance(value, (datetime.date, datetime.time)):
        return f"{type(value).__name__} {value.isoformat()}"
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=repr)
    if isinstance(value, (decimal.Decimal, PurePath)):
        return f"{type(value).__name__} {value}"
    attributes = getattr(value, "__dict__", None)
    if attributes is not None:
        return {"type": type(value).__qualname__, **attributes}
    return repr(value)  # an address, maybe: then a rebuild of the pages that read it, never a stale page
