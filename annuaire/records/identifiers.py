"""Checksums of French legal identifiers (SIREN, SIRET)."""

from __future__ import annotations

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
