"""Offers that can meet needs, and needs that offers can meet: the directory's speed dating.

An offer is suggested for a need when both:

- are of the same category (a van for a van);
- are available at the same time, and neither is expired nor over on the build date,
  nor of a dissolved organisation (`lifecycle.is_current`);
- have compatible terms (`terms_compatible`: a free loan suits everyone, a rental suits
  who shares costs, an exchange suits an exchange; « à définir » suits anything);
- come from two different organisations;
- share at least one sign that they speak of the same thing: a theme, a significant word
  of their title or summary, or the unit of their capacity (« 60 chaises », « 50 chaises »);
- for equipment and vehicles, do not count in different units (« 20 ordinateurs » is not
  « 60 chaises »: there, the unit names the object).

Suggestions come closest first, by commune: same commune, then communes whose centres
are within 5 km, then 10 km, then farther, then places unknown; within a band, the most
signs in common first, then the shortest distance (own coordinates when given). Each
suggestion carries its reasons, in French, written only for the suggestions kept.

Pairs are never all compared. Records are indexed by (category, commune, terms); a need
visits the offers of its category, with terms it accepts, commune band by commune band,
and stops after the band in which it reached its `limit`: later bands can only rank lower.
Offers find their needs the same way. `match(..., naive=True)` compares every pair
instead, for the benchmark and the tests, and must give the same suggestions.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from annuaire.meeting.geo import CommuneGrid, Place, coordinates, distance_km, french_km, haversine_km, in_radians, place
from annuaire.meeting.keywords import fold, keywords, stem
from annuaire.publish.french_dates import french_date
from annuaire.records import schemas
from annuaire.records.lifecycle import is_current
from annuaire.records.model import Directory, Record

# Categories whose capacity unit names the object itself.
UNIT_NAMES_OBJECT = frozenset({"materiel", "vehicule"})
# Commune bands, by the distance between commune centres, in km: same commune first (band 0).
BANDS_KM = (5.0, 10.0)
UNKNOWN_BAND = len(BANDS_KM) + 2
PAYING = frozenset({"location", "partage-des-couts"})


@dataclass(frozen=True)
class Suggestion:
    """A record suggested to another one, with the reasons, in French, why."""

    record: Record
    reasons: tuple[str, ...]
    key: tuple = field(compare=False, repr=False)  # ordering: closest and most relevant first


@dataclass
class Matches:
    """Every suggestion of a build, looked up by the record it is shown on."""

    offers_by_need: dict[str, list[Suggestion]] = field(default_factory=dict)
    needs_by_offer: dict[str, list[Suggestion]] = field(default_factory=dict)
    partners_by_project: dict[str, list[Suggestion]] = field(default_factory=dict)

    def offers_for(self, need: Record) -> list[Suggestion]:
        return self.offers_by_need.get(need.slug, [])

    def needs_for(self, offer: Record) -> list[Suggestion]:
        return self.needs_by_offer.get(offer.slug, [])

    def partners_for(self, project: Record) -> list[Suggestion]:
        return self.partners_by_project.get(project.slug, [])

    def wanted_from(self, organisation: Record) -> list[tuple[Record, Suggestion]]:
        """(offer, suggested need) pairs: « Ils cherchent ce que vous proposez »."""
        pairs = [(offer, suggestion) for offer in organisation.related["offer"] for suggestion in self.needs_for(offer)]
        return sorted(pairs, key=lambda pair: (pair[1].key, pair[0].slug))


@dataclass
class _Profile:
    """What matching needs to know of an offer or a need, computed once."""

    record: Record
    category: str
    terms: str
    start: str | None  # ISO dates, None for open-ended
    end: str | None
    themes: frozenset[str]
    words: dict[str, str]
    unit: str | None
    amount: float | None
    place: Place | None
    commune: Record | None  # the commune that places it (its own, or its organisation's)


def _profile(record: Record) -> _Profile:
    data = record.data
    period = data.get("disponibilite") or {}
    ends = [date for date in (period.get("fin"), data.get("expire_le")) if date]
    capacity = data.get("capacite")
    unit = None
    if capacity and capacity["unite"].split():
        unit = stem(fold(capacity["unite"].split()[0]))
    where = place(record)
    return _Profile(
        record,
        data["categorie"],
        data["conditions"]["type"],
        period.get("debut"),
        min(ends) if ends else None,
        frozenset(theme.slug for theme in record.themes),
        keywords(f"{data['titre']} {data['resume']}"),
        unit,
        capacity["nombre"] if capacity else None,
        where,
        _commune(record),
    )


def _commune(record: Record) -> Record | None:
    """The record's commune, else its organisation's: known even without coordinates (same commune, band 0)."""
    if record.commune is not None:
        return record.commune
    return record.organisation.commune if record.organisation is not None else None


def terms_compatible(offer_terms: str, need_terms: str) -> bool:
    if offer_terms == "gratuit" or "a-definir" in (offer_terms, need_terms) or offer_terms == need_terms:
        return True
    return offer_terms in PAYING and need_terms in PAYING


def _window(offer: _Profile, need: _Profile, today: str) -> tuple[str | None, str | None] | None:
    """The dates both give that they share, or None when these never meet or are over by `today`.

    The window shown to readers only holds the records' own dates, never the build date:
    a suggestion reads the same whichever day the site is built.
    """
    starts = [date for date in (offer.start, need.start) if date]
    ends = [date for date in (offer.end, need.end) if date]
    start, end = (max(starts) if starts else None), (min(ends) if ends else None)
    if end is not None and (end < today or (start is not None and end < start)):
        return None
    return start, end


class _Bands:
    """Band of a pair of communes (0: the same; then by the distance between their centres).

    The communes of the near bands (0 to 2, within the last of BANDS_KM) come from a grid of commune
    centres, once a commune: their cost does not grow with the number of communes (a region has 1,300).
    """

    def __init__(self, communes: list[Record]):
        self.communes = communes
        self.grid = CommuneGrid(communes)
        self._cache: dict[tuple[int, int], int] = {}
        self._near: dict[int, tuple[list[list[Record]], frozenset[int]]] = {}
        self._points: dict[int, tuple[float, float, float] | None] = {}

    def band(self, first: Record | None, second: Record | None) -> int:
        if first is None or second is None:
            return UNKNOWN_BAND
        if first is second:
            return 0
        key = (id(first), id(second))
        if key not in self._cache:
            here, there = self._radians(first), self._radians(second)
            distance = None if here is None or there is None else haversine_km(here, there)  # unknown without coordinates
            self._cache[key] = self._cache[(id(second), id(first))] = self._of(distance)
        return self._cache[key]

    @staticmethod
    def _of(distance: float | None) -> int:
        return UNKNOWN_BAND if distance is None else 1 + sum(distance > limit for limit in BANDS_KM)

    def _radians(self, commune: Record):
        """A commune's centre `in_radians`, computed once (None without coordinates)."""
        if id(commune) not in self._points:
            centre = coordinates(commune)
            self._points[id(commune)] = None if centre is None else in_radians(*centre)
        return self._points[id(commune)]

    def near(self, commune: Record) -> tuple[list[list[Record]], frozenset[int]]:
        """The communes of bands 0 to len(BANDS_KM) around `commune` (itself first), and their ids."""
        if id(commune) not in self._near:
            bands: list[list[Record]] = [[commune]] + [[] for _ in BANDS_KM]
            centre = coordinates(commune)
            if centre is not None:
                # The grid measures with the same haversine as `band`: its distances fill the pairs' bands.
                for km, other in self.grid.nearest(*centre, len(self.communes), BANDS_KM[-1], exclude=commune):
                    found = self._cache[(id(commune), id(other))] = self._cache[(id(other), id(commune))] = self._of(km)
                    bands[found].append(other)
            self._near[id(commune)] = (bands, frozenset(id(other) for band in bands for other in band))
        return self._near[id(commune)]


