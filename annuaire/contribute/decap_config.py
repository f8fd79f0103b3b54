"""The web editor's configuration (admin/config.yml), generated from the JSON Schemas.

Decap CMS's format, which Sveltia CMS (the editor the site ships) reads as it is.

One folder collection per record type (`data/<folder>`, YAML files named after
their identifier), one widget per schema field, in schema order:

| schema                                  | widget                                               |
| --------------------------------------- | ---------------------------------------------------- |
| closed list (`oneOf` of `const`s)       | select, the schema's French labels                   |
| list of a closed list                   | select, multiple                                     |
| reference to an organisation            | relation to the organisations collection             |
| reference(s) to themes or communes      | select (multiple for a list) of data/*.yaml's items  |
| `format: date`                          | datetime, stored as AAAA-MM-JJ, no time              |
| `contentMediaType: text/markdown`       | markdown                                             |
| string of more than 160 characters,     | text                                                 |
| with no format to follow                |                                                      |
| other strings                           | string                                               |
| integer, number                         | number (int, float) with the schema's bounds         |
| boolean                                 | boolean                                              |
| object; list of objects                 | object; list with its fields                         |
| `fichier` of `logo` or `photos`         | image, uploaded beside the record (bare file name)   |

Every field carries `required` as the schema says (Decap's default is required),
its title as `label`, its description as `hint` written for a volunteer (`hint()`: a menu
says how to choose, and no text names a file of data/), and its `pattern` with the
expected format in French. One exception: inside an optional group (`capacite`,
`coordonnees`), Decap would demand the group's required fields even when the
group is left empty (decap-cms issue #7748), so they are optional in the editor;
the pull request's `make validate` still requires them once the group is there.
A field cleared in the editor is saved empty (`sigle: ''`): the loader takes an
empty optional field as absent (`empty_values.py`). Edits go through the editorial workflow: each one
becomes a pull (or merge) request, reviewed like any other contribution.
"""

from __future__ import annotations

import re

import yaml

from annuaire.images import IMAGE_FIELD_NAMES, IMAGE_FIELDS
from annuaire.record_types import BY_NAME, RECORD_TYPES, REFERENCES, RecordType
from annuaire.records import schemas

