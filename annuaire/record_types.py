"""The registry of record types: everything the directory knows about a type is here.

Adding a record type is three steps: one `RecordType` entry below, its JSON Schema
in `annuaire/schemas/` and its page template in the theme (`<name>.html`). From the
entry alone, the rest follows: the data folder read, consistency checks of its
references, the links between records (`Record.related`), the URL settings, the
pages, listings and filters, the menu, the reference pages of themes and communes,
the open data tables, the Atom feed, the search labels, `make new` and the web
editor. `tests/test_new_record_type.py` proves it with a throwaway type.
"""

from __future__ import annotations

from dataclasses import dataclass

# Fields every record type's schema requires: listings, feeds, the sitemap and the
# search read them on any record (`check_schemas` says so when one is missing).
REQUIRED_FIELDS = ("resume", "mis_a_jour")


@dataclass(frozen=True)
class Facet:
    """A field by which a listing can be filtered, with one page per value."""

    field: str  # field of the record: enum value, reference, or list of references
    slug: str  # URL segment, e.g. offres/categorie/locaux/
    label: str
    reference: str | None = None  # 'theme' or 'commune' when values are identifiers of a list
    # Values computed from the record on the build date (`lifecycle.access`), not read from `field`.
    derived: bool = False


@dataclass(frozen=True)
class Reference:
    """A field whose values are identifiers of records of another type."""

    path: str  # dotted, `[]` for the items of a list, as `schemas.fields` gives it: "partenaires[].organisation"
    target: str  # the type it names
    # A partnership (a project's `partenaires`): each entry also has a role, and one role per organisation.
    partnership: bool = False

    @property
    def field(self) -> str:
        """The record's own field that holds the reference: "partenaires" for "partenaires[].organisation"."""
        return self.path.split(".", 1)[0].removesuffix("[]")

    def places(self, data: dict) -> list[tuple[tuple, str]]:
        """(path of the value in the record, identifier) of each identifier a record names, as written."""
        value = data.get(self.field)
        if value is None or value == "":
            return []
        if self.path != self.field:  # a field of each entry of a list: partenaires[].organisation
            key = self.path.rsplit(".", 1)[1]
            return [((self.field, index, key), entry[key]) for index, entry in enumerate(value)]
        if isinstance(value, list):
            return [((self.field, index), item) for index, item in enumerate(value)]
        return [((self.field,), value)]


@dataclass(frozen=True)
class Feed:
    """An Atom feed of a type's newest records."""

    title: str  # « Nouvelles offres »
    subtitle: str


@dataclass(frozen=True, kw_only=True)
class Kind:
    """What record types and reference lists share: names, labels, URLs, export table."""

    name: str  # English identifier: settings prefix (OFFER_URL...), template name, search type
    schema: str  # file name in annuaire/schemas/
    label: str  # French, singular: « Offre »
    label_plural: str
    feminine: bool = False  # French agreement: « une offre », « nouvelle », « inconnue »
    segment: str  # URL segment of its pages and listing: offres/
    table: str  # open data file name, without extension: offres.csv
    table_title: str
    title_field: str = "nom"

    @property
    def unknown(self) -> str:
        """« organisation inconnue », « thème inconnu »: said of an identifier that names nothing."""
        return f"{self.label.lower()} {'inconnue' if self.feminine else 'inconnu'}"

    def setting(self, suffix: str) -> str:
        """The name of one of its URL settings: setting('LIST_URL') → 'OFFER_LIST_URL'."""
        return f"{self.name.upper()}_{suffix}"


@dataclass(frozen=True, kw_only=True)
class RecordType(Kind):
    """A type of record: one YAML file a record in its own data folder."""

    folder: str  # sub-folder of the data folder
    facets: tuple[Facet, ...] = ()
    references: tuple[Reference, ...] = ()
    aliases: tuple[str, ...] = ()  # other names `make new` accepts: the French one
    feed: Feed | None = None
    schema_org: str = "Thing"  # its schema.org type in JSON-LD

    @property
    def owner(self) -> str | None:
        """The field naming the one organisation a record belongs to (offers, needs), if any."""
        return next((ref.path for ref in self.references if ref.target == "organisation" and ref.path == ref.field), None)


