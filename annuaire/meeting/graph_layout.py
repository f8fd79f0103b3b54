"""A drawing of the cooperation network, computed at build time: numbers, no markup.

Two columns: projects on the left, organisations on the right, and one curve
for each partnership, coloured and dashed by project (so that two projects
differ by more than their colour). The order of each column brings linked
nodes near each other: connected groups one after the other, then a few sweeps
of the barycentre method (each node moves to the mean position of its
neighbours), keeping the order with the fewest crossings. The longer column is
evenly spaced; each node of the other sits at the height of its neighbours, as
far as the spacing allows. Everything grows with the number of partnerships.

Labels are never cut: a name too long for its column is wrapped at spaces and
after hyphens, on as many lines as it needs, and the nodes of a column are
spaced so that their labels never overlap. Two sizes: the wide drawing (for
desktops, names on two lines at most in practice) and the narrow one (for
phones: short lines, a narrow band, so that shown at the width of a phone its
labels stay at 12 px at least).

The template turns this into SVG (and escapes every label). The layout only
depends on the data: same input, same drawing.
"""

from __future__ import annotations

import re
import unicodedata
from collections import deque
from dataclasses import dataclass

from annuaire.meeting.cooperation import Network
from annuaire.records.model import Partner, Record

BACKGROUND = "#ffffff"
INK = "#1c2326"
# Link colours: each at least 4.5:1 against the white background (see `contrast_ratio`).
PALETTE = ("#0b5c59", "#a63d17", "#46307d", "#1d5a27", "#005a9c", "#8a2f7a", "#5c4400", "#b00040")
DASHES = ("", "10 5", "3 4")
FONT_SIZE = 16
LINE = 19  # between two lines of a label
LABEL_GAP = 14  # between a node and its label
ROW = 30  # vertical distance between two nodes of a column, at least
MARGIN = 20  # on the left and on the right


@dataclass(frozen=True)
class Size:
    """The room given to the drawing: the widest line of a label, and the band where the links run."""

    name: str
    line: float  # pixels
    band: float
    margin: float = MARGIN


WIDE = Size("large", line=340, band=300)
# Shown at 358 px (a 390 px phone less the page's margins), 16 becomes 12 px when the drawing is 477 wide at most.
NARROW = Size("etroit", line=180, band=64, margin=8)
PHONE_CONTENT = 358  # px: the drawing's width on a 390 px phone
TOP = 70  # room for the column headings
BOTTOM = 30
SWEEPS = 8
SQUARE = 14  # a project's square; an organisation is a circle of radius 6


@dataclass(frozen=True)
class Label:
    text: str  # the whole label
    x: float
    y: float  # the baseline of the first line
    anchor: str  # start or end
    lines: tuple[str, ...] = ()  # the label, wrapped; empty: one line, `text`

    @property
    def rows(self) -> tuple[str, ...]:
        return self.lines or (self.text,)

    @property
    def width(self) -> float:
        return max(map(label_width, self.rows))


@dataclass(frozen=True)
class Node:
    record: Record
    x: float
    y: float
    label: Label
    colour: str  # a project's colour; organisations are drawn in INK

    @property
    def corner(self) -> tuple[float, float]:
        """The top left corner of a project's square, SQUARE wide, around the node."""
        return _r(self.x - SQUARE / 2), _r(self.y - SQUARE / 2)


@dataclass(frozen=True)
class Edge:
    link: Partner
    path: str


@dataclass(frozen=True)
class Style:
    project: Record
    colour: str
    dash: str


@dataclass(frozen=True)
class Group:
    """A project's links, drawn with its colour and dash."""

    style: Style
    edges: list[Edge]


@dataclass(frozen=True)
class Drawing:
    size: Size
    width: int
    height: int
    headings: list[Label]
    projects: list[Node]
    organisations: list[Node]
    groups: list[Group]  # in the order of `Network.projects`
    line: int = LINE  # between two lines of a label

    @property
    def edges(self) -> list[Edge]:
        return [edge for group in self.groups for edge in group.edges]


