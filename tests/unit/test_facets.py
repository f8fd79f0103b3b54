"""What a listing's filter shows of a facet with many values."""

from __future__ import annotations

from annuaire.publish.facets import FacetValue, ShownValues
from annuaire.record_types import COMMUNE_FACET


def test_a_long_facet_shows_its_most_frequent_values_and_the_page_s_own_in_its_order():
    values = [FacetValue(COMMUNE_FACET, f"c{n}", f"C{n}", records=[None] * count) for n, count in enumerate([5, 1, 9, 1, 7, 3])]
    assert ShownValues(values, 6).on(None) == values
    assert [value.value for value in ShownValues(values, 3).on(None)] == ["c0", "c2", "c4"]  # 5, 9 and 7 records, in the facet's order
    assert [value.value for value in ShownValues(values, 3).on(values[3])] == ["c0", "c2", "c3", "c4"]
