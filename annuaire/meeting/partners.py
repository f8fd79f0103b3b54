"""Possible partners for the projects that look for partners (`recherche` lists `partenaires`).

An organisation is suggested when it is not a partner yet, is not dissolved,
shares at least one theme with the project and, when both say where they act,
is in one of the project's communes or within `max_km` of one. Organisations
that share the most themes come first, then the closest; those that do not say
where they are, last.

Organisations are indexed by theme: a project only meets those that share one, those
sharing the most themes first, and stops once it has enough. Reasons are only written
for the suggestions kept.
"""

from __future__ import annotations

from collections import defaultdict

from annuaire.meeting.geo import Place, distance_km, french_km, place
from annuaire.meeting.matching import Suggestion
from annuaire.records.lifecycle import is_dissolved
from annuaire.records.model import Directory, Record


def seeks_partners(project: Record) -> bool:
    return "partenaires" in project.data.get("recherche", ())


def suggest_partners(directory: Directory, limit: int = 5, max_km: float = 10.0, naive: bool = False) -> dict[str, list[Suggestion]]:
    organisations = [organisation for organisation in directory.records["organisation"] if not is_dissolved(organisation)]
    places = {id(organisation): place(organisation) for organisation in organisations}
    by_theme: dict[str, list[tuple[int, Record]]] = defaultdict(list)
    if not naive:
        for position, organisation in enumerate(organisations):
            for theme in organisation.themes:
                by_theme[theme.slug].append((position, organisation))
    result = {}
    for project in directory.records["project"]:
        if not seeks_partners(project):
            continue
        members = {id(partner.organisation) for partner in project.partners}
        themes = {theme.slug for theme in project.themes}
        communes = [(commune, where) for commune in project.communes if (where := place(commune, fallback_to_organisation=False))]

        def score(organisation, members=members, themes=themes, communes=communes):
            if id(organisation) in members:
                return None
            return _score(organisation, places[id(organisation)], themes, communes, max_km)

        if naive:
            scored = [item for item in map(score, organisations) if item is not None]
        else:
            scored = _most_themes_first(project, by_theme, score, limit)
        scored.sort(key=lambda item: item[0])
        result[project.slug] = [Suggestion(item[1], _reasons(project, *item[1:]), item[0]) for item in scored[:limit]]
    return result


def _most_themes_first(project, by_theme, score, limit):
    """Organisations sharing the most themes first, group by group, until `limit` fit:
    an organisation sharing fewer themes can only rank lower."""
    shared: dict[int, list] = {}
    for theme in project.themes:
        for position, organisation in by_theme.get(theme.slug, ()):
            shared.setdefault(position, [0, organisation])[0] += 1
    groups: dict[int, list] = defaultdict(list)
    for _position, (count, organisation) in sorted(shared.items()):
        groups[count].append(organisation)
    scored = []
    for count in sorted(groups, reverse=True):
        scored += [item for item in map(score, groups[count]) if item is not None]
        if len(scored) >= limit:
            break
    return scored


def _score(organisation: Record, where: Place | None, themes: set[str], communes, max_km: float):
    """(ordering key, organisation, place, closest commune, distance), or None when it does not fit."""
    shared = sum(theme.slug in themes for theme in organisation.themes)
    if not shared:
        return None
    closest, distance = None, None
    if where is not None and communes:
        if where.commune is not None and any(commune is where.commune for commune, _ in communes):
            closest, distance = where.commune, 0.0
        else:
            distance, closest = min(((distance_km(where, there), commune.slug), commune) for commune, there in communes)
            distance = distance[0]
            if distance > max_km:
                return None
    key = (-shared, distance is None, round(distance or 0.0, 3), organisation.slug)
    return key, organisation, where, closest, distance


def _reasons(project: Record, organisation: Record, where: Place | None, closest: Record | None, distance: float | None) -> tuple[str, ...]:
    shared = [theme for theme in project.themes if theme in organisation.themes]
    reasons = [f"thème{'s' if len(shared) > 1 else ''} en commun : {', '.join(theme.title for theme in shared)}"]
    if closest is None:
        reasons.append("commune non précisée" if where is None or where.commune is None else f"à {where.commune.title}")
    elif distance == 0.0 and where.commune is closest:
        reasons.append(f"dans une commune du projet ({closest.title})")
    else:
        town = where.commune.title if where.commune is not None else "sa position"
        reasons.append(f"à {french_km(distance)} d'une commune du projet ({town} – {closest.title})")
    return tuple(reasons)
