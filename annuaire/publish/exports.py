"""The open data files: JSON, CSV and GeoJSON of the records, and their data package descriptor.

Every function returns bytes that only depend on the records: keys and rows in
a fixed order, no date of build. Exports hold what the site lists, nothing
more: no source file, no offer or need past its `expire_le`, no dissolved
organisation nor its offers and needs (`lifecycle.is_current`).

- `<type>.json`: a list of records, each with `id`, `url` and its fields as in
  the YAML file (schema order); its JSON Schema is in `schemas/`.
- `<type>.csv`: UTF-8 with a byte order mark (spreadsheets then read accents
  right), comma-separated, CRLF line ends, columns from `tabular.columns`.
- `partenariats.csv`/`.json`: one row per partner of a project, with its role
  (a dissolved partner left out, as from `organisations.csv` its key points to).
- `lieux.geojson`: organisations, offers and needs that can be placed, by their
  own coordinates or else the centre of their commune (`position` says which).
- `datapackage.json`: the Frictionless Data Package describing all of them.
"""

from __future__ import annotations

import copy
import csv
import datetime
import hashlib
import io
import json
from collections.abc import Callable
from dataclasses import dataclass

from annuaire.images import IMAGE_FIELD_NAMES
from annuaire.meeting.geo import place
from annuaire.publish.tabular import Column, cell, columns
from annuaire.record_types import BY_NAME, KINDS, RECORD_TYPES, RecordType
from annuaire.records import schemas
from annuaire.records.lifecycle import is_current
from annuaire.records.model import Directory, Record

Url = Callable[[Record], str]


@dataclass(frozen=True)
class Table:
    """One exported type: its file name (without extension) and where its records come from."""

    name: str
    kind: str  # record or list type name
    title: str


def tables() -> tuple[Table, ...]:
    """One table a record type and a reference list, named by the registry."""
    return tuple(Table(kind.table, kind.name, kind.table_title) for kind in KINDS)


# The licences documented on the open data page: the setting OPENDATA_LICENSE is one of them, or another.
ETALAB = {
    "name": "etalab-2.0",
    "title": "Licence Ouverte / Open Licence 2.0 (Etalab)",
    "path": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
}
ODBL = {
    "name": "ODbL-1.0",
    "title": "Open Database License (ODbL) 1.0",
    "path": "https://opendatacommons.org/licenses/odbl/1-0/",
}
PARTNERSHIPS = "partenariats"
PLACES = "lieux"
PARTNERSHIP_COLUMNS = [
    Column("projet", "Projet", "Identifiant du projet.", "string", True, path=("projet",)),
    Column("organisation", "Organisation", "Identifiant de l'organisation partenaire.", "string", True, path=("organisation",)),
    Column("role", "Rôle", "Rôle de l'organisation dans le projet.", "string", True, path=("role",)),
    Column("precisions", "Précisions", "Ce que le partenaire apporte.", "string", path=("precisions",)),
]
PARTNERSHIP_KEYS = [("projet", "project"), ("organisation", "organisation")]


def foreign_keys(table_name: str) -> list[tuple[str, str]]:
    """(column, table it points to) of a table: a record's one organisation, a partnership's two ends.

    Lists of identifiers (themes, communes) are cells joined by « ; », which a foreign key cannot describe.
    """
    if table_name == PARTNERSHIPS:
        pairs = PARTNERSHIP_KEYS
    else:
        kind = BY_NAME[_kind(table_name)]
        pairs = [(ref.path, ref.target) for ref in getattr(kind, "references", ()) if ref.path == ref.field and isinstance(BY_NAME[ref.target], RecordType)]
    return [(column, BY_NAME[target].table) for column, target in pairs]


def published(directory: Directory, kind: str, today: datetime.date) -> list[Record]:
    """Records of a type as exported: sorted by identifier, those no longer current left out."""
    return sorted((r for r in directory.records[kind] if is_current(r, today)), key=lambda r: r.slug)


def _schema_name(kind: str) -> str:
    return BY_NAME[kind].schema


def record_json(record: Record, url: Url) -> dict:
    order = list(schemas.resolve(_item_schema(record.kind.name), _schema_name(record.kind.name)).get("properties", {}))
    data = record.data
    fields = {key: data[key] for key in order if key in data and key != "id" and key not in IMAGE_FIELD_NAMES}
    return {"id": record.slug, "url": url(record), **fields}


def _item_schema(kind: str) -> dict:
    root = schemas.resolve(schemas.schema(_schema_name(kind)), _schema_name(kind))
    return root.get("items", root) if root.get("type") == "array" else root


