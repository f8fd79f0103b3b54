"""Small maps of a page, drawn at build time as inline SVG: no script, no tiles, no request elsewhere.

- an organisation, an offer or a need: its point (its own coordinates, else its commune's centre, else
  its organisation's: the caption says which) among the centres of the nearest communes;
- a project: where its partners are, one dot per commune, its area by their number;
- a commune: itself, highlighted, among its neighbours, with the number of records there;
- a theme: the communes where it has current organisations, offers and needs, dot area by their
  number, the `THEME_COMMUNES` with the most drawn at most.

Every map is a frame with a scale bar, a few names placed where they overlap nothing, `role="img"` and a
text alternative; its caption says in words what the drawing shows. The cost of a page does not grow with
the number of communes: `CommuneGrid`, made once per build, finds a point's nearest communes among the
cells around it. Output is deterministic: fixed rounding, ties broken by slug.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from html import escape

from markupsafe import Markup

from annuaire.meeting.geo import KM_PER_DEGREE, ORGANISATION, ORGANISATION_COMMUNE, OWN, CommuneGrid, Place, coordinates, french_km, place
from annuaire.records.lifecycle import is_current
from annuaire.records.model import Record

WIDTH, HEIGHT = 320, 200  # the SVG's user units; CSS scales it to the column
NEIGHBOURS = 8  # communes drawn around a point
NEIGHBOUR_MAX_KM = 30.0  # none farther
MIN_HALF_KM = 1.5  # half the width of the smallest frame
THEME_COMMUNES = 60  # communes drawn at most on a theme's or a project's map
LABELS = 6  # names written at most
NAME_LENGTH = 30  # characters of a name written on the map, at most
FONT = 12  # px, in user units
SCALE_STRIP = 24  # user units at the bottom for the scale bar: no dot there
CHAR_WIDTH = 0.6 * FONT  # a generous average width of a character, to keep names apart
MARGIN = 3  # user units between a name and the frame or another name
MAP_TYPES = ("organisation", "offer", "need")  # the records of /carte/
QUERY_TYPES = {"organisation": "organisation", "offer": "offre", "need": "besoin"}  # as in points.json


@dataclass(frozen=True)
class Frame:
    """A local projection (equirectangular, true to scale at the centre) onto the SVG's box."""

    lat: float
    lon: float
    half_km: float  # half the width of the frame
    shift: float = 0  # user units the centre is drawn above the middle of the box

    @property
    def scale(self) -> float:
        """User units per km."""
        return WIDTH / (2 * self.half_km)

    def xy(self, lat: float, lon: float) -> tuple[float, float]:
        east = (lon - self.lon) * KM_PER_DEGREE * math.cos(math.radians(self.lat))
        north = (lat - self.lat) * KM_PER_DEGREE
        return WIDTH / 2 + east * self.scale, HEIGHT / 2 - self.shift - north * self.scale

    @classmethod
    def around(cls, points: list[tuple[float, float]], margin: float = 24) -> Frame:
        """The frame centred on the points' box that holds them all `margin` units inside its edges,
        and above the strip of the scale bar."""
        south, north = min(p[0] for p in points), max(p[0] for p in points)
        west, east = min(p[1] for p in points), max(p[1] for p in points)
        lat, lon = (south + north) / 2, (west + east) / 2
        width = (east - west) * KM_PER_DEGREE * math.cos(math.radians(lat))
        height = (north - south) * KM_PER_DEGREE
        room = HEIGHT - SCALE_STRIP - margin  # the height the points may take
        half = max(MIN_HALF_KM, width / 2 * WIDTH / (WIDTH - 2 * margin), height / 2 * WIDTH / room)
        return cls(lat, lon, half, shift=(SCALE_STRIP - margin) / 2)


def _number(value: float) -> str:
    """A coordinate as few bytes as it needs: one decimal, no trailing zero."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def scale_bar(frame: Frame) -> tuple[float, str]:
    """(length in user units, label) of a round distance near a quarter of the frame's width."""
    target = 2 * frame.half_km / 4
    nice = [base * 10**power for power in range(-1, 4) for base in (1, 2, 5)]
    km = max([value for value in nice if value <= target] or [nice[0]])
    label = f"{int(km * 1000)} m" if km < 1 else f"{km:g} km"
    return km * frame.scale, label


