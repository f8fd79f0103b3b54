"""Safe YAML loading that remembers the line of every field.

Contributors' files are untrusted: only plain YAML types are built (no
tags), anchors and aliases are refused (no alias bombs), size and nesting
are bounded, duplicate keys are errors rather than silent overwrites, and
dates stay strings so that the JSON Schema `format: date` checks them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from annuaire.problems import Problem

MAX_BYTES = 256 * 1024  # a record
MAX_LIST_BYTES = 8 * 1024 * 1024  # a reference list: the 34,964 communes of France take 2.9 MB, 4.5 MB with coordinates
MAX_DEPTH = 20

_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):
    """Safe loader without YAML 1.1 timestamps: dates stay as written."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _Base.yaml_implicit_resolvers.items()
}

_SCALAR_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
}

# PyYAML's messages, put into words a volunteer understands.
_SYNTAX_HINTS = [
    ("mapping values are not allowed", "« : » inattendu : vérifiez l'indentation, ou mettez le texte entre guillemets s'il contient « : »"),
    ("could not find expected ':'", "« : » manquant après le nom d'un champ"),
    ("did not find expected key", "indentation incohérente : les champs d'un même niveau doivent être alignés"),
    ("did not find expected '-' indicator", "indentation incohérente dans une liste"),
    ("expected <block end>", "indentation incohérente : les champs d'un même niveau doivent être alignés"),
    ("found unexpected end of stream", "guillemet, crochet ou accolade non refermé"),
    ("while parsing a flow sequence", "crochet « [ » non refermé : terminez la liste par « ] »"),
    ("while parsing a flow mapping", "accolade « { » non refermée : terminez-la par « } »"),
    ("found undefined alias", "les ancres et alias YAML (& et *) ne sont pas acceptés"),
    ("expected a single document", "un seul document par fichier : retirez les lignes « --- » en trop"),
    ("found character '@'", "une valeur ne peut pas commencer par « @ » : mettez-la entre guillemets"),
    ("found character '`'", "une valeur ne peut pas commencer par « ` » : mettez-la entre guillemets"),
]

# Contexts in which PyYAML's context mark is the opening of something left open.
_UNCLOSED_CONTEXTS = ("while scanning a quoted scalar", "while parsing a flow sequence", "while parsing a flow mapping")

_COLLECTION_TAGS = {
    yaml.SequenceNode: {"tag:yaml.org,2002:seq"},
    yaml.MappingNode: {"tag:yaml.org,2002:map"},
}


@dataclass
class YamlDocument:
    """Plain data plus the line and column of each field, keyed by its path (tuple of keys and indexes).

    A field's position is its key's (`nom:`), a list item's is its value's; both count from 1.
    """

    data: object
    lines: dict = field(default_factory=dict)
    columns: dict = field(default_factory=dict)

    def line_of(self, path) -> int:
        """Line of the deepest known part of `path` (1 for the file itself)."""
        return self.position_of(path)[0]

    def position_of(self, path) -> tuple[int, int]:
        """(line, column) of the deepest known part of `path`; (1, 1) for the file itself."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path], self.columns.get(path, 0)
            path = path[:-1]
        return self.lines.get((), 1), self.columns.get((), 1)


class YamlError(Exception):
    def __init__(self, line: int, message: str, column: int = 0):
        super().__init__(message)
        self.line = line
        self.column = column
        self.message = message


def read_text(path: Path, shown: str, max_bytes: int = MAX_BYTES) -> tuple[str | None, list[Problem]]:
    """The file's text as UTF-8 (a BOM is accepted), or the problem that prevents reading it."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            return None, [Problem(shown, 0, "", f"fichier trop gros ({size // 1024} Kio, {max_bytes // 1024} Kio au plus)")]
        raw = path.read_bytes()
    except OSError as error:
        return None, [Problem(shown, 0, "", f"lecture impossible ({error.strerror})")]
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        byte = raw[error.start]
        column = error.start - raw.rfind(b"\n", 0, error.start)  # in bytes: the characters before it may be unreadable
        return None, [Problem(shown, line, "", f"le fichier n'est pas en UTF-8 (octet 0x{byte:02x} illisible) : enregistrez-le en UTF-8", column=column)]


def parse(text: str) -> YamlDocument:
    """Parse one YAML document; raise `YamlError` with a French message."""
    loader = _Loader(text)
    try:
        _check_depth(text)
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as error:
        mark = _mark(error)
        raise YamlError(mark.line + 1 if mark else 0, _syntax_message(error, text), mark.column + 1 if mark else 0) from None
    except yaml.reader.ReaderError as error:
        line, column = _position_of_character(text, error.character)
        raise YamlError(line, _character_message(error.character), column) from None
    except yaml.YAMLError as error:
        raise YamlError(0, f"syntaxe YAML invalide ({error})") from None
    except RecursionError:
        raise YamlError(0, "structure trop profondément imbriquée") from None
    finally:
        loader.dispose()
    if node is None:
        raise YamlError(1, "le fichier est vide")
    document = YamlDocument(None)
    document.data = _build(loader, node, (), document, set())
    return document


