"""Gate: the cooperation drawing, in a real browser, on a phone (390 × 844) and a desktop (1280 px).

A phone gets the narrow drawing, which fits the screen (no horizontal scroll) with labels of 12 px
at least; a desktop gets the wide one, at its own size. On both, every label is whole (wrapped,
never cut), inside the drawing, and no two labels overlap; the drawing keeps its title and
description, and only one drawing is shown (and exposed) at a time.
"""

from __future__ import annotations

import pytest
from browser import browser, serve

from .chromium import DESKTOP, PHONE

# Each label of the visible drawing: its text, its box on the screen and its size in screen pixels.
LABELS = """() => {
  const svg = [...document.querySelectorAll('figure.network svg[role=img]')].find(s => s.getBoundingClientRect().width > 0);
  const frame = svg.getBoundingClientRect();
  const labels = [...svg.querySelectorAll('g.nodes text')].map(text => {
    const box = text.getBoundingClientRect();
    const size = parseFloat(getComputedStyle(text).fontSize) * text.getScreenCTM().a;
    return {text: [...text.querySelectorAll('tspan')].map(t => t.textContent).join(' ').replaceAll('- ', '-'),
            box: [box.left, box.top, box.right, box.bottom], size};
  });
  return {kind: svg.getAttribute('class'), frame: [frame.left, frame.top, frame.right, frame.bottom], labels};
}"""


@pytest.fixture(scope="module")
def site(built_site):
    with serve(built_site) as base, browser() as chromium:
        yield base, chromium


@pytest.mark.parametrize(("width", "kind", "smallest"), [(PHONE, "network-etroit", 12), (DESKTOP, "network-large", 16)],
                         ids=["telephone", "bureau"])
def test_the_drawing_fits_the_screen_with_whole_readable_labels(site, width, kind, smallest):
    base, chromium = site
    context = chromium.new_context(viewport={"width": width, "height": 844})
    try:
        tab = context.new_page()
        tab.goto(base + "cooperations/")
        assert tab.evaluate("document.documentElement.scrollWidth") <= width
        shown = tab.evaluate(LABELS)
        assert shown["kind"] == kind
        labels = shown["labels"]
        assert len(labels) == 20
        small = [(label["text"], round(label["size"], 1)) for label in labels if label["size"] < smallest]
        assert not small, small
        names = {label["text"] for label in labels}
        assert {"Groupement d'employeurs associatif de l'ouest (exemple)", "Partage de salariés entre e-graine et Bleu Oxygène Développement",
                "Tiers-lieu numérique et solidaire (exemple)", "Fondation Horizons Partagés (exemple)", "MGEN"} <= names
        assert not any("…" in name for name in names)
        left, top, right, bottom = shown["frame"]
        assert right <= width
        for label in labels:  # inside the drawing
            x1, y1, x2, y2 = label["box"]
            assert left <= x1 and x2 <= right and top <= y1 and y2 <= bottom, label
        boxes = [label["box"] for label in labels]
        overlapping = [(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1:]
                       if a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]]
        assert not overlapping
        # One drawing for assistive technologies too, named by its title.
        images = tab.get_by_role("img", name="Réseau des coopérations")
        assert images.count() == 1 and images.get_attribute("class") == kind
    finally:
        context.close()