@dataclass(frozen=True, kw_only=True)
class ListType(Kind):
    """A reference list: one YAML file holding a list of items with an `id`."""

    file: str


THEMES = Reference("themes", "theme")
THEMES_FACET = Facet("themes", "theme", "Thème", reference="theme")
COMMUNE_FACET = Facet("commune", "commune", "Commune", reference="commune")
# « Gratuit » and « Disponible maintenant » (on the build date): offres/acces/gratuit/...
ACCESS_FACET = Facet("acces", "acces", "Accès", derived=True)
OWNER = Reference("organisation", "organisation")
COMMUNE = Reference("commune", "commune")

RECORD_TYPES: tuple[RecordType, ...] = (
    RecordType(
        name="organisation", folder="organisations", schema="organisation.schema.json",
        label="Organisation", label_plural="Organisations", feminine=True, title_field="nom",
        segment="organisations", table="organisations", table_title="Organisations",
        facets=(Facet("type", "type", "Type"), THEMES_FACET, COMMUNE_FACET),
        references=(THEMES, COMMUNE),
        schema_org="Organization",
    ),
    RecordType(
        name="offer", folder="offers", schema="offer.schema.json",
        label="Offre", label_plural="Offres", feminine=True, title_field="titre",
        segment="offres", table="offres", table_title="Offres de ressources",
        facets=(Facet("categorie", "categorie", "Catégorie"), ACCESS_FACET, THEMES_FACET, COMMUNE_FACET),
        references=(THEMES, COMMUNE, OWNER),
        aliases=("offre",),
        feed=Feed("Nouvelles offres", "Les ressources que les organisations proposent de partager."),
        schema_org="Offer",
    ),
    RecordType(
        name="need", folder="needs", schema="need.schema.json",
        label="Besoin", label_plural="Besoins", title_field="titre",
        segment="besoins", table="besoins", table_title="Besoins de ressources",
        facets=(Facet("categorie", "categorie", "Catégorie"), ACCESS_FACET, THEMES_FACET, COMMUNE_FACET),
        references=(THEMES, COMMUNE, OWNER),
        aliases=("besoin",),
        feed=Feed("Nouveaux besoins", "Les ressources que les organisations cherchent."),
        schema_org="Demand",
    ),
    RecordType(
        name="project", folder="projects", schema="project.schema.json",
        label="Projet", label_plural="Projets", title_field="nom",
        segment="projets", table="projets", table_title="Projets de coopération",
        facets=(
            Facet("statut", "statut", "Statut"),
            Facet("forme", "forme", "Forme"),
            THEMES_FACET,
            Facet("communes", "commune", "Commune", reference="commune"),
        ),
        references=(THEMES, Reference("communes", "commune"), Reference("partenaires[].organisation", "organisation", partnership=True)),
        aliases=("projet",),
        feed=Feed("Nouveaux projets", "Les projets de coopération, du plus récemment mis à jour au plus ancien."),
        schema_org="Project",
    ),
)

LIST_TYPES: tuple[ListType, ...] = (
    ListType(
        name="theme", file="themes.yaml", schema="themes.schema.json", label="Thème", label_plural="Thèmes",
        segment="themes", table="themes", table_title="Thèmes",
    ),
    ListType(
        name="commune", file="communes.yaml", schema="communes.schema.json", label="Commune", label_plural="Communes",
        feminine=True, segment="communes", table="communes", table_title="Communes",
    ),
)

KINDS: tuple[Kind, ...] = RECORD_TYPES + LIST_TYPES
BY_NAME: dict[str, Kind] = {kind.name: kind for kind in KINDS}

# Fields whose values are identifiers of other records (dotted paths as `schemas.fields` gives them):
# checked by `consistency`, linked by `model.link`, offered as choices by `make new` and the web editor.
REFERENCES: dict[str, str] = {ref.path: ref.target for kind in RECORD_TYPES for ref in kind.references}


def record_type(name: str) -> RecordType | None:
    """The record type called `name` or one of its aliases (« offre »), else None."""
    for kind in RECORD_TYPES:
        if name == kind.name or name in kind.aliases:
            return kind
    return None


def feed_types() -> tuple[RecordType, ...]:
    return tuple(kind for kind in RECORD_TYPES if kind.feed is not None)
