"""Identifiers: the checksums of French legal ones (SIREN, SIRET), and a hint for a mistyped one."""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from functools import cache

from annuaire.meeting.keywords import fold

# La Poste's establishments share one SIREN; their SIRET keys use a digit sum instead
# of Luhn, except the head office's, which is an ordinary Luhn number.
_LA_POSTE_SIREN = "356000000"
_LA_POSTE_HEAD_OFFICE = "35600000000048"


def luhn_valid(digits: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char) * (2 if position % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def siren_valid(siren: str) -> bool:
    return len(siren) == 9 and siren.isdigit() and luhn_valid(siren)


def siret_valid(siret: str) -> bool:
    if len(siret) != 14 or not siret.isdigit():
        return False
    if siret.startswith(_LA_POSTE_SIREN) and siret != _LA_POSTE_HEAD_OFFICE:
        return sum(map(int, siret)) % 5 == 0
    return luhn_valid(siret)


@cache  # each known identifier is folded once, however many mistakes are looked up
def _key(text: str) -> str:
    """`Saint-Quentin en Yvelines`, `saint quentin en yvelines` → `saint-quentin-en-yvelines`."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text).replace("œ", "oe").replace("æ", "ae")).strip("-")


def suggestion(value: str, known: Mapping[str, str]) -> str | None:
    """The identifier `value` most likely means, among `known` ({identifier: name}), or None.

    First the same words whatever the case, accents, spaces and hyphens (`Guyancourt`,
    `La Verrière`), of an identifier or of a name; then the only identifier it begins
    (`montigny` → `montigny-le-bretonneux`); then the closest spelling (`guyancour`).
    """
    key = _key(value)
    if not key:
        return None
    for identifier, name in sorted(known.items()):
        if key == _key(identifier) or (isinstance(name, str) and key == _key(name)):
            return identifier
    longer = sorted(identifier for identifier in known if _key(identifier).startswith(key + "-"))
    if len(longer) == 1:
        return longer[0]
    by_key = {}
    for identifier in sorted(known):
        by_key.setdefault(_key(identifier), identifier)
    close = difflib.get_close_matches(key, list(by_key), n=1, cutoff=0.6)
    return by_key[close[0]] if close else None
