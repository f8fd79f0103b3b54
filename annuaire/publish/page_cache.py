"""Incremental builds: a page of the previous build is reused when nothing it was made from has changed.

While a page renders, its *trace* is taken: every record it reads (any
attribute, from a template or from Python), and every question it asks the
build's shared services (`matches.needs_for(record)`, `mini_maps.for_page(record)`,
`directory.records`...) with a digest of the answer. The next build checks the
trace instead of rendering: the same page arguments, every record read still
there with the same `record_digest`, every question giving the same answer.
Then the page's files are the same bytes, and they are taken from the previous
site (hard links, else copies). Anything not followed page by page is in the
cache's *key*: the code, templates and dependencies, the settings, the content
folder, the build date and the rest of the context; a new key renders everything.

The traces are kept as JSON beside the site (`<output>.cache/pages.json`) and
replaced only once the new site is in place: a failed build leaves both as they were.
Jinja's compiled templates are kept there too (`jinja/`), keyed by their source.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

from annuaire.code_version import digest, folder_digest, package_digest
from annuaire.publish.fingerprint import Fingerprints, identity, record_digest
from annuaire.records.model import Record
from annuaire.settings import build_date

VERSION = 1
TRACES = "pages.json"
NEXT = "pages.json.next"  # this build's traces, until the new site is in place
# Context entries read through questions (method calls with records as arguments), followed page by page.
SERVICES = ("directory", "matches", "cooperation", "mini_maps")
NOT_KEYED = frozenset(SERVICES) | {"localsiteurl", "ANNUAIRE_PREVIOUS_OUTPUT"}  # localsiteurl: set by the writer for each page
LOOKUPS = ("generated_content", "static_content")  # Pelican's tables of intrasite links: in no set order

_READ: set = set()  # the records read by the page being rendered, while one is (emptied for each page)


def counts(folder: Path) -> dict:
    """How many pages the last build reused and rendered, from its traces."""
    try:
        with (folder / TRACES).open("rb") as traces:
            start = traces.read(400).decode("utf-8", "replace")  # the counts come first: no need to read every trace
    except OSError:
        return {}
    found = re.search(r'"counts":\{"reused":(\d+),"rendered":(\d+)\}', start)
    return {"reused": int(found[1]), "rendered": int(found[2])} if found else {}


def code_digest(settings: dict) -> str:
    """The code that makes pages: the package, the theme and plugins the settings name, the pinned dependencies."""
    folders = [Path(settings["THEME"]), *(Path(path) for path in settings.get("PLUGIN_PATHS", ()))]
    return digest(package_digest().encode(), *(part for folder in folders for part in (str(folder).encode(), folder_digest(folder).encode())))


class Trace:
    """What one page read while it rendered."""

    def __init__(self) -> None:
        self.records: set[Record] = set()
        self.questions: list[tuple] = []  # (service, question, answer's digest)
        self.opaque = False  # asked something that cannot be asked again next time: never reused


class _Service:
    """A context entry as a template sees it, noting each question a page asks it and the answer's digest."""

    def __init__(self, name: str, target, trace: Trace, fingerprints: Fingerprints):
        self._name, self._target, self._trace, self._fingerprints = name, target, trace, fingerprints
        self._stated_once = False

    def _note(self, question: list, answer):
        encoded = _encode(question)
        if encoded is None:
            self._trace.opaque = True
        else:
            self._trace.questions.append((self._name, encoded, self._fingerprints.of(answer)))
        return answer

    def __getattr__(self, name: str):
        value = getattr(self._target, name)
        if not callable(value):
            return self._note(["get", name], value)
        if hasattr(self._target, "__trace_state__"):
            return self._stated(value)

        def asked(*arguments):
            return self._note(["call", name, list(arguments)], value(*arguments))

        return asked

    def _stated(self, method):
        """A service whose answers depend only on the records they read (traced) and on its `__trace_state__()`:
        its state is noted once, and the next build compares it instead of asking every question again."""
        if not self._stated_once:
            self._stated_once = True
            self._note(["state"], self._target.__trace_state__())
        return method

    def __getitem__(self, key):
        return self._note(["item", key], self._target[key])

    def __iter__(self):
        return iter(self._note(["list"], list(self._target)))

    def __len__(self):
        return self._note(["len"], len(self._target))

    def __bool__(self):
        return self._note(["bool"], bool(self._target))

    def __contains__(self, item):
        return self._note(["contains", item], item in self._target)


