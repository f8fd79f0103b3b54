"""Checks a JSON Schema cannot express: references, uniqueness, dates, checksums.

They also run on records that failed their schema, on the fields that can still be
read (an identifier written as text, a date that exists), so that one run tells every
mistake: a bad e-mail does not hide an unknown theme in the same file.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from annuaire.problems import Problem, field_name
from annuaire.record_types import BY_NAME
from annuaire.records import schemas
from annuaire.records.identifiers import siren_valid, siret_valid, suggestion
from annuaire.records.yaml_source import YamlDocument


@dataclass
class Source:
    """A record or list item as loaded: its identifier, data and where it came from."""

    kind: str
    slug: str
    document: YamlDocument
    shown: str
    path: tuple = ()  # position of the item inside a list file
    valid: bool = True  # passed its schema; an invalid source counts as a known identifier, its readable fields are checked

    @property
    def data(self) -> dict:
        value = self.document.data
        for part in self.path:
            value = value[part]
        return value

    def problem(self, field: tuple, message: str) -> Problem:
        full = self.path + field
        line, column = self.document.position_of(full)
        return Problem(self.shown, line, field_name(full), message, column=column)


def check(sources: dict[str, list[Source] | None], today: datetime.date, found: Iterable[Problem] = ()) -> list[Problem]:
    """`found`, the problems of reading the files, with those of these checks.

    `sources[kind]` is None when a reference list could not be read: its references are
    not checked. An unknown identifier takes the place of the format problem of the same
    field: `commune: Guyancourt` is said once, as an unknown commune with its suggestion.
    """
    known = {kind: None if items is None else {source.slug: _name(source) for source in items} for kind, items in sources.items()}
    sources = {kind: items or [] for kind, items in sources.items()}
    problems = _unique_ids(sources)
    references = []
    for items in sources.values():
        for source in items:
            references += _references(source, known)
            problems += _dates(source, today)
    problems += _legal_identifiers(sources.get("organisation", []))
    problems += _postal_codes(sources.get("organisation", []), [source for source in sources.get("commune", []) if source.valid])
    replaced = {(problem.file, problem.field) for problem in references}
    return [problem for problem in found if (problem.file, problem.field) not in replaced] + references + problems


def _name(source: Source) -> str | None:
    """A record's or list item's name (`nom`, `titre`), when it is readable: « vouliez-vous dire » looks at it too."""
    data = source.data
    name = data.get(BY_NAME[source.kind].title_field) if isinstance(data, dict) else None
    return name if isinstance(name, str) else None


def _unique_ids(sources):
    problems = []
    for items in sources.values():
        first_seen: dict[str, Source] = {}
        for source in items:
            if source.slug in first_seen:
                other = first_seen[source.slug]
                where = f"{other.shown}:{other.document.line_of(other.path)}"
                problems.append(source.problem(("id",), f"identifiant « {source.slug} » déjà utilisé ({where})"))
            else:
                first_seen[source.slug] = source
    for field, label in (("insee", "code INSEE"),):
        seen: dict[str, Source] = {}
        for source in sources.get("commune", []):
            value = source.data.get(field)
            if not source.valid or value is None:
                continue
            if value in seen:
                problems.append(source.problem((field,), f"{label} « {value} » déjà utilisé par « {seen[value].slug} »"))
            seen.setdefault(value, source)
    return problems


def _reference(source, field, value, target, known):
    """« commune inconnue « x » ; vouliez-vous dire « y » ? » when `value` names no `target`."""
    if known.get(target) is None or value in known[target]:
        return []
    close = suggestion(value, known[target])
    hint = f" ; vouliez-vous dire « {close} » ?" if close else ""
    return [source.problem(field, f"{BY_NAME[target].unknown} « {value} »{hint}")]


def _references(source, known):
    """Every reference the registry declares for the source's type names an existing record."""
    kind = BY_NAME[source.kind]
    problems = []
    for reference in getattr(kind, "references", ()):
        seen = set()
        places = reference.places(source.data) if source.valid else _readable_places(reference, source.data, kind.schema)
        for where, value in places:
            problems += _reference(source, where, value, reference.target, known)
            if reference.partnership:
                if value in seen:
                    problems.append(source.problem(where, f"« {value} » est déjà cité comme partenaire : un seul rôle par organisation"))
                seen.add(value)
    return problems


@cache
def _lists(schema_name: str) -> frozenset[str]:
    """The top-level fields of a schema that hold a list."""
    return frozenset(path for path, node, _required in schemas.fields(schema_name) if "." not in path and node.get("type") == "array")


