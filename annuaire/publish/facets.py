"""Values of a listing's filters, with counts: the static counterpart of search facets."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from annuaire.record_types import Facet
from annuaire.records import schemas
from annuaire.records.lifecycle import ACCESS_VALUES, access
from annuaire.records.model import Directory, Record


def access_labels() -> dict[str, str]:
    """French labels of the « Accès » values: the schema's for « gratuit »."""
    free = schemas.vocabulary("offer.schema.json")["conditions.type"]["gratuit"]
    return dict(zip(ACCESS_VALUES, (free, "Disponible maintenant"), strict=True))


@dataclass
class FacetValue:
    facet: Facet
    value: str
    label: str
    records: list[Record] = field(default_factory=list)
    url: str = ""  # filter page, set by the page writer

    @property
    def count(self) -> int:
        return len(self.records)


def facet_values(
    records: list[Record], facet: Facet, directory: Directory, labels: dict[str, str], today: datetime.date | None = None,
) -> list[FacetValue]:
    """Values of `facet` found in `records`, in the order a reader expects.

    Closed lists keep the schema's order; references (themes, communes) follow
    the reference list, which is sorted by name. A derived facet (« Accès ») takes
    its values from `lifecycle.access` on `today`.
    """
    if facet.derived:
        order = list(access_labels().items())
    elif facet.reference:
        order = [(item.slug, item.title) for item in directory.records[facet.reference]]
    else:
        order = list(labels.items())
    by_value = {value: FacetValue(facet, value, label) for value, label in order}
    for record in records:
        raw = access(record.data, today) if facet.derived else record.data.get(facet.field)
        for value in raw if isinstance(raw, list) else ([raw] if raw else []):
            by_value[value].records.append(record)
    return [item for item in by_value.values() if item.records]


class ShownValues:
    """What a listing's filter shows of a facet on each of its pages: every value when they are `limit`
    or fewer, else the `limit` values with the most records (and the page's own), in the facet's order.

    A département has hundreds of communes: each of its listing pages would repeat them all (the whole
    list stays on the reference list's index, which the filter links to). The most frequent are ranked
    once: a region's 1,300 communes have as many filter pages."""

    def __init__(self, values: list[FacetValue], limit: int):
        self.values = values
        self.order = {id(value): position for position, value in enumerate(values)}
        if len(values) <= limit:
            self.top = values
        else:
            most = sorted(values, key=lambda value: -value.count)[:limit]
            self.top = sorted(most, key=lambda value: self.order[id(value)])

    def on(self, selected: FacetValue | None) -> list[FacetValue]:
        """The values shown on the page filtered on `selected` (None: the whole listing)."""
        if self.top is self.values or selected is None or id(selected) not in self.order or any(value is selected for value in self.top):
            return self.top
        return sorted([*self.top, selected], key=lambda value: self.order[id(value)])
