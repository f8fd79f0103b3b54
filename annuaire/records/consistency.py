"""Checks a JSON Schema cannot express: references, uniqueness, dates, checksums.

They run on documents that passed their schema, so fields have the right types.
"""

from __future__ import annotations

import datetime
import difflib
import re
from dataclasses import dataclass

from annuaire.problems import Problem, field_name
from annuaire.record_types import BY_NAME
from annuaire.records.identifiers import siren_valid, siret_valid
from annuaire.records.yaml_source import YamlDocument


@dataclass
class Source:
    """A record or list item as loaded: its identifier, data and where it came from."""

    kind: str
    slug: str
    document: YamlDocument
    shown: str
    path: tuple = ()  # position of the item inside a list file
    valid: bool = True  # passed its schema; an invalid source only counts as a known identifier

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


def check(sources: dict[str, list[Source] | None], today: datetime.date) -> list[Problem]:
    """`sources[kind]` is None when a reference list could not be read: its references are not checked."""
    known = {kind: None if items is None else {source.slug for source in items} for kind, items in sources.items()}
    sources = {kind: items or [] for kind, items in sources.items()}
    problems = _unique_ids(sources)
    valid = {kind: [source for source in items if source.valid] for kind, items in sources.items()}
    for items in valid.values():
        for source in items:
            problems += _references(source, known)
            problems += _dates(source, today)
    problems += _legal_identifiers(sources.get("organisation", []))
    problems += _postal_codes(valid.get("organisation", []), valid.get("commune", []))
    return problems


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
    close = difflib.get_close_matches(value, sorted(known[target]), n=1, cutoff=0.6)
    hint = f" ; vouliez-vous dire « {close[0]} » ?" if close else ""
    return [source.problem(field, f"{BY_NAME[target].unknown} « {value} »{hint}")]


def _references(source, known):
    """Every reference the registry declares for the source's type names an existing record."""
    kind = BY_NAME[source.kind]
    problems = []
    for reference in getattr(kind, "references", ()):
        seen = set()
        for where, value in reference.places(source.data):
            problems += _reference(source, where, value, reference.target, known)
            if reference.partnership:
                if value in seen:
                    problems.append(source.problem(where, f"« {value} » est déjà cité comme partenaire : un seul rôle par organisation"))
                seen.add(value)
    return problems


def _dates(source, today):
    data = source.data
    problems = []
    pairs = [
        (("debut",), ("fin",), "la fin précède le début"),
        (("disponibilite", "debut"), ("disponibilite", "fin"), "la fin de disponibilité précède son début"),
        (("publie_le",), ("expire_le",), "la date d'expiration précède la date de publication"),
    ]
    for start_path, end_path, message in pairs:
        start, end = _get(data, start_path), _get(data, end_path)
        if start and end and end < start:
            problems.append(source.problem(end_path, f"{message} ({end} < {start})"))
    for path in (("mis_a_jour",), ("publie_le",)):
        value = _get(data, path)
        if value and value > (today + datetime.timedelta(days=1)).isoformat():
            problems.append(source.problem(path, f"date dans le futur ({value}) : faute de frappe ?"))
    if data.get("statut") == "termine" and data.get("fin") and data["fin"] > today.isoformat():
        problems.append(source.problem(("statut",), f"projet dit « terminé » mais sa fin est à venir ({data['fin']})"))
    return problems


def _get(data, path):
    for part in path:
        if not isinstance(data, dict) or part not in data:
            return None
        data = data[part]
    return data


_LEGAL_FORMS = {"rna": re.compile(r"^W[0-9][0-9AB][0-9]{7}$"), "siren": re.compile(r"^[0-9]{9}$"), "siret": re.compile(r"^[0-9]{14}$")}


def _legal_identifiers(organisations):
    """Checked even in records that failed their schema: a wrong key is worth reporting at once."""
    problems = []
    seen: dict[tuple[str, str], str] = {}
    for source in organisations:
        # A malformed number (spaces, wrong length) is the schema's to report: only well-formed ones get their key checked.
        data = {key: value for key, value in source.data.items() if key in _LEGAL_FORMS and isinstance(value, str) and _LEGAL_FORMS[key].match(value)}
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


def _postal_codes(organisations, communes):
    codes = {source.slug: source.data["codes_postaux"] for source in communes}
    problems = []
    for source in organisations:
        data = source.data
        postal, commune = data.get("code_postal"), data.get("commune")
        if postal and commune in codes and postal not in codes[commune]:
            expected = ", ".join(codes[commune])
            problems.append(source.problem(("code_postal",), f"le code postal {postal} n'est pas celui de la commune « {commune} » ({expected})"))
    return problems
