"""A drawing of the cooperation network, computed at build time: numbers, no markup.

Two columns: projects on the left, organisations on the right, and one curve
for each partnership, coloured and dashed by project (so that two projects
differ by more than their colour). The order of each column brings linked
nodes near each other: connected groups one after the other, then a few sweeps
of the barycentre method (each node moves to the mean position of its
neighbours), keeping the order with the fewest crossings. The longer column is
evenly spaced; each node of the other sits at the height of its neighbours, as
far as the spacing allows. Everything grows with the number of partnerships.

The template turns this into SVG (and escapes every label). The layout only
depends on the data: same input, same drawing.
"""

from __future__ import annotations

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
LABEL_MAX = 40
FONT_SIZE = 16
LABEL_GAP = 14  # between a node and its label
BAND = 340  # between the two columns, where the links run
ROW = 30  # vertical distance between two nodes of a column
TOP = 70  # room for the column headings
BOTTOM = 30
SWEEPS = 8
SQUARE = 14  # a project's square; an organisation is a circle of radius 6


@dataclass(frozen=True)
class Label:
    text: str
    x: float
    y: float
    anchor: str  # start or end


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
    width: int
    height: int
    headings: list[Label]
    projects: list[Node]
    organisations: list[Node]
    groups: list[Group]  # in the order of `Network.projects`

    @property
    def edges(self) -> list[Edge]:
        return [edge for group in self.groups for edge in group.edges]


def short_label(record: Record) -> str:
    """The acronym if there is one, else the name, cut at a word if too long."""
    text = record.data.get("sigle") or record.title
    if len(text) <= LABEL_MAX:
        return text
    cut = text[: LABEL_MAX - 1].rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:'’-") + "…"


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


def draw(net: Network) -> Drawing:
    projects, organisations = column_order(net)
    rows = max(len(projects), len(organisations), 1)
    project_labels = {id(record): short_label(record) for record in projects}
    organisation_labels = {id(record): short_label(record) for record in organisations}
    # Room for the longest label (or the column's heading) on each side, and a margin.
    left = _r(max(map(label_width, ["Projets", *project_labels.values()])) + LABEL_GAP + 20)
    right = left + BAND
    width = int(right + max(map(label_width, ["Organisations", *organisation_labels.values()])) + LABEL_GAP + 20)
    height = TOP + ROW * (rows - 1) + BOTTOM
    project_neighbours, organisation_neighbours = _neighbours(net, "project"), _neighbours(net, "organisation")
    if len(projects) > len(organisations):
        y_project = _evenly(projects)
        y_organisation = _near(organisations, organisation_neighbours, y_project, rows)
    else:
        y_organisation = _evenly(organisations)
        y_project = _near(projects, project_neighbours, y_organisation, rows)
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
    return Drawing(width, height, headings, project_nodes, organisation_nodes, groups)


def _node(record: Record, x: float, y: float, label: str, shift: float, anchor: str, colour: str) -> Node:
    """A node, with its label `shift` pixels to the side and aligned on the node's centre."""
    return Node(record, _r(x), _r(y), Label(label, _r(x + shift), _r(y + 5), anchor), colour)


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


def _evenly(column: list[Record]) -> dict[int, float]:
    return {id(record): TOP + ROW * index for index, record in enumerate(column)}


def _near(column, neighbours, placed, rows):
    """Each node at the mean height of its neighbours, in order, ROW apart at least, inside the drawing."""
    heights = []
    for record in column:
        wanted = sum(placed[id(other)] for other in neighbours[id(record)]) / len(neighbours[id(record)])
        heights.append(max(wanted, heights[-1] + ROW if heights else TOP))
    ceiling = TOP + ROW * (rows - 1)
    for index in range(len(heights) - 1, -1, -1):  # then up again from the bottom, as far as needed
        heights[index] = min(heights[index], ceiling)
        ceiling = heights[index] - ROW
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