def short_label(record: Record) -> str:
    """The acronym if there is one, else the whole name (never cut: `wrap` puts it on several lines)."""
    return record.data.get("sigle") or record.title


def wrap(text: str, width: float) -> tuple[str, ...]:
    """`text` on lines of `width` pixels at most (estimated), cut at spaces and after hyphens; a longer word alone."""
    lines: list[str] = []
    for word in _pieces(text):
        joined = lines[-1] + word if lines else word.lstrip()
        if lines and label_width(joined) <= width:
            lines[-1] = joined
        else:
            lines.append(word.lstrip())
    return tuple(lines) or ("",)


def _pieces(text: str) -> list[str]:
    """The words of `text`, each with the space before it; after a hyphen too, between parts of 3 letters or more."""
    pieces = []
    for match in re.finditer(r"\s*\S+", text):
        parts = match.group().split("-")
        piece = parts[0]
        for part in parts[1:]:
            if len(piece.strip()) >= 3 and len(part) >= 3 and piece[-1:].isalpha() and part[:1].isalpha():
                pieces.append(piece + "-")
                piece = part
            else:
                piece += "-" + part
        pieces.append(piece)
    return pieces


def label_width(text: str) -> float:
    """A generous estimate of a label's width in pixels (no font at build time): wide characters count double."""
    em = 0.0
    for char in text:
        if unicodedata.combining(char) or unicodedata.category(char) in ("Cf", "Mn", "Me"):
            continue
        em += 1.0 if unicodedata.east_asian_width(char) in ("W", "F") else 0.62
    return em * FONT_SIZE


def styles(net: Network) -> list[Style]:
    """Each project's colour and dash, in alphabetical order of the projects."""
    return [
        Style(project, PALETTE[index % len(PALETTE)], DASHES[index % len(DASHES)])
        for index, project in enumerate(net.projects)
    ]


def column_order(net: Network) -> tuple[list[Record], list[Record]]:
    """Projects and organisations, each in the order of its column."""
    project_neighbours, organisation_neighbours = _neighbours(net, "project"), _neighbours(net, "organisation")
    group = _groups(net)
    projects, organisations = _initial_order(net, group)
    best = (crossings(net, projects, organisations), projects, organisations)
    for _sweep in range(SWEEPS):
        organisations = _by_barycentre(organisations, projects, organisation_neighbours, group)
        projects = _by_barycentre(projects, organisations, project_neighbours, group)
        count = crossings(net, projects, organisations)
        if count < best[0]:
            best = (count, projects, organisations)
    return best[1], best[2]


def crossings(net: Network, projects: list[Record], organisations: list[Record]) -> int:
    """How many pairs of links cross when the columns are in these orders (a Fenwick tree: n log n)."""
    p = {id(record): index for index, record in enumerate(projects)}
    o = {id(record): index for index, record in enumerate(organisations)}
    by_project: dict[int, list[int]] = {}
    for link in net.links:
        by_project.setdefault(p[id(link.project)], []).append(o[id(link.organisation)])
    tree, total, count = [0] * (len(organisations) + 1), 0, 0
    for project in sorted(by_project):
        # Links of earlier projects that end lower cross this project's links (never each other).
        for position in by_project[project]:
            count += total - _prefix(tree, position + 1)
        for position in by_project[project]:
            index = position + 1
            while index < len(tree):
                tree[index] += 1
                index += index & -index
            total += 1
    return count


def _prefix(tree: list[int], index: int) -> int:
    """How many positions below `index` were added to the Fenwick tree."""
    found = 0
    while index > 0:
        found += tree[index]
        index -= index & -index
    return found


