"""The register's text made readable, without inventing anything.

Titles and purposes are often typed in capitals without accents
(« ASSOCIATION DES PARENTS D'ELEVES DE GUYANCOURT »). Shouted text is put in
sentence case; no accent is added, except in the names of places, which take their
official spelling (« SAINT CYR L ECOLE » → « Saint-Cyr-l'École »); acronyms stay
in capitals. Text already in mixed case is kept as its author wrote it.
"""

from __future__ import annotations

import re
from functools import lru_cache

from annuaire.meeting.keywords import fold as folded

SUMMARY_MAX = 280
SUMMARY_MIN = 10
NAME_MAX = 160
ADDRESS_MAX = 200

# Acronyms frequent in associations' titles that contain vowels (those without vowels are kept anyway).
KNOWN_ACRONYMS = frozenset(
    "AS US ASL ASC ASPTT USM APE APEI FCPE PEEP UNRPA FNACA ADMR CCAS CIAS MJC AMAP ESS VTT ONG UFC APF ADAPEI "
    "SQY UNAFAM AFM UNICEF CE CSE CAF EHPAD ESAT IME SAMU SOS UNSS USEP UFOLEP ASSO OGEC AAPPMA ACCA GEM RPA".split()
)
ROMAN = re.compile(r"^(?=[IVXL])(X{0,3})(IX|IV|V?I{0,3})$")
_WORD = re.compile(r"(?:[^\W\d_]\.){2,}|[^\W\d_]+|\d+")  # dotted initials (A.S.C.), words, numbers
_VOWELS = set("AEIOUYÀÂÄÉÈÊËÎÏÔÖÙÛÜŸ")


@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Lower case without accents, punctuation as spaces: to compare names (cached: words repeat)."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", folded(text)).split())


def squash(text: str) -> str:
    """Blank space collapsed, control characters removed (a register cell is one line of text)."""
    return " ".join("".join(char if char.isprintable() else " " for char in text).split())


def is_shouting(text: str) -> bool:
    letters = [char for char in text if char.isalpha()]
    return len(letters) >= 4 and sum(char.isupper() for char in letters) / len(letters) > 0.8


def is_acronym(word: str, extra: frozenset[str] = frozenset()) -> bool:
    """A token to keep in capitals: a known acronym, dotted initials, a Roman numeral, or letters without vowels."""
    bare = word.rstrip(".")
    if len(bare) < 2 or not bare.isupper():
        return False
    return bare in KNOWN_ACRONYMS or bare in extra or "." in bare or bool(ROMAN.match(bare)) or not (set(bare) & _VOWELS)


class PlaceNames:
    """Official spellings of place names, found in shouted text by their folded words."""

    def __init__(self, names):
        self.by_words: dict[tuple[str, ...], str] = {}
        self.sizes: dict[str, list[int]] = {}  # first folded word → the lengths of the names it starts, longest first
        for name in names:
            words = tuple(fold(name).split())
            if words and words not in self.by_words:
                self.by_words[words] = name
                self.sizes.setdefault(words[0], []).append(len(words))
        for sizes in self.sizes.values():
            sizes.sort(reverse=True)

    def find(self, folded: list[str], start: int) -> tuple[int, str] | None:
        """The longest place name starting at `folded[start]` (words already folded): (number of words, official spelling)."""
        for size in self.sizes.get(folded[start], ()):
            if start + size > len(folded):
                continue
            name = self.by_words.get(tuple(folded[start : start + size]))
            if name is not None:
                return size, name
        return None


def sentence_case(text: str, places: PlaceNames | None = None, acronyms: frozenset[str] = frozenset(), capitals: bool = True) -> str:
    """Shouted text in sentence case: lower case, a capital at each sentence's start (unless not `capitals`), acronyms and places kept."""
    if not is_shouting(text):
        return text
    tokens = [(match.start(), match.end()) for match in _WORD.finditer(text)]
    words = [text[start:end] for start, end in tokens]
    folded = [fold(word) for word in words]
    out, cursor, index, sentence_start = [], 0, 0, True
    while index < len(tokens):
        start, end = tokens[index]
        between = text[cursor:start]
        out.append(between)
        if re.search(r"[.!?]\s*$", between) or (not out[:-1] and not between.strip()):
            sentence_start = True
        place = places.find(folded, index) if places else None
        if place and (place[0] > 1 or len(words[index]) > 3):
            size, name = place
            out.append(name)
            cursor = tokens[index + size - 1][1]
            index += size
        else:
            word = words[index]
            if is_acronym(word, acronyms):
                written = word
            else:
                written = word.lower()
                if sentence_start and capitals:
                    written = written[:1].upper() + written[1:]
            out.append(written)
            cursor = end
            index += 1
        sentence_start = False
    out.append(text[cursor:])
    return "".join(out)


