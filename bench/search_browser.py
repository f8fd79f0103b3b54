"""Time to the first search result in headless Chromium, for `make bench`.

Builds the whole site of a data folder, serves it on loopback, opens the
search page with a query, and records when the first result is in the page
(performance.now(), from the start of navigation). The baseline, in the same
browser and run: fetching, parsing and loading the naive lunr.py index.
"""

from __future__ import annotations

import shutil
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

FIRST_RESULT = """
window.__firstResult = null;
new MutationObserver(function (changes, observer) {
  var list = document.getElementById('search-results');
  if (list && list.children.length && window.__firstResult === null) {
    window.__firstResult = performance.now();
    observer.disconnect();
  }
}).observe(document, {subtree: true, childList: true});
"""

NAIVE_LOAD = """async (url) => {
  const start = performance.now();
  const index = lunr.Index.load(await (await fetch(url)).json());
  index.search('salle');
  return performance.now() - start;
}"""


def first_result_ms(site: Path, naive_index: Path, query: str = "salle", runs: int = 5) -> dict:
    from browser import browser, serve

    shutil.copyfile(naive_index, site / "naive-bench.json")
    ours, naive = [], []
    with serve(site) as base, browser() as chromium:
        for _ in range(runs):
            context = chromium.new_context()  # a cold cache each time
            page = context.new_page()
            page.add_init_script(FIRST_RESULT)
            page.goto(f"{base}recherche/?q={query}")
            page.wait_for_function("window.__firstResult !== null", timeout=60000)
            ours.append(page.evaluate("window.__firstResult"))
            naive.append(page.evaluate(NAIVE_LOAD, f"{base}naive-bench.json"))
            context.close()
    return {"ours_ms": statistics.median(ours), "naive_ms": statistics.median(naive)}
