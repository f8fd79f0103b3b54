"""One row of the register made into one organisation record.

Only what the register publishes about the association itself is taken: its
office (never the manager's address, `adrg_*`, nor `dir_civilite`), its titles,
purpose, numbers, dates, website and social objects. Its phone and e-mail, when a
file has them, are taken only on the maintainer's explicit request.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from annuaire.records.identifiers import siret_valid
from annuaire.register import readable
from annuaire.register.register_csv import WALDEC, date_or_none
from annuaire.register.themes_mapping import ThemesMapping

_URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)
_HOST = re.compile(r"^(www\.)?[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}(/\S*)?$", re.IGNORECASE)
_EMAIL = re.compile(r"^[^@\s<>\"]+@[^@\s<>\"]+\.[a-zA-Z]{2,}$")
_PHONE = re.compile(r"^0[1-9][0-9]{8}$")
POSITIONS = {"A": "active", "D": "dissoute", "S": "supprimée"}


@dataclass
class Places:
    """The directory's communes as the import needs them."""

    by_insee: dict[str, str]  # current INSEE code → commune identifier of communes.yaml
    postal_codes: dict[str, list[str]]  # commune identifier → its postal codes
    names: dict[str, set[str]]  # commune identifier → its name, folded, to recognise it in an address line
    spelling: readable.PlaceNames


def is_active(values: dict[str, str]) -> bool:
    return values["position"] == "A"


def organisation(values: dict[str, str], edition: str, commune: str, places: Places, mapping: ThemesMapping, with_contacts: bool) -> dict:
    """The record's fields (without the import's bookkeeping), in the schema's names."""
    title = readable.squash(values["titre"])
    short = readable.acronym(values.get("titre_court", ""), title)
    name = readable.sentence_case(title, places.spelling, frozenset(_acronym_words(short)))
    purpose = readable.squash(values.get("objet", ""))
    purpose = readable.sentence_case(purpose, places.spelling, frozenset(_acronym_words(short)))
    summary = readable.summary(purpose)
    record = {
        "nom": readable.cut(name, readable.NAME_MAX),
        "titre_officiel": title[:400],
        "sigle": short,
        "type": "association",
        "resume": summary or _fallback_summary(values),
        "description": _escape_markdown(purpose) if summary not in (purpose, None) else None,
        "themes": mapping.themes([values.get("objet_social1", ""), values.get("objet_social2", "")])[:8],
        "adresse": _address(values, edition, commune, places),
        "code_postal": _postal_code(values, commune, places),
        "commune": commune,
        "site_web": website(values.get("siteweb", "")),
        "contact": _contact(values) if with_contacts else None,
        "rna": values["id"],
        "siret": values.get("siret", "").replace(" ", "") if siret_valid(values.get("siret", "").replace(" ", "")) else None,
        "fondee_en": _year(values),
        "dissoute": True if not is_active(values) else None,
        "mis_a_jour": date_or_none(values["maj_time"]) or date_or_none(values.get("date_publi", "")),
    }
    return {key: value for key, value in record.items() if value is not None}


def _acronym_words(short: str | None) -> list[str]:
    return re.findall(r"\w+", short or "")


def _fallback_summary(values: dict[str, str]) -> str:
    """The register gave no usable purpose: say what is known, nothing more."""
    kind = {"U": "Union d'associations", "F": "Fédération d'associations"}.get(values.get("groupement", ""), "Association")
    return f"{kind} déclarée au Répertoire national des associations ({values['id']})."


def _address(values: dict[str, str], edition: str, commune: str, places: Places) -> str | None:
    if edition == WALDEC:
        return readable.waldec_address(values, places.spelling)
    lines = [values.get(column, "") for column in ("adr1", "adr2", "adr3")]
    return readable.free_address(lines, places.names.get(commune, set()), places.spelling)


def _postal_code(values: dict[str, str], commune: str, places: Places) -> str | None:
    """The office's postal code when it is one of its commune's (`make validate` checks the pair)."""
    code = values.get("adrs_codepostal", "").strip()
    known = places.postal_codes.get(commune, [])
    if code in known:
        return code
    return known[0] if len(known) == 1 else None


def website(value: str) -> str | None:
    """A web address, only http(s); « www.club.fr » gets its scheme; anything else (« non », « javascript: ») is dropped."""
    value = value.strip()
    if _HOST.match(value):
        value = "http://" + value
    if not _URL.match(value) or len(value) > 500:
        return None
    scheme, _, rest = value.partition("://")
    host, slash, path = rest.partition("/")
    return f"{scheme.lower()}://{host.lower()}{slash}{path}"  # « HTTP://WWW.CLUB.FR » as typed in capitals: scheme and host are case-blind


def _contact(values: dict[str, str]) -> dict | None:
    contact = {}
    email = values.get("email", "").strip()
    if _EMAIL.match(email) and len(email) <= 254:
        contact["email"] = email
    phone = re.sub(r"[\s.]", "", values.get("telephone", ""))
    if phone.startswith("+33"):
        phone = "0" + phone[3:]
    if _PHONE.match(phone):
        contact["telephone"] = " ".join(phone[index : index + 2] for index in range(0, 10, 2))
    return contact or None


def _year(values: dict[str, str]) -> int | None:
    for column in ("date_creat", "date_decla", "date_publi"):
        date = date_or_none(values.get(column, ""))
        if date and 1800 <= int(date[:4]) <= 2100:
            return int(date[:4])
    return None


_MARKDOWN = re.compile(r"([\\`*_{}\[\]<>#|!])")


def _escape_markdown(text: str) -> str:
    """The register's text is plain: Markdown signs in it are shown as typed, never interpreted."""
    text = _MARKDOWN.sub(r"\\\1", text)
    return re.sub(r"^(\s*)([0-9]+)\.(\s)", r"\1\2\\.\3", re.sub(r"^(\s*)([-+])(\s)", r"\1\\\2\3", text))
