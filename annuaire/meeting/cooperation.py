"""The cooperation network: organisations and the projects they share.

The network is bipartite: its nodes are organisations and projects, and each
link is one partnership (an organisation taking part in a project), so it
grows with the number of partnerships, never with pairs of partners. A project
belongs to the network when it brings together at least two organisations.
The drawing and its text equivalent (the projects with their partners) list
exactly the same links; two organisations are partners when they share a
project of the network. A dissolved organisation keeps its links (its projects
keep it as a partner) but is no longer listed among those without a project.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from annuaire.records.lifecycle import is_dissolved
from annuaire.records.model import Directory, Partner, Record, sort_key


@dataclass
class Network:
    organisations: list[Record]  # those with at least one link, alphabetical
    projects: list[Record]  # those with at least two organisations, alphabetical
    links: list[Partner]  # one a partnership: by project, then by organisation, alphabetical
    isolated: list[Record]  # organisations without any link, dissolved ones aside
    _by_project: dict[int, list[Partner]] = field(default_factory=dict, repr=False)
    _by_organisation: dict[int, list[Partner]] = field(default_factory=dict, repr=False)

    def __post_init__(self):
        for link in self.links:
            self._by_project.setdefault(id(link.project), []).append(link)
            self._by_organisation.setdefault(id(link.organisation), []).append(link)

    def links_of(self, project: Record) -> list[Partner]:
        """A project's links, by organisation, alphabetical."""
        return self._by_project.get(id(project), [])

    def members(self, project: Record) -> list[Record]:
        """The organisations of a project, alphabetical."""
        return [link.organisation for link in self.links_of(project)]

    def projects_of(self, organisation: Record) -> list[Record]:
        """The projects of the network an organisation takes part in, alphabetical."""
        return [link.project for link in self._by_organisation.get(id(organisation), [])]

    def partners_of(self, organisation: Record) -> list[tuple[Record, list[Record]]]:
        """Organisations sharing a project with `organisation`, each with the projects shared (alphabetical)."""
        shared: dict[int, tuple[Record, list[Record]]] = {}
        for project in self.projects_of(organisation):
            for other in self.members(project):
                if other is not organisation:
                    shared.setdefault(id(other), (other, []))[1].append(project)
        return sorted(shared.values(), key=lambda item: sort_key(item[0]))

    def degree(self, organisation: Record) -> int:
        """The number of its links: the projects it takes part in."""
        return len(self._by_organisation.get(id(organisation), []))

    def busiest(self, links: int) -> Network:
        """The network of the projects with the most partners (the first in alphabetical order among
        equals), taken while their links number `links` at most (one project at least), and their
        organisations: what a page can draw when a département has hundreds of projects."""
        if len(self.links) <= links:
            return self
        ranked = sorted(self.projects, key=lambda project: (-len(self.links_of(project)), sort_key(project)))
        kept, total = set(), 0
        for project in ranked:
            count = len(self.links_of(project))
            if kept and total + count > links:
                continue  # a smaller project after it may still fit
            kept.add(id(project))
            total += count
        links = [link for link in self.links if id(link.project) in kept]
        linked = {id(link.organisation) for link in links}
        return Network(
            [record for record in self.organisations if id(record) in linked],
            [project for project in self.projects if id(project) in kept],
            links,
            self.isolated,
        )


def network(directory: Directory) -> Network:
    links = []
    for project in directory.records["project"]:
        if len({id(partner.organisation) for partner in project.partners}) >= 2:
            links += project.partners  # one role per organisation and project (checked when loading)
    links.sort(key=lambda link: (sort_key(link.project), sort_key(link.organisation)))
    linked = {id(link.organisation) for link in links} | {id(link.project) for link in links}
    organisations = directory.records["organisation"]
    return Network(
        [record for record in organisations if id(record) in linked],
        [project for project in directory.records["project"] if id(project) in linked],
        links,
        [record for record in organisations if id(record) not in linked and not is_dissolved(record)],
    )
