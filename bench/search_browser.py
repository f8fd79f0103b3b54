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

- pagefind (when the site has a `pagefind/` folder, bench/pagefind.py): a page
  that searches with Pagefind's JS API and lists its first results.

Each page's own DOMContentLoaded is noted too, for the time from there to its
first result: what the search does once its page is ready. So are the bytes
each load downloaded before its first result: the bodies as sent (gzip, see
static_server.py) of every request the page and its workers issued before the
first result was shown (their Content-Length, which static_server.py always
sends); Pagefind fetches from a Web Worker, which the page's own Resource
Timing would not see.
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


TIMEOUT_MS = 60000  # a page that shows no result by then counts as failed (the naive page at 100,000 records)


def _loads(chromium, url: str, last: str, runs: int) -> list[dict[str, float]]:
    """The milestones (see MILESTONES) of `runs` cold loads of `url`, each up to `last`: name -> ms.

    A load that reaches no `last` within TIMEOUT_MS is {"failed": 1.0}, and the others are not tried.

    Each load also has "bytes" and "requests": what was downloaded for the requests issued before
    `last` (request events come when a request is sent, so before the result that needs it).
    """
    loads = []
    for _ in range(runs):
        context = chromium.new_context()  # a cold cache each time
        page = context.new_page()
        page.add_init_script(MILESTONES)
        seen: dict[str, float] = {}
        requests: list = []
        before: list = []

        def note(message, seen=seen, requests=requests, before=before):
            name, _, value = message.text.partition(" ")
            if name.startswith("annuaire-"):
                seen.setdefault(name.removeprefix("annuaire-"), float(value))
                if name == f"annuaire-{last}" and not before:
                    before.extend(requests)

        context.on("request", lambda request, requests=requests: requests.append(request))
        page.on("console", note)
        try:
            with page.expect_console_message(lambda message: message.text.startswith(f"annuaire-{last} "), timeout=TIMEOUT_MS):
                page.goto(url, wait_until="commit")
        except Exception as error:  # Playwright's TimeoutError, or the page crashed (out of memory)
            print(f"{url}: no {last} within {TIMEOUT_MS / 1000:.0f} s ({type(error).__name__})", file=sys.stderr, flush=True)
            context.close()
            return [*loads, {"failed": 1.0}]
        seen["bytes"] = sum(_body_size(request) for request in before)
        seen["requests"] = len(before)
        loads.append(seen)
        context.close()
    return loads


def _body_size(request) -> int:
    """The response body's bytes as sent (compressed), once it has come; 0 for a request that failed.

    The static server sends a Content-Length with every body; Chromium's own count is the fallback
    (it says 0 for a worker's script).
    """
    try:
        response = request.response()
        if response is None:
            return 0
        length = response.headers.get("content-length")
        return int(length) if length else max(0, request.sizes()["responseBodySize"])
    except Exception:  # a request aborted or never answered: nothing downloaded
        return 0


def first_result_ms(site: Path, naive_index: Path, query: str = "salle", runs: int = 11, latency_queries: list[str] | None = None) -> dict:
    """Medians of `runs` cold loads of each page, in turn; with a `pagefind/` folder in `site`, Pagefind's page
    too, and Pagefind's query latency over `latency_queries` (bench/pagefind.py)."""
    from tests.browser import browser

    (site / "naive-bench.json").write_bytes(naive_index.read_bytes())
    (site / "naive-bench.html").write_text(NAIVE_PAGE, "utf-8")
    (site / "naive-bench-lunr.js").write_bytes((ROOT / "node_modules" / "lunr" / "lunr.min.js").read_bytes())
    pages = {"ours": (f"recherche/?q={query}", "first-result"), "naive": (f"naive-bench.html?q={query}", "first-result")}
    if (site / "pagefind").is_dir():
        from bench import pagefind

        (site / "pagefind-bench.html").write_text(pagefind.PAGE, "utf-8")
        pages["pagefind"] = (f"pagefind-bench.html?q={query}", "first-result")
    pages["plain"] = ("a-propos/", "dom-ready")
    os.sync()  # the site was just written: its write-back should not compete with the browser
    loads: dict[str, list] = {name: [] for name in pages}
    with static_server(site) as base, browser() as chromium:
        for name, (path, last) in list(pages.items()):  # warm the server's disk cache (and its gzip cache)
            if "failed" in _loads(chromium, f"{base}{path}", last, 1)[0]:
                del pages[name]  # measured as failed, not tried again
        # One load of each page in turn, so that a change in the machine's load falls on all of them.
        for _ in range(runs):
            for name, (path, last) in list(pages.items()):
                loads[name] += _loads(chromium, f"{base}{path}", last, 1)
                if "failed" in loads[name][-1]:
                    del pages[name]
        latency = pagefind.latency(chromium, base, latency_queries) if "pagefind" in pages and latency_queries else None
    figures = {"runs": runs, "query": query, "timeout_s": TIMEOUT_MS / 1000}
    for name in loads:
        if not loads[name] or any("failed" in load for load in loads[name]):
            figures[f"{name}_failed"] = f"no result within {TIMEOUT_MS / 1000:.0f} s"
            loads[name] = []
    if loads["plain"]:
        figures["floor_ms"] = statistics.median(load["dom-ready"] for load in loads["plain"])
    for name in [name for name in loads if name != "plain" and loads[name]]:
        figures[f"{name}_ms"] = statistics.median(load["first-result"] for load in loads[name])
        figures[f"{name}_after_dom_ms"] = statistics.median(load["first-result"] - load["dom-ready"] for load in loads[name])
        figures[f"{name}_bytes"] = statistics.median(load["bytes"] for load in loads[name])
        figures[f"{name}_requests"] = statistics.median(load["requests"] for load in loads[name])
        figures[f"{name}_all_ms"] = [round(load["first-result"], 1) for load in loads[name]]
    if latency:
        figures["pagefind_latency"] = latency
    return figures