def to_json(data) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def to_csv(rows: list[dict], table_columns: list[Column]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([column.name for column in table_columns])
    for row in rows:
        writer.writerow([cell(row, column) for column in table_columns])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def partnerships(directory: Directory, today: datetime.date) -> list[dict]:
    rows = []
    for project in sorted(directory.records["project"], key=lambda r: r.slug):
        for partner in project.partners:
            if not is_current(partner.organisation, today):
                continue  # its row would name an organisation the organisations table no longer holds
            row = {"projet": project.slug, "organisation": partner.organisation.slug, "role": partner.role}
            if partner.precisions:
                row["precisions"] = partner.precisions
            rows.append(row)
    return rows


def geojson(directory: Directory, today: datetime.date, url: Url) -> dict:
    features = []
    for kind in _placed_types():
        label = kind.label.lower()
        for record in published(directory, kind.name, today):
            where = place(record, fallback_to_organisation=False)
            if where is None:
                continue
            properties = {"type_fiche": label, "id": record.slug, "nom": record.title, "url": url(record)}
            if record.organisation is not None:
                properties["organisation"] = record.organisation.slug
            if "categorie" in record.data:
                properties["categorie"] = record.data["categorie"]
            properties["commune"] = record.commune.slug if record.commune else None
            properties["position"] = where.source
            features.append({
                "type": "Feature",
                "id": f"{label}/{record.slug}",
                "geometry": {"type": "Point", "coordinates": [where.lon, where.lat]},
                "properties": properties,
            })
    return {"type": "FeatureCollection", "features": features}


def _placed_types():
    """Types whose records are in one place (one `commune`): a project's communes are an area, not a point."""
    return [kind for kind in RECORD_TYPES if any(ref.path == "commune" for ref in kind.references)]


def json_schema(kind: str) -> dict:
    """A self-contained JSON Schema of a `<type>.json` export: the record's schema, plus `id` and `url`."""
    item = inline(_item_schema(kind), _schema_name(kind))
    item["properties"] = {
        "id": {"type": "string", "title": "Identifiant", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"},
        "url": {"type": "string", "title": "Page"},
        **{key: value for key, value in item.get("properties", {}).items() if key != "id" and key not in IMAGE_FIELD_NAMES},
    }
    item["required"] = ["id", "url"] + [key for key in item.get("required", []) if key != "id"]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": item.pop("title", kind),
        "description": item.pop("description", ""),
        "type": "array",
        "items": item,
    }


def inline(node, name: str):
    """`node` with every `$ref` replaced by what it points to: a schema that stands alone."""
    if isinstance(node, list):
        return [inline(item, name) for item in node]
    if not isinstance(node, dict):
        return node
    resolved = schemas.resolve(node, name) if "$ref" in node else node
    return {key: inline(value, name) for key, value in copy.deepcopy(resolved).items() if key not in ("$id", "$schema", "$defs")}


def files(directory: Directory, today: datetime.date, url: Url) -> dict[str, bytes]:
    """Every export, by path inside the open data folder."""
    found: dict[str, bytes] = {}
    for table in tables():
        records = published(directory, table.kind, today)
        rows = [record_json(record, url) for record in records]
        found[f"{table.name}.json"] = to_json(rows)
        found[f"{table.name}.csv"] = to_csv(rows, columns(_schema_name(table.kind)))
        found[f"schemas/{table.name}.schema.json"] = to_json(json_schema(table.kind))
    rows = partnerships(directory, today)
    found[f"{PARTNERSHIPS}.json"] = to_json(rows)
    found[f"{PARTNERSHIPS}.csv"] = to_csv(rows, PARTNERSHIP_COLUMNS)
    found[f"{PLACES}.geojson"] = to_json(geojson(directory, today, url))
    return found


def datapackage(exported: dict[str, bytes], *, name: str, title: str, description: str, license: dict, homepage: str = "") -> dict:
    """The Frictionless Data Package descriptor of `exported` (sizes and hashes included)."""
    resources = []
    titles = {table.name: table.title for table in tables()}
    titles[PARTNERSHIPS] = "Partenaires des projets et leurs rôles"
    for table_name, table_title in titles.items():
        table_columns = PARTNERSHIP_COLUMNS if table_name == PARTNERSHIPS else columns(_schema_name(_kind(table_name)))
        schema = {"fields": [column.table_field() for column in table_columns]}
        if table_name == PARTNERSHIPS:
            schema["primaryKey"] = ["projet", "organisation"]
        else:
            schema["primaryKey"] = ["id"]
        keys = [{"fields": [field], "reference": {"resource": f"{target}-csv", "fields": ["id"]}} for field, target in foreign_keys(table_name)]
        if keys:
            schema["foreignKeys"] = keys
        resources.append({
            "name": f"{table_name}-csv",
            "path": f"{table_name}.csv",
            "profile": "tabular-data-resource",
            "title": f"{table_title} (CSV)",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "dialect": {"delimiter": ",", "lineTerminator": "\r\n", "quoteChar": "\"", "doubleQuote": True, "header": True},
            **_stats(exported[f"{table_name}.csv"]),
            "schema": schema,
        })
        json_resource = {
            "name": f"{table_name}-json",
            "path": f"{table_name}.json",
            "profile": "data-resource",
            "title": f"{table_title} (JSON)",
            "format": "json",
            "mediatype": "application/json",
            "encoding": "utf-8",
            **_stats(exported[f"{table_name}.json"]),
        }
        if f"schemas/{table_name}.schema.json" in exported:
            json_resource["schema"] = f"schemas/{table_name}.schema.json"
        resources.append(json_resource)
    resources.append({
        "name": f"{PLACES}-geojson",
        "path": f"{PLACES}.geojson",
        "profile": "data-resource",
        "title": "Organisations, offres et besoins localisés (GeoJSON)",
        "format": "geojson",
        "mediatype": "application/geo+json",
        "encoding": "utf-8",
        **_stats(exported[f"{PLACES}.geojson"]),
    })
    package = {"profile": "data-package", "name": name, "title": title, "description": description}
    if homepage:
        package["homepage"] = homepage
    package["licenses"] = [license]
    package["resources"] = resources
    return package


def _kind(table_name: str) -> str:
    return next(table.kind for table in tables() if table.name == table_name)


def _stats(content: bytes) -> dict:
    return {"bytes": len(content), "hash": "sha256:" + hashlib.sha256(content).hexdigest()}