@dataclass(eq=False)
class _Pair:
    """An offer that can meet a need, with what the reasons are made of."""

    offer: _Profile
    need: _Profile
    band: int
    themes: tuple[str, ...]
    words: tuple[str, ...]
    same_unit: bool
    distance: float | None
    window: tuple[str | None, str | None]

    def key(self, other: _Profile) -> tuple:
        signs = len(self.themes) + len(self.words) + self.same_unit
        return (self.band, -signs, round(self.distance, 3) if self.distance is not None else 0.0, other.record.slug)


def _evaluate(offer: _Profile, need: _Profile, today: str, bands: _Bands) -> _Pair | None:
    """The pair if `offer` can meet `need`, else None. Cheap tests first: most pairs stop early."""
    if offer.category != need.category or offer.record.organisation is need.record.organisation:
        return None
    if not terms_compatible(offer.terms, need.terms):
        return None
    window = _window(offer, need, today)
    if window is None:
        return None
    same_unit = offer.unit is not None and offer.unit == need.unit
    if offer.category in UNIT_NAMES_OBJECT and offer.unit and need.unit and not same_unit:
        return None
    themes = tuple(sorted(offer.themes & need.themes))
    words = tuple(written for word, written in need.words.items() if word in offer.words)
    if not (themes or words or same_unit):
        return None
    distance = distance_km(offer.place, need.place) if offer.place and need.place else None
    return _Pair(offer, need, bands.band(offer.commune, need.commune), themes, words, same_unit, distance, window)