@dataclass(frozen=True)
class Spot:
    """A dot on a map: where, its name (written if there is room), its radius and its style (a CSS class)."""

    x: float
    y: float
    name: str
    radius: float
    style: str

    def __post_init__(self):
        object.__setattr__(self, "name", short(self.name))  # the caption has it whole


def short(name: str, length: int = NAME_LENGTH) -> str:
    """A name cut to `length` characters, « … » included, for the map."""
    return name if len(name) <= length else name[: length - 1].rstrip() + "…"


Box = tuple[float, float, float, float]
SIDES = ("right", "left", "above", "below")  # where a name goes, in this order of preference


def _overlaps(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def label_box(spot: Spot, side: str) -> tuple[Box, float, float, str]:
    """(box, x, y of the text, its anchor) of a name written on `side` of its dot."""
    width, gap = len(spot.name) * CHAR_WIDTH, spot.radius + 2
    if side == "right":
        x, y, anchor, left = spot.x + gap, spot.y + FONT * 0.35, "start", spot.x + gap
    elif side == "left":
        x, y, anchor, left = spot.x - gap, spot.y + FONT * 0.35, "end", spot.x - gap - width
    elif side == "above":
        x, y, anchor, left = spot.x, spot.y - gap - 2, "middle", spot.x - width / 2
    else:
        x, y, anchor, left = spot.x, spot.y + gap + FONT * 0.85, "middle", spot.x - width / 2
    top = y - FONT * 0.8
    return (left, top, left + width, top + FONT), x, y, anchor


def place_labels(spots: list[Spot], taken: list[Box], limit: int = LABELS, keep_first: bool = False) -> list[tuple[Spot, float, float, str]]:
    """Names of `spots`, in their order (the first matter most), each on the first side of its dot where
    it stays inside the frame and overlaps neither a name already placed, nor a box of `taken`, nor a dot.
    With `keep_first`, the first name is always written: over dots if it must, slid inside the frame if it must."""
    placed: list[tuple[Spot, float, float, str]] = []
    boxes = list(taken)
    dots = [(s.x - s.radius, s.y - s.radius, s.x + s.radius, s.y + s.radius) for s in spots]

    def fits(box: Box, avoid_dots: bool) -> bool:
        inside = box[0] >= MARGIN and box[1] >= MARGIN and box[2] <= WIDTH - MARGIN and box[3] <= HEIGHT - MARGIN
        grown = (box[0] - MARGIN, box[1] - 1, box[2] + MARGIN, box[3] + 1)
        return inside and not any(_overlaps(grown, other) for other in boxes) and not (avoid_dots and any(_overlaps(box, dot) for dot in dots))

    for number, spot in enumerate(spots):
        if len(placed) >= limit:
            break
        forced = keep_first and number == 0
        tries = [(side, True) for side in SIDES] + ([(side, False) for side in SIDES] if forced else [])
        for side, avoid_dots in tries:
            box, x, y, anchor = label_box(spot, side)
            if fits(box, avoid_dots):
                placed.append((spot, x, y, anchor))
                boxes.append(box)
                break
        else:
            if forced:  # too near an edge for any side: centred above or below, slid inside the frame
                box, x, y, anchor = label_box(spot, "above" if spot.y > HEIGHT / 2 else "below")
                slide = max(MARGIN - box[0], 0) - max(box[2] - (WIDTH - MARGIN), 0)
                placed.append((spot, x + slide, y, anchor))
                boxes.append((box[0] + slide, box[1], box[2] + slide, box[3]))
    return placed


def draw(frame: Frame, spots: list[Spot], alternative: str, labels: int = LABELS) -> Markup:
    """The SVG: frame, scale bar, dots (the first ones on top) and the names that fit."""
    length, distance = scale_bar(frame)
    bar_box = (0, HEIGHT - SCALE_STRIP, length + 24 + len(distance) * CHAR_WIDTH, HEIGHT)
    parts = [
        f'<svg viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{escape(alternative, quote=True)}">',
        f'<rect class="mm-frame" x=".5" y=".5" width="{WIDTH - 1}" height="{HEIGHT - 1}" rx="4"/>',
    ]
    # One group a style, the point on top; in a group, the first dots (the biggest) on top.
    for style in sorted({spot.style for spot in spots}, key=lambda name: (name == "mm-point", name)):
        circles = "".join(f'<circle cx="{round(s.x)}" cy="{round(s.y)}" r="{_number(s.radius)}"/>' for s in reversed(spots) if s.style == style)
        parts.append(f'<g class="{style}">{circles}</g>')
    for spot, x, y, anchor in place_labels(spots, [bar_box], labels, keep_first=bool(spots) and spots[0].style == "mm-point"):
        anchored = "" if anchor == "start" else f' text-anchor="{anchor}"'
        parts.append(f'<text class="mm-name{" mm-here" if spot.style == "mm-point" else ""}" x="{_number(x)}" y="{_number(y)}"{anchored}>{escape(spot.name, quote=True)}</text>')
    parts.append(f'<path class="mm-scale" d="M10 {HEIGHT - 10}v-4v4h{_number(length)}v-4"/>')
    parts.append(f'<text class="mm-name" x="{_number(14 + length)}" y="{HEIGHT - 10}">{distance}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


@dataclass(frozen=True)
class MiniMap:
    svg: Markup
    caption: str  # what the map shows, in words (plain text: the template escapes it)
    query: str = ""  # the place on /carte/: "?commune=guyancourt", "?offre=slug"; "": the whole map


def _plural(count: int, singular: str, plural: str = "") -> str:
    """« 1 fiche publiée », « 3 fiches publiées »: `plural` when the words do not just take an s."""
    return f"{count} {(plural or singular + 's') if count > 1 else singular}"


def _names(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " et " + items[-1]


def _source_caption(record: Record, where: Place) -> str:
    """Where the point comes from, as the map page says it (« Position approximative : ... »)."""
    town = where.commune.title if where.commune is not None else ""
    if where.source == OWN:
        return "Position indiquée par la fiche" + (f" (commune : {town})." if town else ".")
    if where.source == ORGANISATION:
        return f"Position de l'organisation {record.organisation.title}" + (f" (commune : {town})." if town else ".")
    if where.source == ORGANISATION_COMMUNE:
        return f"Position approximative : centre de la commune de l'organisation, {town}."
    return f"Position approximative : centre de la commune {_of(town)}."  # COMMUNE


def _of(town: str) -> str:
    """« de Guyancourt », « des Clayes-sous-Bois », « du Mesnil-Saint-Denis »: French contracts de + le, les."""
    for article, contracted in (("Les ", "des "), ("Le ", "du ")):
        if town.startswith(article):
            return contracted + town[len(article):]
    return "de " + town


class MiniMaps:
    """The small maps of a build's pages: `for_page(record)`, None where there is nothing to place."""

    def __init__(self, directory, today):
        self.today = today
        communes = directory.records.get("commune", [])
        self.grid = CommuneGrid(communes)
        self._state = (today.isoformat(), [(commune.slug, coordinates(commune)) for commune in communes])

    def __trace_state__(self):
        """What a map depends on besides the records it reads: the date and where the communes are. An
        incremental build compares this, not every map again (`annuaire.publish.page_cache`)."""
        return self._state

    def for_page(self, record: Record) -> MiniMap | None:
        kind = record.kind.name
        if kind in MAP_TYPES:
            return self.record_map(record)
        if kind == "project":
            return self.weighted_map(self._partner_communes(record), "partner")
        if kind == "commune":
            return self.commune_map(record)
        if kind == "theme":
            return self.weighted_map(self._theme_communes(record), "theme")
        return None

    # Around one point: a record, a commune.

    def _around(self, centre: tuple[float, float], exclude: Record | None) -> tuple[Frame, list[tuple[float, Record]]]:
        near = self.grid.nearest(centre[0], centre[1], NEIGHBOURS, NEIGHBOUR_MAX_KM, exclude=exclude)
        # The frame holds the point and its nearest communes, with room for the names.
        frame = Frame.around([centre] + [coordinates(commune) for _km, commune in near], margin=16)
        return frame, near

    def record_map(self, record: Record) -> MiniMap | None:
        where = place(record)
        if where is None:
            return None
        commune = where.commune
        centre = (where.lat, where.lon)
        # The record's commune, when the point is its centre, is the point itself.
        same = commune is not None and coordinates(commune) == centre
        frame, near = self._around(centre, commune if same else None)
        label = commune.title if commune is not None and same else (record.title if where.source == OWN else record.organisation.title)
        spots = [Spot(*frame.xy(*centre), label, 6, "mm-point")]
        spots += [Spot(*frame.xy(*coordinates(other)), other.title, 2.5, "mm-commune") for _km, other in near]
        caption = _source_caption(record, where)
        if near:
            caption += " Communes voisines : " + _names([f"{other.title} ({french_km(km)})" for km, other in near]) + "."
        alternative = f"Carte de situation : {label}" + (f", parmi {_plural(len(near), 'commune voisine', 'communes voisines')}" if near else "")
        query = ""
        if record.kind.name in QUERY_TYPES and is_current(record, self.today):
            query = f"?{QUERY_TYPES[record.kind.name]}={record.slug}"
        return MiniMap(draw(frame, spots, alternative), caption, query)

    def commune_map(self, commune: Record) -> MiniMap | None:
        centre = coordinates(commune)
        if centre is None:
            return None
        frame, near = self._around(centre, commune)
        related = {kind: [r for r in items if is_current(r, self.today)] for kind, items in commune.related.items()}
        count = sum(len(items) for items in related.values())
        label = f"{short(commune.title, NAME_LENGTH - len(str(count)) - 3)} ({count})"  # the number is never cut
        spots = [Spot(*frame.xy(*centre), label, 6, "mm-point")]
        spots += [Spot(*frame.xy(*coordinates(other)), other.title, 2.5, "mm-commune") for _km, other in near]
        caption = f"{commune.title}, en couleur : {_plural(count, 'fiche publiée', 'fiches publiées')} dans l'annuaire."
        if near:
            caption += " Communes voisines : " + _names([f"{other.title} ({french_km(km)})" for km, other in near]) + "."
        alternative = f"Carte de situation : {commune.title}, {_plural(count, 'fiche')}" + (f", parmi {_plural(len(near), 'commune voisine', 'communes voisines')}" if near else "")
        on_map = any(related.get(kind) for kind in MAP_TYPES)
        return MiniMap(draw(frame, spots, alternative), caption, f"?commune={commune.slug}" if on_map else "")

    # Counts by commune: a theme, a project's partners.

    def _theme_communes(self, theme: Record) -> Counter:
        counts: Counter = Counter()
        for kind in MAP_TYPES:
            for record in theme.related.get(kind, []):
                where = place(record) if is_current(record, self.today) else None
                if where is not None and where.commune is not None and coordinates(where.commune):
                    counts[where.commune] += 1
        return counts

    def _partner_communes(self, project: Record) -> Counter:
        counts: Counter = Counter()
        for partner in project.partners:
            where = place(partner.organisation)
            if where is not None and where.commune is not None and coordinates(where.commune):
                counts[where.commune] += 1
        return counts

    def weighted_map(self, counts: Counter, subject: str) -> MiniMap | None:
        if not counts:
            return None
        ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0].slug))
        shown = ranked[:THEME_COMMUNES]
        frame = Frame.around([coordinates(commune) for commune, _count in shown])
        top = shown[0][1]
        # Area by count: the radius grows as its square root, from 2 to 9 units.
        spots = [Spot(*frame.xy(*coordinates(commune)), commune.title, round(2 + 7 * math.sqrt(count / top), 1), "mm-count") for commune, count in shown]
        named = [f"{commune.title} ({count})" for commune, count in shown[:LABELS]]
        total = sum(counts.values())
        if subject == "theme":
            caption = f"{_plural(total, 'fiche')} de ce thème (organisations, offres et besoins) dans {_plural(len(counts), 'commune')}"
            caption += f" ; la carte montre les {len(shown)} qui en ont le plus, chaque disque à la mesure de leur nombre." if len(counts) > len(shown) else ", chaque disque à la mesure de leur nombre."
            alternative = f"Carte des communes de ce thème, {_plural(len(shown), 'disque')}"
        else:
            caption = f"{_plural(total, 'partenaire')} placé{'s' if total > 1 else ''} sur la carte, dans {_plural(len(counts), 'commune')}, chaque disque à la mesure de leur nombre."
            alternative = f"Carte des partenaires du projet, {_plural(len(shown), 'commune')}"
        caption += " Les plus nombreuses : " if len(named) > 1 else " "
        caption += _names(named) + "."
        return MiniMap(draw(frame, spots, alternative), caption)