def ask(target, question: list, directory):
    """The answer to a question of a trace, asked of this build's service."""
    operation, *rest = question
    if operation == "state":
        return target.__trace_state__()
    if operation == "get":
        return getattr(target, rest[0])
    if operation == "call":
        return getattr(target, rest[0])(*(_decode(argument, directory) for argument in rest[1]))
    if operation == "item":
        return target[_decode(rest[0], directory)]
    if operation == "list":
        return list(target)
    if operation == "len":
        return len(target)
    if operation == "bool":
        return bool(target)
    return _decode(rest[0], directory) in target  # contains


def _encode(value):
    """A question's arguments as JSON: records by type and identifier; None when they cannot be named."""
    if isinstance(value, Record):
        return {"record": list(identity(value))}
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, (list, tuple)):
        items = [_encode(item) for item in value]
        return None if any(item is None and original is not None for item, original in zip(items, value)) else items
    return None


class _Missing(Exception):
    """A record named by a trace that this build does not have."""


def _decode(value, directory):
    if isinstance(value, dict):
        found = directory.get(*value["record"])
        if found is None:
            raise _Missing
        return found
    if isinstance(value, list):
        return [_decode(item, directory) for item in value]
    return value


def _reading_attribute(record, name, note=_READ.add, read=object.__getattribute__):
    """Record.__getattribute__ while a page renders: every attribute read, from a template or from Python.
    Called for each read (a million at 2,000 records): the names it needs are bound once, as arguments."""
    note(record)
    return read(record, name)


