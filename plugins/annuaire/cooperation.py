"""The cooperation network: organisations linked when they share a project.

One link per pair of organisations and per project they share, so that the
drawing and its text equivalent (a table of links) list exactly the same thing.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from itertools import combinations

from .model import Directory, Record, _sort_key


@dataclass(frozen=True)
class Link:
    first: Record  # the two organisations, in alphabetical order
    second: Record
    project: Record


@dataclass
class Network:
    organisations: list[Record]  # those with at least one link, alphabetical
    links: list[Link]
    projects: list[Record]  # projects with at least one link, alphabetical
    isolated: list[Record]  # organisations without any link

    def partners_of(self, organisation: Record) -> list[tuple[Record, list[Record]]]:
        """Organisations sharing a project with `organisation`, each with the projects shared."""
        shared: dict[int, tuple[Record, list[Record]]] = {}
        for link in self.links:
            if organisation in (link.first, link.second):
                other = link.second if link.first is organisation else link.first
                shared.setdefault(id(other), (other, []))[1].append(link.project)
        return sorted(shared.values(), key=lambda item: _sort_key(item[0]))

    def degree(self, organisation: Record) -> int:
        return sum(organisation in (link.first, link.second) for link in self.links)


def network(directory: Directory) -> Network:
    links = []
    for project in directory.records["project"]:
        members = sorted({id(p.organisation): p.organisation for p in project.partners}.values(), key=_sort_key)
        links += [Link(first, second, project) for first, second in combinations(members, 2)]
    links.sort(key=lambda link: (_sort_key(link.first), _sort_key(link.second), _sort_key(link.project)))
    linked = {id(record) for link in links for record in (link.first, link.second)}
    organisations = directory.records["organisation"]
    projects_linked = {id(link.project) for link in links}
    return Network(
        [record for record in organisations if id(record) in linked],
        links,
        [project for project in directory.records["project"] if id(project) in projects_linked],
        [record for record in organisations if id(record) not in linked],
    )


def circle_order(net: Network) -> list[Record]:
    """Organisations in an order that keeps linked ones side by side on a circle.

    Connected groups one after the other, largest first; inside a group, a
    breadth-first walk from its best-connected organisation. Ties are broken
    alphabetically, so the order only depends on the data.
    """
    neighbours: dict[int, list[Record]] = defaultdict(list)
    for link in net.links:
        neighbours[id(link.first)].append(link.second)
        neighbours[id(link.second)].append(link.first)
    rank = {id(record): position for position, record in enumerate(net.organisations)}
    seen: set[int] = set()
    groups = []
    for record in net.organisations:
        if id(record) in seen:
            continue
        group, queue = [], [record]
        seen.add(id(record))
        while queue:
            current = queue.pop(0)
            group.append(current)
            for other in sorted(neighbours[id(current)], key=lambda item: rank[id(item)]):
                if id(other) not in seen:
                    seen.add(id(other))
                    queue.append(other)
        groups.append(group)
    ordered = []
    for group in sorted(groups, key=lambda group: (-len(group), rank[id(group[0])])):
        start = min(group, key=lambda item: (-len(neighbours[id(item)]), rank[id(item)]))
        ordered += _walk(start, group, neighbours, rank)
    return ordered


def _walk(start, group, neighbours, rank):
    members = {id(item) for item in group}
    order, seen, queue = [], {id(start)}, [start]
    while queue:
        current = queue.pop(0)
        order.append(current)
        for other in sorted(neighbours[id(current)], key=lambda item: (-len(neighbours[id(item)]), rank[id(item)])):
            if id(other) in members and id(other) not in seen:
                seen.add(id(other))
                queue.append(other)
    return order