def draw(net: Network, size: Size = WIDE) -> Drawing:
    projects, organisations = column_order(net)
    project_labels = {id(record): wrap(short_label(record), size.line) for record in projects}
    organisation_labels = {id(record): wrap(short_label(record), size.line) for record in organisations}

    def widest(heading, labels):
        return max(label_width(line) for line in [heading, *(line for lines in labels.values() for line in lines)])

    # Room for the longest line (or the column's heading) on each side, and a margin.
    left = _r(widest("Projets", project_labels) + LABEL_GAP + size.margin)
    right = left + size.band
    width = int(right + widest("Organisations", organisation_labels) + LABEL_GAP + size.margin)
    project_neighbours, organisation_neighbours = _neighbours(net, "project"), _neighbours(net, "organisation")
    project_lines = {key: len(lines) for key, lines in project_labels.items()}
    organisation_lines = {key: len(lines) for key, lines in organisation_labels.items()}
    if len(projects) > len(organisations):
        y_project = _evenly(projects, project_lines)
        y_organisation = _near(organisations, organisation_neighbours, y_project, organisation_lines, max(y_project.values()))
    else:
        y_organisation = _evenly(organisations, organisation_lines)
        y_project = _near(projects, project_neighbours, y_organisation, project_lines, max(y_organisation.values(), default=TOP))
    lowest = [y + _extent(project_lines[key]) for key, y in y_project.items()]
    lowest += [y + _extent(organisation_lines[key]) for key, y in y_organisation.items()]
    height = int(max(lowest, default=TOP) + BOTTOM)
    legend = styles(net)
    colour = {id(style.project): style.colour for style in legend}
    project_nodes = [
        _node(record, left, y_project[id(record)], project_labels[id(record)], -LABEL_GAP, "end", colour[id(record)])
        for record in projects
    ]
    organisation_nodes = [
        _node(record, right, y_organisation[id(record)], organisation_labels[id(record)], LABEL_GAP, "start", INK)
        for record in organisations
    ]
    rank = {id(record): index for index, record in enumerate(organisations)}
    groups = []
    for style in legend:
        start = (left, y_project[id(style.project)])
        links = sorted(net.links_of(style.project), key=lambda link: rank[id(link.organisation)])
        groups.append(Group(style, [Edge(link, _curve(start, (right, y_organisation[id(link.organisation)]))) for link in links]))
    headings = [Label("Projets", _r(left - LABEL_GAP), TOP - 40, "end"), Label("Organisations", _r(right + LABEL_GAP), TOP - 40, "start")]
    return Drawing(size, width, height, headings, project_nodes, organisation_nodes, groups)


def label_size(drawing: Drawing, shown: float = PHONE_CONTENT) -> float:
    """The size of the labels, in pixels, when the drawing is shown `shown` pixels wide."""
    return FONT_SIZE * shown / drawing.width


def _node(record: Record, x: float, y: float, lines: tuple[str, ...], shift: float, anchor: str, colour: str) -> Node:
    """A node, with its label `shift` pixels to the side, its lines centred on the node's height."""
    first = y + 5 - (len(lines) - 1) * LINE / 2
    return Node(record, _r(x), _r(y), Label(" ".join(lines), _r(x + shift), _r(first), anchor, lines), colour)


def _extent(lines: int) -> float:
    """How far a label of `lines` lines reaches above (or below) its node's centre."""
    return max(ROW / 2, (lines - 1) * LINE / 2 + FONT_SIZE / 2 + 4)


def _gap(above: int, below: int) -> float:
    """The distance between two nodes of a column whose labels have these numbers of lines."""
    return max(ROW, _extent(above) + _extent(below))


def _groups(net: Network) -> dict[int, int]:
    """The connected group of each node (projects and organisations), numbered largest first."""
    neighbours = {**_neighbours(net, "project"), **_neighbours(net, "organisation")}
    rank = {id(record): index for index, record in enumerate(net.projects + net.organisations)}
    found, seen = [], set()
    for record in net.projects:
        if id(record) in seen:
            continue
        members, queue = [], [record]
        seen.add(id(record))
        while queue:
            current = queue.pop()
            members.append(current)
            for other in neighbours[id(current)]:
                if id(other) not in seen:
                    seen.add(id(other))
                    queue.append(other)
        found.append(members)
    found.sort(key=lambda members: (-len(members), min(rank[id(item)] for item in members)))
    return {id(item): number for number, members in enumerate(found) for item in members}