class PageCache:
    """The traces of the previous build (to reuse its pages) and of this one (for the next).

    Traces name records by their number in a table of the build's records and their digests, stored
    once: a page of a listing reads hundreds of records, and each check is then a set lookup."""

    def __init__(self, folder: Path | None, previous_site: Path | None, key: str, context: dict, fingerprints: Fingerprints | None = None):
        self.folder, self.previous_site, self.key, self.context = folder, previous_site, key, context
        self.fingerprints = fingerprints or Fingerprints()
        directory = context.get("directory")
        records = [record for items in directory.records.values() for record in items] if directory is not None else []
        self.table = [[*identity(record), record_digest(record, self.fingerprints)] for record in records]
        self.numbers = {record: number for number, record in enumerate(records)}
        stored = self._load() if folder is not None and previous_site is not None else {}
        self.previous: dict = stored.get("pages", {})
        self.stale, self.renumbered = self._compare(stored.get("records", []))
        self.traces: dict[str, dict] = {}  # this build's, by the page's first file
        self.reused = self.rendered = 0

    @classmethod
    def for_build(cls, settings: dict, context: dict) -> PageCache:
        """The cache of this build from its settings (`ANNUAIRE_CACHE_PATH`, `ANNUAIRE_PREVIOUS_OUTPUT`)."""
        folder = settings.get("ANNUAIRE_CACHE_PATH")
        previous = settings.get("ANNUAIRE_PREVIOUS_OUTPUT")
        fingerprints = Fingerprints()
        rest = {name: sorted(value.items()) if name in LOOKUPS else value for name, value in context.items() if name not in NOT_KEYED}
        key = digest(
            str(VERSION).encode(), code_digest(settings).encode(), folder_digest(Path(settings["PATH"])).encode(),
            build_date(settings).isoformat().encode(), fingerprints.of(rest).encode(),
        )
        return cls(Path(folder) if folder else None, Path(previous) if previous else None, key, context, fingerprints)

    def _load(self) -> dict:
        try:
            stored = json.loads((self.folder / TRACES).read_text("utf-8"))
        except (OSError, ValueError):
            return {}
        return stored if stored.get("key") == self.key and stored.get("version") == VERSION else {}

    def _compare(self, table: list) -> tuple[set[int], list[int | None]]:
        """The numbers of the previous build's records that changed or left, and each one's number in this build."""
        current = {(kind, slug): number for number, (kind, slug, _digest) in enumerate(self.table)}
        stale, renumbered = set(), []
        for number, (kind, slug, known) in enumerate(table):
            now = current.get((kind, slug))
            if now is None or self.table[now][2] != known:
                stale.add(number)
            renumbered.append(now)
        return stale, renumbered

    # Rendering, with the trace taken.

    def services(self, trace: Trace) -> dict:
        return {name: _Service(name, self.context[name], trace, self.fingerprints) for name in SERVICES if name in self.context}

    def render(self, render, arguments: str):
        """Call `render()` (which writes the page's files and returns their paths) while tracing the records it reads."""
        trace = Trace()
        _READ.clear()
        Record.__getattribute__ = _reading_attribute
        try:
            files = render(trace)
        finally:
            del Record.__getattribute__
        trace.records = set(_READ)
        return files, self._stored(trace, arguments, files)

    def _stored(self, trace: Trace, arguments: str, files: list[str]) -> dict | None:
        numbers = [self.numbers.get(record) for record in trace.records]
        if trace.opaque or None in numbers:  # a question that cannot be asked again, a record outside the directory
            return None
        return {"arguments": arguments, "records": sorted(numbers), "questions": [list(question) for question in trace.questions], "files": files}

    def arguments(self, page) -> str:
        """The digest of what the page is given: its file, address, template and variables."""
        return digest(
            page.save_as.encode(), page.url.encode(), page.template_name.encode(),
            self.fingerprints.of(page.paginated).encode(), self.fingerprints.of(page.variables).encode(),
        )

    # Reusing.

    def unchanged(self, page, arguments: str) -> bool:
        """Whether everything the page read in the previous build is unchanged."""
        trace = self.previous.get(page.save_as)
        if trace is None or trace["arguments"] != arguments or not self.stale.isdisjoint(trace["records"]):
            return False
        directory = self.context.get("directory")
        for name, question, known in trace["questions"]:
            try:
                answer = ask(self.context[name], question, directory)
            except (_Missing, KeyError, AttributeError):
                return False
            if self.fingerprints.of(answer) != known:
                return False
        return all((self.previous_site / name).is_file() for name in trace["files"])

    def reuse(self, save_as: str, output: Path) -> list[str]:
        """Put the page's files of the previous site into the new one; keep its trace for the next build."""
        trace = self.previous[save_as]
        for name in trace["files"]:
            target = output / name
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(self.previous_site / name, target)
            except OSError:  # another file system, or no hard links
                shutil.copy2(self.previous_site / name, target)
        self.traces[save_as] = {**trace, "records": sorted(self.renumbered[number] for number in trace["records"])}
        self.reused += 1
        return trace["files"]

    def keep(self, save_as: str, trace: dict | None) -> None:
        """The trace of a page rendered by this build (None: a page that must always be rendered)."""
        self.rendered += 1
        if trace is not None:
            self.traces[save_as] = trace

    def save(self) -> None:
        """Write this build's traces beside the previous ones, which they replace once the new site is in place."""
        self.folder.mkdir(parents=True, exist_ok=True)
        counts = {"reused": self.reused, "rendered": self.rendered}
        stored = {"version": VERSION, "key": self.key, "counts": counts, "records": self.table, "pages": self.traces}
        (self.folder / NEXT).write_text(json.dumps(stored, ensure_ascii=False, separators=(",", ":")), "utf-8")
