"""The linked directory: records, reference items and the relations between them."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from annuaire.record_types import KINDS, RECORD_TYPES, ListType, RecordType, Reference


@dataclass(eq=False)
class Record:
    """One organisation, offer, need or project, or one theme or commune of a reference list."""

    kind: RecordType | ListType
    slug: str
    data: dict
    source: str  # file as shown to contributors
    url: str = ""
    save_as: str = ""
    description_html: str = ""
    # Relations, filled by `link` from the registry's references:
    links: dict[str, list[Record]] = field(default_factory=dict)  # by the field that names them: "themes", "organisation"
    related: dict[str, list[Record]] = field(default_factory=dict)  # by type: the records that name this one
    partners: list[Partner] = field(default_factory=list)  # a project's partnerships
    memberships: list[Partner] = field(default_factory=list)  # an organisation's roles in projects

    @property
    def title(self) -> str:
        return self.data[self.kind.title_field]

    @property
    def official_title(self) -> str:
        """An organisation's title in the register (`titre_officiel`), or "" when it is only the name
        in other case or accents (« ASSOCIATION VERTE » for « Association verte ») and says nothing more."""
        official = self.data.get("titre_officiel") or ""
        return "" if _collate(" ".join(official.split())) == _collate(" ".join(self.title.split())) else official

    @property
    def organisation(self) -> Record | None:
        """The organisation an offer or a need belongs to."""
        owner = self.links.get("organisation")
        return owner[0] if owner else None

    @property
    def themes(self) -> list[Record]:
        return self.links.get("themes", [])

    @property
    def communes(self) -> list[Record]:
        """Where it is (one commune) or acts (a project's communes)."""
        return self.links.get("communes") or self.links.get("commune") or []

    @property
    def commune(self) -> Record | None:
        return self.communes[0] if self.communes else None

    def __repr__(self) -> str:
        return f"<{self.kind.name} {self.slug}>"


@dataclass(eq=False)
class Partner:
    """An organisation's part in a project."""

    project: Record
    organisation: Record
    role: str
    role_label: str
    precisions: str = ""


@dataclass
class Directory:
    records: dict[str, list[Record]]  # by type name, sorted for display
    index: dict[tuple[str, str], Record] = field(default_factory=dict)

    def get(self, kind: str, slug: str) -> Record | None:
        return self.index.get((kind, slug))

    def __getattr__(self, name: str) -> list[Record]:
        # directory.offers, directory.themes... for templates
        for kind in KINDS:
            if name in (kind.name + "s", getattr(kind, "folder", None)):
                return self.records[kind.name]
        raise AttributeError(name)


def sort_key(record: Record):
    """Alphabetical, from the name's first letter or digit: « "Comité des fêtes" » (the register's quotes) among the C."""
    return (_LEADING_MARKS.sub("", _collate(record.title)), record.slug)


_LEADING_MARKS = re.compile(r"^[\W_]+")


def _collate(text: str) -> str:
    """Alphabetical order a French reader expects: accents and case ignored."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def link(records: dict[str, list[Record]], role_labels: dict[str, str]) -> Directory:
    """Resolve references into objects. References are known to be valid (see `consistency`)."""
    directory = Directory({name: sorted(items, key=sort_key) for name, items in records.items()})
    for items in directory.records.values():
        for record in items:
            directory.index[(record.kind.name, record.slug)] = record
            record.related = {kind.name: [] for kind in RECORD_TYPES}
    for kind in RECORD_TYPES:
        for record in directory.records[kind.name]:
            for reference in kind.references:
                targets = [directory.index[(reference.target, slug)] for _path, slug in reference.places(record.data)]
                if not targets:
                    continue
                record.links[reference.field] = targets
                for target in targets:
                    target.related[kind.name].append(record)
                if reference.partnership:
                    _partnerships(record, reference, targets, role_labels)
    return directory


def _partnerships(project: Record, reference: Reference, organisations: list[Record], role_labels: dict[str, str]) -> None:
    for entry, organisation in zip(project.data[reference.field], organisations, strict=True):
        partner = Partner(project, organisation, entry["role"], role_labels[entry["role"]], entry.get("precisions", ""))
        project.partners.append(partner)
        organisation.memberships.append(partner)