def _initial_order(net: Network, group: dict[int, int]) -> tuple[list[Record], list[Record]]:
    """Breadth-first from the project with most partners of each group, groups largest first."""
    neighbours = {**_neighbours(net, "project"), **_neighbours(net, "organisation")}
    rank = {id(record): index for index, record in enumerate(net.projects + net.organisations)}
    projects, organisations, seen = [], [], set()
    starts = sorted(net.projects, key=lambda record: (group[id(record)], -len(neighbours[id(record)]), rank[id(record)]))
    for start in starts:
        if id(start) in seen:
            continue
        seen.add(id(start))
        queue = deque([start])
        while queue:
            current = queue.popleft()
            (projects if current.kind.name == "project" else organisations).append(current)
            for other in sorted(neighbours[id(current)], key=lambda item: (-len(neighbours[id(item)]), rank[id(item)])):
                if id(other) not in seen:
                    seen.add(id(other))
                    queue.append(other)
    return projects, organisations


def _neighbours(net: Network, side: str) -> dict[int, list[Record]]:
    if side == "project":
        return {id(project): net.members(project) for project in net.projects}
    return {id(organisation): net.projects_of(organisation) for organisation in net.organisations}


def _by_barycentre(column, other_column, neighbours, group):
    """`column` sorted by group, then by the mean position of each node's neighbours in `other_column`."""
    position = {id(record): index for index, record in enumerate(other_column)}
    previous = {id(record): index for index, record in enumerate(column)}

    def key(record):
        places = [position[id(other)] for other in neighbours[id(record)]]
        return (group[id(record)], sum(places) / len(places), previous[id(record)])

    return sorted(column, key=key)


def _evenly(column: list[Record], lines: dict[int, int]) -> dict[int, float]:
    """One node under the other, as close as their labels allow."""
    heights: dict[int, float] = {}
    y, previous = float(TOP), None
    for record in column:
        if previous is not None:
            y += _gap(lines[id(previous)], lines[id(record)])
        heights[id(record)] = y
        previous = record
    return heights


def _near(column, neighbours, placed, lines, bottom):
    """Each node at the mean height of its neighbours, in order, far enough apart, inside the drawing."""
    heights = []
    for index, record in enumerate(column):
        wanted = sum(placed[id(other)] for other in neighbours[id(record)]) / len(neighbours[id(record)])
        lowest = heights[-1] + _gap(lines[id(column[index - 1])], lines[id(record)]) if heights else TOP
        heights.append(max(wanted, lowest))
    ceiling = max(bottom, TOP + sum(_gap(lines[id(a)], lines[id(b)]) for a, b in zip(column, column[1:])))
    for index in range(len(heights) - 1, -1, -1):  # then up again from the bottom, as far as needed
        heights[index] = min(heights[index], ceiling)
        if index:
            ceiling = heights[index] - _gap(lines[id(column[index - 1])], lines[id(column[index])])
    return {id(record): y for record, y in zip(column, heights)}


def _curve(start, end):
    """A horizontal S-curve from `start` (left) to `end` (right)."""
    (x1, y1), (x2, y2) = start, end
    middle = (x1 + x2) / 2
    return f"M{_r(x1)} {_r(y1)}C{_r(middle)} {_r(y1)} {_r(middle)} {_r(y2)} {_r(x2)} {_r(y2)}"


def _r(value: float) -> float | int:
    value = round(value, 1) + 0.0  # no "-0.0"
    return int(value) if value.is_integer() else value


def contrast_ratio(foreground: str, background: str = BACKGROUND) -> float:
    """WCAG 2 contrast ratio of two #rrggbb colours."""

    def luminance(colour):
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)
