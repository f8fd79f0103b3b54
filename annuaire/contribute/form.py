"""The contribution form of a record type, read from its JSON Schema (like `make new` and the web editor).

Each field a volunteer fills gets a widget chosen from its schema: a closed list
becomes radio buttons or a menu, a list of themes check boxes, a reference to an
organisation or a commune a searchable choice, a date a date picker, a group a
fieldset. The form leaves out what a volunteer does not fill in: the dates the
file gets on the day (`publie_le`, `mis_a_jour`), what tools keep (`registre`),
images (sent apart), map coordinates (placed by the team) and editorial marks
(`a_la_une`, `exemple`, `dissoute`, which the team confirms). A change of an existing record keeps those as they were.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from annuaire.contribute.field_docs import constraints as limits
from annuaire.contribute.scaffold import DATE_FIELDS, Field, children, top_fields
from annuaire.images import IMAGE_FIELD_NAMES
from annuaire.record_types import RecordType
from annuaire.records import schemas

# Filled by someone else than the volunteer: kept as they are when a record is changed.
KEPT_FIELDS = (*DATE_FIELDS, "coordonnees", "a_la_une", "exemple", "dissoute", *IMAGE_FIELD_NAMES)
# A reference's schema speaks of identifiers and data files; the form's searchable choice does not.
REFERENCE_HELP = {
    "organisation": "Tapez les premières lettres de son nom, puis choisissez-la dans la liste. Si elle n'y est pas, proposez d'abord sa fiche.",
    "commune": "Tapez les premières lettres du nom de la commune, puis choisissez-la dans la liste.",
    "theme": "Cochez ceux qui correspondent.",
}
RADIO_LIMIT = 7  # more choices than this: a menu
LONG_TEXT = 250  # longer free texts get several lines


@dataclass(frozen=True)
class FormField:
    path: str  # dotted, as `make new` names it: "contact.email", "partenaires[].role"
    name: str
    label: str
    help: str
    required: bool
    widget: str  # text, textarea, markdown, email, url, tel, date, integer, number, checkbox, radios, select,
    #              checkboxes, reference, references, group, group-list, lines
    constraints: str = ""
    choices: tuple[tuple[str, str], ...] = ()
    reference: str | None = None  # the type a reference names: organisation, commune, theme
    children: tuple[FormField, ...] = field(default=())

    @property
    def item_label(self) -> str:
        """One element of a list of groups: « partenaire » for « Partenaires »."""
        return self.label.removesuffix("s").lower()

    @property
    def input_id(self) -> str:
        return "champ-" + self.path.replace("[].", "-").replace(".", "-").replace("_", "-")

    def to_json(self) -> dict:
        """What the browser's script needs to read and fill the field."""
        found = {"path": self.path, "name": self.name, "label": self.label, "widget": self.widget, "required": self.required, "id": self.input_id}
        if self.widget == "group-list":
            found["item"] = self.item_label.capitalize()
        if self.reference:
            found["reference"] = self.reference
        if self.children:
            found["children"] = [child.to_json() for child in self.children]
        return found


def form_fields(kind: RecordType, themes: dict[str, str]) -> tuple[FormField, ...]:
    """The fields of `kind`'s form, in the schema's order; `themes`: {identifier: name} of the data folder."""
    return tuple(_form_field(kind, item, themes) for item in top_fields(kind) if item.name not in KEPT_FIELDS)


def _form_field(kind: RecordType, item: Field, themes: dict[str, str]) -> FormField:
    node = item.node
    items = schemas.resolve(node.get("items", {}), kind.schema) if item.many else {}
    sub = children(kind, item)
    widget, choices = _widget(item, items, sub, themes)
    constraints = limits(node, items)
    if widget in ("checkboxes", "references"):  # a box is ticked once, a commune chosen once
        constraints = constraints.replace(", sans doublon", "").replace("sans doublon", "")
    return FormField(
        item.path,
        item.name,
        node.get("title", item.name),
        REFERENCE_HELP.get(item.reference, _help(node.get("description", ""))),
        item.required,
        widget,
        constraints,
        tuple(choices.items()),
        item.reference,
        tuple(_form_field(kind, child, themes) for child in sub),
    )


def _help(description: str) -> str:
    """A schema's description for a volunteer: what it says of data files is for those who write them."""
    if "data/" not in description:
        return description
    return " ; ".join(part for part in description.rstrip(".").split(" ; ") if "data/" not in part) + "."


def _widget(item: Field, items: dict, sub: list[Field], themes: dict[str, str]) -> tuple[str, dict[str, str]]:
    node = item.node
    if sub:
        return ("group-list" if item.many else "group"), {}
    if item.reference == "theme":
        return "checkboxes", themes
    if item.reference:
        return ("references" if item.many else "reference"), {}
    if item.choices:
        if item.many:
            return "checkboxes", item.choices
        return ("radios" if len(item.choices) <= RADIO_LIMIT else "select"), item.choices
    kind = node.get("type")
    if kind == "boolean":
        return "checkbox", {}
    if kind in ("integer", "number"):
        return kind, {}
    if kind == "array":
        return "lines", {}
    if node.get("format") == "date":
        return "date", {}
    if node.get("contentMediaType") == "text/markdown":
        return "markdown", {}
    if item.name == "email":
        return "email", {}
    if item.name == "telephone":
        return "tel", {}
    if node.get("pattern", "").startswith("^https?://"):
        return "url", {}
    if node.get("maxLength", 0) > LONG_TEXT and node.get("pattern", "\\S") == "\\S":  # free text, no format
        return "textarea", {}
    return "text", {}