def _reasons(pair: _Pair, labels: dict[str, str]) -> tuple[str, ...]:
    offer, need = pair.offer, pair.need
    reasons = []
    if pair.band == 0:
        reasons.append(f"même commune ({offer.commune.title})")
    elif pair.distance is None and offer.commune is not None and need.commune is not None:
        reasons.append(f"distance inconnue ({offer.commune.title} – {need.commune.title})")  # communes without coordinates
    elif pair.distance is None:
        reasons.append("lieu non précisé")
    elif offer.commune is not None and need.commune is not None:
        reasons.append(f"à {french_km(pair.distance)} ({offer.commune.title} – {need.commune.title})")
    else:
        reasons.append(f"à {french_km(pair.distance)}")
    if pair.themes:
        titles = ", ".join(theme.title for theme in need.record.themes if theme.slug in pair.themes)
        reasons.append(f"thème{'s' if len(pair.themes) > 1 else ''} en commun : {titles}")
    if pair.words:
        reasons.append(f"mot{'s' if len(pair.words) > 1 else ''} en commun : {', '.join(pair.words)}")
    if pair.same_unit:
        unit = need.record.data["capacite"]["unite"]
        offered, wanted = _number(offer.amount), _number(need.amount)
        if offer.amount >= need.amount:
            reasons.append(f"capacité suffisante : {offered} {unit} pour {wanted}")
        else:
            reasons.append(f"capacité partielle : {offered} {unit} sur {wanted}")
    if need.start or need.end:
        reasons.append(f"disponible aux dates voulues ({_period(*pair.window)})")
    if offer.terms == need.terms:
        reasons.append(f"mêmes conditions ({labels[offer.terms].lower()})")
    else:
        reasons.append(f"conditions compatibles (offre : {labels[offer.terms].lower()} ; besoin : {labels[need.terms].lower()})")
    return tuple(reasons)


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value}".replace(".", ",")


@lru_cache(maxsize=4096)
def _period(start: str | None, end: str | None) -> str:
    if start and end:
        return f"du {french_date(start)} au {french_date(end)}" if start != end else f"le {french_date(start)}"
    if start:
        return f"à partir du {french_date(start)}"
    return f"jusqu'au {french_date(end)}"


