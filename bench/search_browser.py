"""Time to the first search result in headless Chromium, for `make bench`.

The built site is served on loopback by a static server in its own process
(static_server.py: HTTP/1.1 and no Nagle delay, as a host would; not in the
process that drives the browser, where it would wait for the same interpreter
lock). Each page is opened in a fresh
browser context (cold cache), several times, the pages in turn; the figure is
the median of the time from the start of navigation (performance.now()) to the
first result in the page. Measured in the same run:

- ours: the search page with a query, ?q=salle;
- naive: a page that loads lunr.js, fetches the naive lunr.py index, loads it,
  searches and lists the references: the usual static-site search;
- floor: the time this browser takes to show a plain page of the same site
  (DOMContentLoaded of the about page), which no search can beat.

Each page's own DOMContentLoaded is noted too, for the time from there to its
first result: what the search does once its page is ready.
"""

from __future__ import annotations

import contextlib
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Run in each page before its own scripts. The time goes out through the console, not through
# polling from Playwright, which would run its own scripts in the page while it is measured.
MILESTONES = """
new MutationObserver(function (changes, observer) {
  var list = document.getElementById('search-results');
  if (list && list.children.length) {
    console.log('annuaire-first-result ' + performance.now());
    observer.disconnect();
  }
}).observe(document, {subtree: true, childList: true});
document.addEventListener('DOMContentLoaded', function () {
  console.log('annuaire-dom-ready ' + performance.now());
});
"""

# The naive baseline's page: the same result list, filled by lunr.js from the naive index.
NAIVE_PAGE = """<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>naive</title>
<script src="naive-bench-lunr.js" defer></script></head>
<body><ol id="search-results"></ol>
<script>
document.addEventListener('DOMContentLoaded', function () {
  fetch('naive-bench.json').then(function (response) { return response.json() }).then(function (data) {
    var index = lunr.Index.load(data)
    var list = document.getElementById('search-results')
    index.search(new URLSearchParams(location.search).get('q')).slice(0, 20).forEach(function (result) {
      var item = document.createElement('li')
      item.textContent = result.ref
      list.appendChild(item)
    })
  })
})
</script></body></html>
"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def static_server(site: Path):
    """Serve `site` on 127.0.0.1 from another process; yields the base URL ending in '/'."""
    port = _free_port()
    server = subprocess.Popen([sys.executable, str(ROOT / "bench" / "static_server.py"), str(site), str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}/"
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(base, timeout=1).close()
                break
            except OSError:
                time.sleep(0.05)
        else:
            raise RuntimeError(f"the static server did not answer on {base}")
        yield base
    finally:
        server.terminate()
        server.wait()


def _loads(chromium, url: str, last: str, runs: int) -> list[dict[str, float]]:
    """The milestones (see MILESTONES) of `runs` cold loads of `url`, each up to `last`: name -> ms."""
    loads = []
    for _ in range(runs):
        context = chromium.new_context()  # a cold cache each time
        page = context.new_page()
        page.add_init_script(MILESTONES)
        seen: dict[str, float] = {}

        def note(message, seen=seen):
            name, _, value = message.text.partition(" ")
            if name.startswith("annuaire-"):
                seen.setdefault(name.removeprefix("annuaire-"), float(value))

        page.on("console", note)
        with page.expect_console_message(lambda message: message.text.startswith(f"annuaire-{last} "), timeout=60000):
            page.goto(url, wait_until="commit")
        loads.append(seen)
        context.close()
    return loads


def first_result_ms(site: Path, naive_index: Path, query: str = "salle", runs: int = 11) -> dict:
    from tests.browser import browser

    (site / "naive-bench.json").write_bytes(naive_index.read_bytes())
    (site / "naive-bench.html").write_text(NAIVE_PAGE, "utf-8")
    (site / "naive-bench-lunr.js").write_bytes((ROOT / "node_modules" / "lunr" / "lunr.min.js").read_bytes())
    os.sync()  # the site was just written: its write-back should not compete with the browser
    with static_server(site) as base, browser() as chromium:
        _loads(chromium, f"{base}recherche/?q={query}", "first-result", 1)  # warm the server's disk cache
        # One load of each page in turn, so that a change in the machine's load falls on all three.
        ours, naive, plain = [], [], []
        for _ in range(runs):
            ours += _loads(chromium, f"{base}recherche/?q={query}", "first-result", 1)
            naive += _loads(chromium, f"{base}naive-bench.html?q={query}", "first-result", 1)
            plain += _loads(chromium, f"{base}a-propos/", "dom-ready", 1)
    return {
        "ours_ms": statistics.median(load["first-result"] for load in ours),
        "ours_after_dom_ms": statistics.median(load["first-result"] - load["dom-ready"] for load in ours),
        "naive_ms": statistics.median(load["first-result"] for load in naive),
        "naive_after_dom_ms": statistics.median(load["first-result"] - load["dom-ready"] for load in naive),
        "floor_ms": statistics.median(load["dom-ready"] for load in plain),
    }
