"""axe-core and a reflow check, run in Chromium on one page of every template at a phone's and a desktop's width.

The page is loaded once at the first width, axe-core (node_modules, pinned in package.json)
is injected, then the viewport is resized for each width and both checks run again. The
visits also record requests, console errors and dialogs (see chromium.py): the page weight
gate reads what Chromium loaded from the same visits.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .chromium import DESKTOP, PHONE

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
WIDTHS = (PHONE, DESKTOP)

RUN_AXE = """async (tags) => {
  const results = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
  return results.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ' : ' + n.failureSummary.split('\\n').slice(0, 2).join(' ')),
  }));
}"""

# WCAG 1.4.10 (reflow): elements that stick out of the viewport, by their box or by the text
# that spills out of it, without a scrolling ancestor to hold them.
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  if (document.scrollingElement.scrollWidth <= width) return [];
  const out = [];
  for (const element of document.body.querySelectorAll('*')) {
    const box = element.getBoundingClientRect();
    const right = Math.max(box.right, box.left + element.scrollWidth);
    if (box.width === 0 || right <= width + 1) continue;
    let parent = element.parentElement, held = false;
    while (parent && parent !== document.body) {
      if (getComputedStyle(parent).overflowX !== 'visible') { held = true; break; }
      parent = parent.parentElement;
    }
    if (!held) out.push(element.tagName.toLowerCase() + (element.className ? '.' + element.className : '') + ' : ' + Math.round(right) + ' px');
  }
  return out.slice(0, 5).concat(['largeur de la page : ' + document.scrollingElement.scrollWidth + ' px pour ' + width]);
}"""


def axe_source() -> str:
    if not AXE.is_file():
        pytest.skip("node_modules/axe-core is missing: run `npm ci` (make setup)")
    return AXE.read_text("utf-8")


def make_probe(source: str, widths=WIDTHS):
    """A probe for chromium.visit_all: {width: {"violations": [...], "overflow": [...]}}."""

    async def probe(page, visit):
        await page.add_script_tag(content=source)
        found = {}
        for width in widths:
            await page.set_viewport_size({"width": width, "height": 800})
            found[width] = {"violations": await page.evaluate(RUN_AXE, WCAG_TAGS), "overflow": await page.evaluate(OVERFLOW)}
        return found

    return probe