def match(directory: Directory, today: datetime.date, limit: int = 5, naive: bool = False) -> Matches:
    """Offers for each need and needs for each offer, `limit` at most each, best first."""
    labels = schemas.vocabulary("offer.schema.json")["conditions.type"]
    offers = [_profile(record) for record in directory.records["offer"] if is_current(record, today)]
    needs = [_profile(record) for record in directory.records["need"] if is_current(record, today)]
    bands = _Bands(directory.records["commune"])
    iso_today = today.isoformat()
    if naive:
        by_need, by_offer = _all_pairs(offers, needs, iso_today, bands)
    else:
        by_need = _nearest(needs, offers, limit, lambda need, offer: _evaluate(offer, need, iso_today, bands), bands, need_side=True)
        by_offer = _nearest(offers, needs, limit, lambda offer, need: _evaluate(offer, need, iso_today, bands), bands, need_side=False)
    written: dict[tuple[str, str], tuple[str, ...]] = {}  # reasons are written once per pair, and only if shown

    def best(pairs: list[_Pair], side: str) -> list[Suggestion]:
        other = (lambda pair: pair.offer) if side == "need" else (lambda pair: pair.need)
        chosen = sorted(pairs, key=lambda pair: pair.key(other(pair)))[:limit]
        found = []
        for pair in chosen:
            ids = (pair.offer.record.slug, pair.need.record.slug)
            if ids not in written:
                written[ids] = _reasons(pair, labels)
            found.append(Suggestion(other(pair).record, written[ids], pair.key(other(pair))))
        return found

    return Matches(
        {slug: best(pairs, "need") for slug, pairs in sorted(by_need.items()) if pairs},
        {slug: best(pairs, "offer") for slug, pairs in sorted(by_offer.items()) if pairs},
    )


def _all_pairs(offers, needs, today, bands):
    by_need: dict[str, list[_Pair]] = defaultdict(list)
    by_offer: dict[str, list[_Pair]] = defaultdict(list)
    for need in needs:
        for offer in offers:
            pair = _evaluate(offer, need, today, bands)
            if pair is not None:
                by_need[need.record.slug].append(pair)
                by_offer[offer.record.slug].append(pair)
    return by_need, by_offer


def _nearest(subjects, others, limit, evaluate, bands: _Bands, need_side: bool) -> dict[str, list[_Pair]]:
    """For each subject, the pairs of its `limit` best, visiting the others band by band: the communes of
    the near bands first (from the grid), then the others of its category beyond them, then those whose
    place is unknown; it stops after the first band that gives `limit` pairs (every later band ranks lower)."""
    index: dict[tuple, list[_Profile]] = defaultdict(list)
    by_terms: dict[tuple, list[_Profile]] = defaultdict(list)
    for other in others:
        index[(other.category, id(other.commune) if other.commune else None, other.terms)].append(other)
        by_terms[(other.category, other.terms)].append(other)
    terms = sorted({other.terms for other in others})
    result = {}
    for subject in subjects:
        if need_side:
            accepted = [term for term in terms if terms_compatible(term, subject.terms)]
        else:
            accepted = [term for term in terms if terms_compatible(subject.terms, term)]
        found: list[_Pair] = []

        def meet(candidates, subject=subject, found=found):
            for other in candidates:
                pair = evaluate(subject, other)
                if pair is not None:
                    found.append(pair)

        near_bands, near = bands.near(subject.commune) if subject.commune is not None else ([], frozenset())
        for communes in near_bands:
            meet(other for commune in communes for term in accepted for other in index.get((subject.category, id(commune), term), ()))
            if len(found) >= limit:
                break
        else:
            rest = [other for term in accepted for other in by_terms.get((subject.category, term), ())
                    if other.commune is None or id(other.commune) not in near]
            meet(other for other in rest if bands.band(subject.commune, other.commune) < UNKNOWN_BAND)
            if len(found) < limit:
                meet(other for other in rest if bands.band(subject.commune, other.commune) == UNKNOWN_BAND)
        result[subject.record.slug] = found
    return result
