"""Records as table rows, with columns read from the JSON Schemas (their single source of truth).

Columns: `id`, `url`, then every field in the schema's order, nested ones
dotted (`conditions.type`, `disponibilite.debut`). Lists are joined with
`LIST_SEPARATOR`; a project's partners are their identifiers (roles are in
the partnerships table). A column's Frictionless Table Schema type comes
from its JSON Schema type. A text cell that would start a spreadsheet formula
(=, +, -, @, tab, carriage return) is prefixed with an apostrophe.
"""

from __future__ import annotations

from dataclasses import dataclass

from annuaire.images import IMAGE_FIELD_NAMES
from annuaire.records import schemas

LIST_SEPARATOR = " ; "


@dataclass(frozen=True)
class Column:
    name: str
    title: str
    description: str
    type: str  # Table Schema type
    required: bool = False
    enum: tuple[str, ...] = ()
    path: tuple[str, ...] = ()  # where the value is in a record's data

    def table_field(self) -> dict:
        found = {"name": self.name, "type": self.type, "title": self.title}
        if self.description:
            found["description"] = self.description
        if self.type == "date":
            found["format"] = "%Y-%m-%d"
        constraints = {}
        if self.required:
            constraints["required"] = True
        if self.enum:
            constraints["enum"] = list(self.enum)
        if constraints:
            found["constraints"] = constraints
        return found


ID = Column("id", "Identifiant", "Identifiant de la fiche : le nom de son fichier, sans « .yaml ».", "string", True, path=("id",))
URL = Column("url", "Page", "Adresse de la page de la fiche : absolue si le site est construit avec SITEURL, sinon relative à la racine du site.", "string", True, path=("url",))


def columns(schema_name: str, with_url: bool = True) -> list[Column]:
    found = [ID, URL] if with_url else [ID]
    for path, node, required in schemas.fields(schema_name):
        if "[]." in path or node.get("type") == "object":
            continue  # sub-fields of lists of objects, and groups whose fields follow
        if path == "id" or path.split(".")[0].removesuffix("[]") in IMAGE_FIELD_NAMES:
            continue  # images are shown on the pages, not exported (annuaire.images)
        items = schemas.resolve(node.get("items", {}), schema_name) if node.get("type") == "array" else {}
        enum = schemas.choices(node) or {}
        kind = _type(node)
        description = node.get("description", "")
        if node.get("type") == "array":
            kind = "string"
            enum = {}
            description = (description + " " if description else "") + f"Plusieurs valeurs séparées par « {LIST_SEPARATOR.strip()} »."
            if items.get("type") == "object":
                description = "Identifiants des organisations, séparés par « ; » (rôles : fichier des partenariats)."
        top_required = required and "." not in path
        found.append(Column(path, node.get("title", path), description, kind, top_required, tuple(enum), tuple(path.split("."))))
    return found


def _type(node: dict) -> str:
    if node.get("format") == "date":
        return "date"
    return {"integer": "integer", "number": "number", "boolean": "boolean"}.get(node.get("type"), "string")


def cell(data: dict, column: Column) -> str:
    value = data
    for part in column.path:
        if not isinstance(value, dict) or part not in value:
            return ""
        value = value[part]
    written = text(value)
    return written if column.type in ("number", "integer") else neutralise(written)


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: str) -> str:
    """Text that a spreadsheet would run as a formula (« =HYPERLINK(...) », « +33 1... », « @SUM »)
    starts with an apostrophe, which spreadsheets show as text: the CSV injection defence."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return LIST_SEPARATOR.join(item["organisation"] if isinstance(item, dict) else text(item) for item in value)
    return str(value)
