"""The linked directory: records, reference items and the relations between them."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from annuaire.record_types import LIST_TYPES, RECORD_TYPES, ListType, RecordType


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
    # Relations, filled by `link`:
    organisation: Record | None = None  # offers and needs
    themes: list[Record] = field(default_factory=list)
    communes: list[Record] = field(default_factory=list)
    partners: list[Partner] = field(default_factory=list)  # projects
    offers: list[Record] = field(default_factory=list)  # organisations, themes, communes
    needs: list[Record] = field(default_factory=list)
    projects: list[Record] = field(default_factory=list)
    organisations: list[Record] = field(default_factory=list)  # themes, communes
    memberships: list[Partner] = field(default_factory=list)  # organisations: their roles in projects

    @property
    def title(self) -> str:
        name = getattr(self.kind, "title_field", "nom")
        return self.data[name]

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
        for kind in RECORD_TYPES + LIST_TYPES:
            if name in (kind.name + "s", getattr(kind, "folder", None)):
                return self.records[kind.name]
        raise AttributeError(name)


def _sort_key(record: Record):
    return (_collate(record.title), record.slug)


def _collate(text: str) -> str:
    """Alphabetical order a French reader expects: accents and case ignored."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def link(records: dict[str, list[Record]], role_labels: dict[str, str]) -> Directory:
    """Resolve references into objects. References are known to be valid (see `consistency`)."""
    directory = Directory({name: sorted(items, key=_sort_key) for name, items in records.items()})
    for items in directory.records.values():
        for record in items:
            directory.index[(record.kind.name, record.slug)] = record

    def find(kind, slug):
        return directory.index[(kind, slug)]

    for kind in RECORD_TYPES:
        for record in directory.records[kind.name]:
            data = record.data
            record.themes = [find("theme", slug) for slug in data.get("themes", ())]
            commune_slugs = data.get("communes") or ([data["commune"]] if data.get("commune") else [])
            record.communes = [find("commune", slug) for slug in commune_slugs]
            for item in record.themes + record.communes:
                getattr(item, kind.name + "s").append(record)
            if "organisation" in data:
                record.organisation = find("organisation", data["organisation"])
                getattr(record.organisation, kind.name + "s").append(record)
            for entry in data.get("partenaires", ()):
                partner = Partner(
                    record,
                    find("organisation", entry["organisation"]),
                    entry["role"],
                    role_labels[entry["role"]],
                    entry.get("precisions", ""),
                )
                record.partners.append(partner)
                partner.organisation.memberships.append(partner)
                partner.organisation.projects.append(record)
    return directory