def _readable_places(reference, data, schema_name):
    """`reference.places` of a record that failed its schema: only identifiers written as text where the
    schema wants them (in a list when it wants one), so that a wrong shape is said once, by the schema."""
    if not isinstance(data, dict):
        return []
    value = data.get(reference.field)
    if reference.path != reference.field:  # partenaires[].organisation
        key = reference.path.rsplit(".", 1)[1]
        entries = value if isinstance(value, list) else []
        places = [((reference.field, index, key), entry.get(key)) for index, entry in enumerate(entries) if isinstance(entry, dict)]
    elif reference.field in _lists(schema_name):
        places = [((reference.field, index), item) for index, item in enumerate(value)] if isinstance(value, list) else []
    else:
        places = [((reference.field,), value)]
    return [(where, item) for where, item in places if isinstance(item, str) and item.strip()]


def _dates(source, today):
    data = source.data
    if not isinstance(data, dict):
        return []
    problems = []
    pairs = [
        (("debut",), ("fin",), "la fin précède le début"),
        (("disponibilite", "debut"), ("disponibilite", "fin"), "la fin de disponibilité précède son début"),
        (("publie_le",), ("expire_le",), "la date d'expiration précède la date de publication"),
    ]
    for start_path, end_path, message in pairs:
        start, end = _date(data, start_path), _date(data, end_path)
        if start and end and end < start:
            problems.append(source.problem(end_path, f"{message} ({end} < {start})"))
    for path in (("mis_a_jour",), ("publie_le",)):
        value = _date(data, path)
        if value and value > (today + datetime.timedelta(days=1)).isoformat():
            problems.append(source.problem(path, f"date dans le futur ({value}) : faute de frappe ?"))
    end = _date(data, ("fin",))
    if data.get("statut") == "termine" and end and end > today.isoformat():
        problems.append(source.problem(("statut",), f"projet dit « terminé » mais sa fin est à venir ({end})"))
    return problems


_ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


def _date(data, path):
    """The date at `path`, as written (AAAA-MM-JJ), when there is one and it exists; else None."""
    for part in path:
        if not isinstance(data, dict) or part not in data:
            return None
        data = data[part]
    if not isinstance(data, str) or not _ISO_DATE.match(data):
        return None
    try:
        datetime.date.fromisoformat(data)
    except ValueError:
        return None
    return data


_LEGAL_FORMS = {"rna": re.compile(r"^W[0-9][0-9AB][0-9]{7}$"), "siren": re.compile(r"^[0-9]{9}$"), "siret": re.compile(r"^[0-9]{14}$")}


def _legal_identifiers(organisations):
    """Checked even in records that failed their schema: a wrong key is worth reporting at once."""
    problems = []
    seen: dict[tuple[str, str], str] = {}
    for source in organisations:
        # A malformed number (spaces, wrong length) is the schema's to report: only well-formed ones get their key checked.
        items = source.data.items() if isinstance(source.data, dict) else ()
        data = {key: value for key, value in items if key in _LEGAL_FORMS and isinstance(value, str) and _LEGAL_FORMS[key].match(value)}
        if "siren" in data and not siren_valid(data["siren"]):
            problems.append(source.problem(("siren",), f"SIREN « {data['siren']} » invalide : la clé de contrôle ne correspond pas (vérifiez les chiffres)"))
        if "siret" in data:
            if not siret_valid(data["siret"]):
                problems.append(source.problem(("siret",), f"SIRET « {data['siret']} » invalide : la clé de contrôle ne correspond pas (vérifiez les chiffres)"))
            elif "siren" in data and not data["siret"].startswith(data["siren"]):
                problems.append(source.problem(("siret",), f"le SIRET doit commencer par le SIREN {data['siren']}"))
        for field in ("rna", "siren", "siret"):
            if field in data:
                key = (field, data[field])
                if key in seen:
                    problems.append(source.problem((field,), f"{field.upper()} « {data[field]} » déjà utilisé par « {seen[key]} »"))
                seen.setdefault(key, source.slug)
    return problems


_POSTAL_CODE = re.compile(r"^[0-9]{5}$")


def _postal_codes(organisations, communes):
    codes = {source.slug: source.data["codes_postaux"] for source in communes}
    problems = []
    for source in organisations:
        data = source.data if isinstance(source.data, dict) else {}
        postal, commune = data.get("code_postal"), data.get("commune")
        if isinstance(postal, str) and _POSTAL_CODE.match(postal) and isinstance(commune, str) and commune in codes and postal not in codes[commune]:
            expected = ", ".join(codes[commune])
            problems.append(source.problem(("code_postal",), f"le code postal {postal} n'est pas celui de la commune « {commune} » ({expected})"))
    return problems