def _mark(error: yaml.MarkedYAMLError):
    """Where to point: the opening quote or bracket of what was never closed, else where parsing failed."""
    if error.context_mark and (error.context or "").startswith(_UNCLOSED_CONTEXTS):
        return error.context_mark
    return error.problem_mark or error.context_mark


def _check_depth(text: str) -> None:
    """Refuse deep nesting from the event stream, before any node is composed.

    libyaml's composer recurses in C: a few thousand nested brackets would
    overflow the stack and crash the process instead of raising an error.
    """
    depth = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH + 1:  # the same limit as `_build`'s, which counts levels below the root
                raise YamlError(event.start_mark.line + 1, "structure trop profondément imbriquée", event.start_mark.column + 1)
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def _position_of_character(text: str, code: int) -> tuple[int, int]:
    index = text.find(chr(code)) if isinstance(code, int) else -1
    if index < 0:
        return 0, 0
    return text.count("\n", 0, index) + 1, index - text.rfind("\n", 0, index)


def _character_message(code) -> str:
    if isinstance(code, int):
        return f"caractère de contrôle interdit (U+{code:04X}, souvent invisible) : supprimez-le"
    return "caractère illisible : enregistrez le fichier en UTF-8"  # pragma: no cover - text is decoded already


def _syntax_message(error: yaml.MarkedYAMLError, source: str) -> str:
    mark = error.problem_mark
    if mark and _char_at(source, mark.line, mark.column) == "\t":
        return "tabulation interdite : indentez avec des espaces"
    text = f"{error.context or ''} {error.problem or ''}"
    for needle, message in _SYNTAX_HINTS:
        if needle in text:
            return message
    if "while scanning a quoted scalar" in text:
        return "guillemet non refermé"
    return f"syntaxe YAML invalide ({(error.problem or error.context or '').strip()})"


def _char_at(source: str, line: int, column: int) -> str:
    lines = source.splitlines()
    return lines[line][column : column + 1] if line < len(lines) else ""


def _build(loader, node, path: tuple, document: YamlDocument, seen: set):
    line = document.lines.setdefault(path, node.start_mark.line + 1)
    column = document.columns.setdefault(path, node.start_mark.column + 1)
    if len(path) > MAX_DEPTH:
        raise YamlError(line, "structure trop profondément imbriquée", column)
    if id(node) in seen:
        raise YamlError(line, "les ancres et alias YAML (& et *) ne sont pas acceptés", column)
    seen.add(id(node))
    if isinstance(node, yaml.ScalarNode):
        if node.tag not in _SCALAR_TAGS:
            raise _error_at(node, f"étiquette YAML non permise ({node.tag}) : écrivez une valeur simple")
        try:
            return loader.construct_object(node, deep=True)
        except ValueError:  # an integer of thousands of digits, which Python refuses to convert
            raise YamlError(line, "nombre trop long : si c'est un texte, mettez-le entre guillemets", column) from None
    if node.tag not in _COLLECTION_TAGS.get(type(node), ()):
        raise _error_at(node, f"étiquette YAML non permise ({node.tag}) : écrivez une valeur simple")
    if isinstance(node, yaml.SequenceNode):
        return [_build(loader, item, path + (index,), document, seen) for index, item in enumerate(node.value)]
    if isinstance(node, yaml.MappingNode):
        result = {}
        for key_node, value_node in node.value:
            key_line, key_column = key_node.start_mark.line + 1, key_node.start_mark.column + 1
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
                raise YamlError(key_line, "nom de champ invalide : écrivez un simple mot suivi de « : »", key_column)
            key = str(loader.construct_object(key_node))
            if key in result:
                raise YamlError(key_line, f"le champ « {key} » est écrit deux fois", key_column)
            document.lines[path + (key,)] = key_line
            document.columns[path + (key,)] = key_column
            result[key] = _build(loader, value_node, path + (key,), document, seen)
        return result
    raise YamlError(line, "contenu YAML non reconnu", column)  # pragma: no cover - PyYAML has three node kinds


def _error_at(node, message: str) -> YamlError:
    return YamlError(node.start_mark.line + 1, message, node.start_mark.column + 1)


def load_file(path: Path, shown: str, max_bytes: int = MAX_BYTES) -> tuple[YamlDocument | None, list[Problem]]:
    """Read and parse a file; problems use `shown` as the file name."""
    text, problems = read_text(path, shown, max_bytes)
    if text is None:
        return None, problems
    try:
        return parse(text), []
    except YamlError as error:
        return None, [Problem(shown, error.line, "", error.message, column=error.column)]
