"""The registry of record types: one entry drives loading, pages and listings.

Adding a record type is one entry here, a JSON Schema in `schemas/` and a
template in the theme.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Facet:
    """A field by which a listing can be filtered, with one page per value."""

    field: str  # field of the record: enum value, reference, or list of references
    slug: str  # URL segment, e.g. offres/categorie/locaux/
    label: str
    reference: str | None = None  # 'theme' or 'commune' when values are identifiers of a list


@dataclass(frozen=True)
class RecordType:
    name: str  # settings prefix (OFFER_URL...) and template name
    folder: str  # sub-folder of the data folder, one YAML file per record
    schema: str
    label: str
    label_plural: str
    title_field: str
    facets: tuple[Facet, ...]
    feminine: bool = False  # for French agreement: « une offre », « nouvelle »


@dataclass(frozen=True)
class ListType:
    """A reference list: one YAML file holding a list of items with an `id`."""

    name: str
    file: str
    schema: str
    label: str
    label_plural: str


THEMES_FACET = Facet("themes", "theme", "Thème", reference="theme")
COMMUNE_FACET = Facet("commune", "commune", "Commune", reference="commune")

RECORD_TYPES: tuple[RecordType, ...] = (
    RecordType(
        "organisation", "organisations", "organisation.schema.json",
        "Organisation", "Organisations", "nom",
        (Facet("type", "type", "Type"), THEMES_FACET, COMMUNE_FACET),
        feminine=True,
    ),
    RecordType(
        "offer", "offers", "offer.schema.json",
        "Offre", "Offres", "titre",
        (Facet("categorie", "categorie", "Catégorie"), THEMES_FACET, COMMUNE_FACET),
        feminine=True,
    ),
    RecordType(
        "need", "needs", "need.schema.json",
        "Besoin", "Besoins", "titre",
        (Facet("categorie", "categorie", "Catégorie"), THEMES_FACET, COMMUNE_FACET),
    ),
    RecordType(
        "project", "projects", "project.schema.json",
        "Projet", "Projets", "nom",
        (
            Facet("statut", "statut", "Statut"),
            Facet("forme", "forme", "Forme"),
            THEMES_FACET,
            Facet("communes", "commune", "Commune", reference="commune"),
        ),
    ),
)

LIST_TYPES: tuple[ListType, ...] = (
    ListType("theme", "themes.yaml", "themes.schema.json", "Thème", "Thèmes"),
    ListType("commune", "communes.yaml", "communes.schema.json", "Commune", "Communes"),
)

BY_NAME = {kind.name: kind for kind in RECORD_TYPES + LIST_TYPES}

# Fields whose values are identifiers of other records (dotted paths as `schemas.fields` gives them):
# checked by `consistency`, offered as choices by `make new` and the web editor (Decap CMS).
REFERENCES = {
    "organisation": "organisation",
    "partenaires[].organisation": "organisation",
    "themes": "theme",
    "commune": "commune",
    "communes": "commune",
}
