"""A drawing of the cooperation network, computed at build time: numbers, no markup.

Organisations sit on a circle, in the order of `cooperation.circle_order`;
each link is a curve bent towards the centre, coloured and dashed by project
(so that two projects differ by more than their colour).
The template turns this into SVG (and escapes every label). The layout only
depends on the data: same input, same drawing.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

from .cooperation import Link, Network, circle_order
from .model import Record

BACKGROUND = "#ffffff"
INK = "#1c2326"
# Link colours: each at least 4.5:1 against the white background (see `contrast_ratio`).
PALETTE = ("#0b5c59", "#a63d17", "#46307d", "#1d5a27", "#005a9c", "#8a2f7a", "#5c4400", "#b00040")
DASHES = ("", "10 5", "3 4")
LABEL_MAX = 40
MARGIN_X = 300  # room for labels on both sides
MARGIN_Y = 60


@dataclass(frozen=True)
class Node:
    record: Record
    x: float
    y: float
    label: str
    label_x: float
    label_y: float
    anchor: str  # start, middle or end


@dataclass(frozen=True)
class Edge:
    link: Link
    path: str
    colour: str
    dash: str


@dataclass(frozen=True)
class Style:
    project: Record
    colour: str
    dash: str


@dataclass(frozen=True)
class Drawing:
    width: int
    height: int
    nodes: list[Node]
    edges: list[Edge]
    legend: list[Style]


def short_label(record: Record) -> str:
    """The acronym if there is one, else the name, cut at a word if too long."""
    text = record.data.get("sigle") or record.title
    if len(text) <= LABEL_MAX:
        return text
    cut = text[: LABEL_MAX - 1].rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:'’-") + "…"


def draw(net: Network) -> Drawing:
    order = circle_order(net)
    count = len(order)
    radius = max(200.0, 3.2 * count)
    width, height = int(2 * (radius + MARGIN_X)), int(2 * (radius + MARGIN_Y))
    cx, cy = width / 2, height / 2
    nodes, positions = [], {}
    for index, record in enumerate(order):
        angle = -math.pi / 2 + 2 * math.pi * index / max(count, 1)
        cos, sin = math.cos(angle), math.sin(angle)
        x, y = cx + radius * cos, cy + radius * sin
        positions[id(record)] = (x, y)
        anchor = "start" if cos > 0.25 else "end" if cos < -0.25 else "middle"
        label_x = cx + (radius + 12) * cos
        label_y = cy + (radius + 12) * sin + (5 if anchor != "middle" else (18 if sin > 0 else -8))
        nodes.append(Node(record, _r(x), _r(y), short_label(record), _r(label_x), _r(label_y), anchor))
    legend = [
        Style(project, PALETTE[index % len(PALETTE)], DASHES[index % len(DASHES)])
        for index, project in enumerate(net.projects)
    ]
    style = {id(item.project): item for item in legend}
    parallel: dict[tuple[int, int], list[Link]] = defaultdict(list)
    for link in net.links:
        parallel[(id(link.first), id(link.second))].append(link)
    edges = []
    for link in net.links:
        siblings = parallel[(id(link.first), id(link.second))]
        offset = 26 * (siblings.index(link) - (len(siblings) - 1) / 2)
        path = _curve(positions[id(link.first)], positions[id(link.second)], (cx, cy), offset)
        item = style[id(link.project)]
        edges.append(Edge(link, path, item.colour, item.dash))
    return Drawing(width, height, nodes, edges, legend)


def _curve(start, end, centre, offset):
    """A quadratic curve from `start` to `end`, bent towards `centre`, shifted sideways by `offset`."""
    (x1, y1), (x2, y2), (cx, cy) = start, end, centre
    mx, my = (x1 + x2) / 2, (y1 + y2) / 2
    qx, qy = cx + (mx - cx) * 0.55, cy + (my - cy) * 0.55
    length = math.hypot(x2 - x1, y2 - y1) or 1.0
    nx, ny = -(y2 - y1) / length, (x2 - x1) / length
    qx, qy = qx + nx * offset, qy + ny * offset
    return f"M {_r(x1)} {_r(y1)} Q {_r(qx)} {_r(qy)} {_r(x2)} {_r(y2)}"


def _r(value: float) -> float:
    return round(value, 1) + 0.0  # no "-0.0"


def contrast_ratio(foreground: str, background: str = BACKGROUND) -> float:
    """WCAG 2 contrast ratio of two #rrggbb colours."""

    def luminance(colour):
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)