# A slug fits the data folder's file names: ASCII, lower case, hyphens (Decap lowercases `{{slug}}`).
SLUG = {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"}
LONG_TEXT = 160  # longer strings get a multi-line text widget
MARKDOWN_BUTTONS = ["bold", "italic", "link", "heading-three", "bulleted-list", "numbered-list", "quote"]


class _Dumper(yaml.SafeDumper):
    """Plain YAML: no anchors or aliases, whatever the objects share."""

    def ignore_aliases(self, data):
        return True


def to_yaml(configuration: dict) -> bytes:
    header = "# Généré à la construction du site depuis les schémas JSON (annuaire/schemas/) : ne pas modifier.\n"
    body = yaml.dump(configuration, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10**6)
    return (header + body).encode("utf-8")


def collection_name(kind: RecordType) -> str:
    return kind.folder


def config(
    backend: dict,
    choices: dict[str, dict[str, str]],
    site_url: str = "",
    media_folder: str = "content/medias",
) -> dict:
    """The whole configuration; `choices` is {"theme": {identifier: name}, "commune": {...}} from data/*.yaml."""
    result = {
        "backend": dict(backend),
        "publish_mode": "editorial_workflow",
        "locale": "fr",
        # Required by Decap, unused: logos and photos go beside their record (each collection's media_folder),
        # and Markdown has no image button (editor_components: []).
        "media_folder": media_folder,
        "slug": dict(SLUG),
    }
    if site_url:
        result["site_url"] = result["display_url"] = site_url
    result["collections"] = [collection(kind, choices) for kind in RECORD_TYPES]
    return result


def slug_template(kind: RecordType) -> str:
    """Offers and needs are named after their organisation, as `make new` names them: e-graine-salle-de-reunion."""
    return f"{{{{fields.{kind.owner}}}}}-{{{{slug}}}}" if kind.owner else "{{slug}}"


def collection(kind: RecordType, choices: dict[str, dict[str, str]]) -> dict:
    schema = schemas.schema(kind.schema)
    return {
        "name": collection_name(kind),
        "label": kind.label_plural,
        "label_singular": kind.label,
        "description": for_volunteers(schema.get("description", "")),
        "folder": f"data/{kind.folder}",
        "extension": "yaml",
        "format": "yaml",
        "create": True,
        "delete": False,  # an expired offer keeps its page: withdrawing a record is a maintainer's decision
        "identifier_field": kind.title_field,
        "slug": slug_template(kind),
        "summary": f"{{{{{kind.title_field}}}}} — mis à jour le {{{{mis_a_jour}}}}",
        "sortable_fields": [kind.title_field, "mis_a_jour"],
        "fields": _fields(kind, schemas.resolve(schema, kind.schema), "", choices),
        # Logos and photos are uploaded into the record's own folder, beside its YAML file.
        **({"media_folder": "", "public_folder": ""} if kind.name in IMAGE_FIELDS else {}),
    }


def _fields(kind: RecordType, node: dict, prefix: str, choices, in_optional_group: bool = False) -> list[dict]:
    required = set(node.get("required", ()))
    return [
        widget(kind, f"{prefix}{name}", schemas.resolve(child, kind.schema), name in required and not in_optional_group, choices, in_optional_group)
        for name, child in node.get("properties", {}).items()
    ]


def widget(kind: RecordType, path: str, node: dict, required: bool, choices, in_optional_group: bool = False) -> dict:
    """The Decap field of one schema field (`path` dotted, `[]` for list items, as `schemas.fields` gives it)."""
    name = path.rsplit(".", 1)[-1]
    field = {"name": name, "label": node.get("title", name), "required": required}
    if node.get("readOnly"):
        return {**field, "required": False, "widget": "hidden"}  # kept by a tool (`registre`): carried over, never edited
    if hint(path, node):
        field["hint"] = hint(path, node)
    items = schemas.resolve(node.get("items", {}), kind.schema) if node.get("type") == "array" else {}
    target = REFERENCES.get(path)
    own_choices = schemas.choices(node) or schemas.choices(items)
    if target == "organisation":
        field.update(_relation(node, items))
    elif target is not None:
        field.update(_select(choices.get(target, {}), node, multiple=bool(items)))
    elif own_choices:
        field.update(_select(own_choices, node, multiple=bool(items)))
    elif node.get("type") == "object":
        field.update({"widget": "object", "collapsed": not required, "fields": _fields(kind, node, path + ".", choices, not required)})
    elif node.get("type") == "array" and items.get("type") == "object":
        field.update({"widget": "list", "fields": _fields(kind, items, path + "[].", choices), **_bounds(node)})
    elif node.get("type") == "array":
        field.update({"widget": "list", **_bounds(node)})
    elif node.get("format") == "date":
        field.update({"widget": "datetime", "format": "YYYY-MM-DD", "date_format": "DD/MM/YYYY", "time_format": False, "picker_utc": True})
    elif node.get("type") == "boolean":
        field.update({"widget": "boolean", "default": False})
    elif node.get("type") in ("integer", "number"):
        field.update({"widget": "number", "value_type": "int" if node["type"] == "integer" else "float"})
        for keyword, option in (("minimum", "min"), ("exclusiveMinimum", "min"), ("maximum", "max")):
            if keyword in node:
                field[option] = node[keyword]
    elif _is_image_file(path):
        # Uploaded beside the record (the collection's media_folder), saved as its bare file name.
        field.update({"widget": "image", "choose_url": False, "media_library": {"allow_multiple": False}})
    elif node.get("contentMediaType") == "text/markdown":
        field.update({"widget": "markdown", "buttons": list(MARKDOWN_BUTTONS), "editor_components": [], "modes": ["rich_text", "raw"]})
    else:
        free_text = node.get("pattern", "\\S") == "\\S"
        field["widget"] = "text" if free_text and node.get("maxLength", 0) > LONG_TEXT else "string"
    if field["widget"] in ("string", "text", "markdown") and "pattern" in node:
        field["pattern"] = [node["pattern"], _pattern_message(node)]
    return field


# Fields filled from a list: the hint says how to choose, not which file of data/ the value names.
CHOICE_HINTS = {
    ("organisation", False): "Choisissez l'organisation dans la liste : tapez quelques lettres de son nom.",
    ("organisation", True): "Choisissez les organisations dans la liste : tapez quelques lettres de leur nom.",
    ("theme", True): "Choisissez un ou plusieurs thèmes dans la liste.",
    ("theme", False): "Choisissez le thème dans la liste.",
    ("commune", False): "Choisissez la commune dans la liste.",
    ("commune", True): "Choisissez une ou plusieurs communes dans la liste.",
}
IMAGE_HINT = ("Une image JPEG, PNG ou WebP de 10 Mo et 40 millions de pixels au plus (pas de SVG) ; "
              "le site en fait des copies légères, sans les métadonnées (position GPS, appareil).")


def hint(path: str, node: dict) -> str:
    """The help text under a field, for a volunteer: the schema's description without the files of data/."""
    target = REFERENCES.get(path)
    if target is not None:
        return CHOICE_HINTS[target, node.get("type") == "array"]
    if _is_image_file(path):
        return IMAGE_HINT
    return for_volunteers(node.get("description", ""))


def for_volunteers(text: str) -> str:
    """`text` without what speaks of files (« un fichier de data/organisations/ »): sentences, clauses or brackets about them."""
    sentences = []
    for sentence in re.split(r"(?<=\.) ", text):
        if "data/" not in sentence and "nom du fichier" not in sentence:
            sentences.append(sentence)
            continue
        sentence = re.sub(r" ?\([^)]*data/[^)]*\)", "", sentence)  # « (un fichier de data/organisations/) »
        clauses = [clause for clause in sentence.split(" ; ") if "data/" not in clause and "nom du fichier" not in clause]
        if clauses:
            sentences.append(" ; ".join(clauses).rstrip(".") + ".")
    return " ".join(sentences)


def _is_image_file(path: str) -> bool:
    """`logo.fichier`, `photos[].fichier`: the file of an image (annuaire.images)."""
    top, _dot, rest = path.partition(".")
    return rest == "fichier" and top.removesuffix("[]") in IMAGE_FIELD_NAMES


def _relation(node: dict, items: dict) -> dict:
    organisations = BY_NAME["organisation"]
    relation = {
        "widget": "relation",
        "collection": collection_name(organisations),
        "value_field": "{{slug}}",
        "search_fields": ["nom", "sigle"],
        "display_fields": ["nom"],
    }
    if items:
        relation.update({"multiple": True, **_bounds(node)})
    return relation


def _select(options: dict[str, str], node: dict, multiple: bool) -> dict:
    select = {"widget": "select", "options": [{"label": label, "value": value} for value, label in options.items()]}
    if multiple:
        select.update({"multiple": True, **_bounds(node)})
    return select


def _bounds(node: dict) -> dict:
    bounds = {}
    if node.get("minItems"):
        bounds["min"] = node["minItems"]
    if "maxItems" in node:
        bounds["max"] = node["maxItems"]
    return bounds


def _pattern_message(node: dict) -> str:
    if node["pattern"] == "\\S":
        return "Ne doit pas être vide."
    text = node.get("description", "Format invalide.")
    if node.get("examples"):
        text = f"{text.rstrip('.')} ; exemple : {node['examples'][0]}"
    return text