def cut(text: str, limit: int) -> str:
    """At most `limit` characters: whole sentences when they fill most of it, else whole words and « … »."""
    if len(text) <= limit:
        return text
    window = text[:limit]
    sentence_end = max(window.rfind(mark) for mark in (". ", "! ", "? ", " ; ", "; "))
    if sentence_end >= limit // 2:
        return window[: sentence_end + 1].rstrip(" ;")
    words = text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:-–(")
    return words + "…"


def summary(purpose: str) -> str | None:
    """The list summary from the register's purpose (`objet`), or None when it is too short to say anything."""
    text = cut(purpose, SUMMARY_MAX)
    return text if len(text) >= SUMMARY_MIN else None


def acronym(short_title: str, title: str) -> str | None:
    """The register's short title when it is an acronym, not the title cut with « ... »."""
    short = squash(short_title)
    if not short or "..." in short or "…" in short or len(short) > 30 or fold(short) == fold(title):
        return None
    letters = re.sub(r"[^\w]", "", short)
    if " " in short.strip() and not re.fullmatch(r"([A-Z]\.\s?)+", short):
        return None
    return short if letters.isupper() and 2 <= len(letters) <= 12 else None


STREET_TYPES = {
    "ALL": "allée", "AV": "avenue", "AVE": "avenue", "BD": "boulevard", "BLD": "boulevard", "CHE": "chemin", "CHEM": "chemin",
    "CRS": "cours", "CHS": "chaussée", "CTRE": "centre", "DOM": "domaine", "ESP": "esplanade", "FG": "faubourg", "GR": "grande rue",
    "HAM": "hameau", "IMP": "impasse", "LD": "lieu-dit", "LOT": "lotissement", "MAIL": "mail", "PARC": "parc", "PASS": "passage",
    "PL": "place", "PLAN": "plan", "PROM": "promenade", "QUAI": "quai", "QUA": "quartier", "R": "rue", "RES": "résidence",
    "ROC": "rocade", "RPT": "rond-point", "RTE": "route", "RUE": "rue", "SEN": "sentier", "SENT": "sentier", "SQ": "square",
    "TRA": "traverse", "VLA": "villa", "VOIE": "voie", "ZA": "ZA", "ZAC": "ZAC", "ZI": "ZI",
}
_STREET_WORDS = frozenset(STREET_TYPES.values()) - {"ZA", "ZAC", "ZI"}
REPETITIONS = {"B": "bis", "T": "ter", "Q": "quater", "C": "quinquies"}
_PARTICLES = frozenset("de des du la le les l d et en sur sous aux au a à".split())
# An office « chez M. Dupont » names a private person: that line is never imported.
_PRIVATE = re.compile(r"^\s*(chez|c/o|c\.o\.|aux bons soins|m\.|mr\.?|mme\.?|mlle\.?|monsieur|madame|mademoiselle)\b", re.IGNORECASE)


def street_case(text: str, places: PlaceNames | None = None) -> str:
    """A shouted street name with a capital to each word but particles: « DES LILAS » → « des Lilas »."""
    text = squash(text)
    if not is_shouting(text):
        return text
    lowered = sentence_case(text, places, capitals=False)
    words = re.split(r"(\s+|-|')", lowered)
    return "".join(
        word if (not word.strip() or word in "-'" or word.isupper() or fold(word) in _PARTICLES) else word[:1].upper() + word[1:]
        for word in words
    )


def is_private_line(line: str) -> bool:
    return bool(_PRIVATE.match(line))


def waldec_address(values: dict[str, str], places: PlaceNames | None = None) -> str | None:
    """The office's number and street, from the waldec edition's columns; private complements left out."""
    number = squash(values.get("adrs_numvoie", ""))
    repetition = REPETITIONS.get(squash(values.get("adrs_repetition", "")).upper(), "")
    kind = squash(values.get("adrs_typevoie", "")).upper()
    street = street_case(values.get("adrs_libvoie", ""), places)
    complement = squash(values.get("adrs_complement", ""))
    line = " ".join(part for part in (number, repetition, STREET_TYPES.get(kind, kind.lower()), street) if part)
    parts = [street_case(complement, places)] if complement and not is_private_line(complement) else []
    if street:
        parts.append(line)
    return _address(parts)


def free_address(lines: list[str], commune_words: set[str], places: PlaceNames | None = None) -> str | None:
    """The office from the old edition's free lines (adr1–adr3): private lines and the commune's line left out."""
    kept = []
    for line in map(squash, lines):
        if not line or is_private_line(line) or fold(re.sub(r"\b[0-9]{5}\b", "", line)) in commune_words:
            continue
        kept.append(_expand_street_type(street_case(line, places)))
    return _address(kept)


def _expand_street_type(line: str) -> str:
    """« 12 av. de la Gare » as the register abbreviates it: « 12 avenue de la Gare »."""
    match = re.match(r"^([0-9]+(?:\s?(?:bis|ter|b|t))?\s+)([A-Za-z]+)\.?(\s)", line, re.IGNORECASE)
    if match and match[2].upper() in STREET_TYPES:
        return match[1] + STREET_TYPES[match[2].upper()] + match[3] + line[match.end() :]
    if match and match[2].lower() in _STREET_WORDS:
        return match[1] + match[2].lower() + match[3] + line[match.end() :]
    return line


def _address(parts: list[str]) -> str | None:
    text = ", ".join(part for part in parts if part)
    if len(text) < 3:
        return None
    return cut(text, ADDRESS_MAX).rstrip("…").rstrip(" ,") if len(text) > ADDRESS_MAX else text
