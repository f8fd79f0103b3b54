"""Pagefind beside our search, for `make bench` (a benchmark dependency only: bench/requirements.txt).

The same records as our search documents (annuaire.search.documents.collect,
the fields the site's index holds: name, keywords, summary, start of the
description), one minimal HTML page each, written for Pagefind to index:
`<html lang="fr">`, the fields inside `data-pagefind-body`, each with the
weight our index gives it, the result's display (type, place, organisation)
as Pagefind metadata and the facets (type, category, theme, commune, access)
as Pagefind filters, since our page shows facets with their counts. Pagefind
then runs as its users run it, its CLI over the folder with
`--force-language fr`, its files written into the built site under
`pagefind/`, beside a bare page (PAGE) that searches with Pagefind's JS API
and lists the first results, as the naive page does with lunr.js.

The Pagefind version is bench/requirements.txt's, installed by `make bench`.
"""

from __future__ import annotations

import gzip
import html
import math
import os
import statistics
import subprocess
import time
from pathlib import Path

# As many results as our search page shows at first (search-ui.js's PAGE): Pagefind's page loads
# the display data (one fragment file a result) of as many before it shows them.
SHOWN = 20

# Pagefind's bench page, at the site's root: its JS API, then the display data of the first results.
PAGE = """<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>Pagefind</title></head>
<body><ol id="search-results"></ol>
<script type="module">
const query = new URLSearchParams(location.search).get('q')
const pagefind = await import('./pagefind/pagefind.js')
const found = query ? await pagefind.search(query) : { results: [] }
const rows = await Promise.all(found.results.slice(0, SHOWN).map((result) => result.data()))
const list = document.getElementById('search-results')
for (const row of rows) {
  const item = document.createElement('li')
  const link = document.createElement('a')
  link.href = row.url
  link.textContent = row.meta.title
  const excerpt = document.createElement('p')
  excerpt.textContent = row.excerpt.replace(/<[^>]*>/g, '')
  item.append(link, excerpt)
  list.append(item)
}
</script></body></html>
""".replace("SHOWN", str(SHOWN))

# The queries' latency through Pagefind's JS API, in the page above's origin: `rounds` passes over
# the queries; the first pass fetches the index chunks each query needs (cold), the others do not.
LATENCY = """async ([queries, rounds]) => {
  const pagefind = await import('./pagefind/pagefind.js')
  await pagefind.init()
  const passes = []
  for (let round = 0; round < rounds; round++) {
    const times = []
    for (const query of queries) {
      const start = performance.now()
      await pagefind.search(query)
      times.push(performance.now() - start)
    }
    passes.push(times)
  }
  return passes
}"""


def executable() -> Path:
    """Pagefind's binary, as the PyPI package `pagefind[bin]` installs it."""
    try:
        import pagefind_bin
    except ImportError as error:
        raise SystemExit("Pagefind n'est pas installé : `make bench` l'installe (bench/requirements.txt).") from error
    return pagefind_bin.get_executable()


def version() -> str:
    return subprocess.run([str(executable()), "--version"], capture_output=True, text=True, check=True).stdout.strip()


def search_documents(data: Path) -> list:
    """Our search documents of the records of `data`, on the site's build date (ANNUAIRE_TODAY, else today)."""
    from annuaire.records.lifecycle import build_date
    from annuaire.records.loader import load_directory
    from annuaire.search.documents import collect

    directory = load_directory(data)
    for items in directory.records.values():
        for record in items:
            record.url = f"{record.kind.name}/{record.slug}/"
            record.description_html = record.data.get("description", "")
    return collect(directory, today=build_date(os.environ.get("ANNUAIRE_TODAY")))


def _attribute(value: str) -> str:
    return html.escape(value, quote=True)


def page_html(document, weights: dict[str, int]) -> str:
    """One record as a page for Pagefind: its indexed fields, display metadata and facets."""
    fields = "\n".join(
        f'<p data-pagefind-weight="{weights.get(name, 1)}">{html.escape(text)}</p>' for name, text in document.fields.items() if text
    )
    meta = {"title": document.title, "type": document.type, "lieu": document.place, "organisation": document.organisation}
    meta_tags = "".join(f'<span data-pagefind-meta="{name}:{_attribute(value)}"></span>' for name, value in meta.items() if value)
    facets = [("type", document.type), ("categorie", document.category), *(("theme", t) for t in document.themes),
              *(("commune", c) for c in document.communes), *(("acces", a) for a in document.access)]
    filter_tags = "".join(f'<span data-pagefind-filter="{name}:{_attribute(value)}"></span>' for name, value in facets if value)
    return (f'<!doctype html>\n<html lang="fr"><head><meta charset="utf-8"><title>{html.escape(document.title)}</title></head>\n'
            "<body><main data-pagefind-body>\n"
            f"{fields}\n{meta_tags}{filter_tags}</main></body></html>\n")


def write_pages(documents, folder: Path) -> int:
    """Each document as `folder/<its url>/index.html`; returns the bytes written."""
    from annuaire.search.documents import FIELDS

    total = 0
    for document in documents:
        target = folder / document.url.strip("/") / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        content = page_html(document, FIELDS).encode("utf-8")
        target.write_bytes(content)
        total += len(content)
    return total


def build(pages: Path, output: Path) -> dict:
    """Run Pagefind's CLI over `pages`, its files into `output`: wall and CPU seconds, peak memory, sizes."""
    started = time.perf_counter()
    process = subprocess.Popen([str(executable()), "--site", str(pages), "--output-path", str(output), "--force-language", "fr", "--silent"])
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise RuntimeError(f"pagefind exited with {process.returncode}")
    files = [path for path in output.rglob("*") if path.is_file()]
    return {
        "seconds": seconds,
        "cpu_seconds": usage.ru_utime + usage.ru_stime,
        "peak_mib": usage.ru_maxrss / 1024,
        "files": len(files),
        "raw": sum(path.stat().st_size for path in files),
        "served": sum(served_size(path) for path in files),
    }


def served_size(path: Path) -> int:
    """The bytes a host sends for `path`: Pagefind's own files are gzip already, its JS, CSS and wasm are compressed by the host."""
    content = path.read_bytes()
    if content[:2] == b"\x1f\x8b" or path.suffix not in (".js", ".css", ".json", ".html"):
        return len(content)
    return len(gzip.compress(content, compresslevel=9, mtime=0))


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile (as bench/query_latency.js computes it)."""
    ordered = sorted(values)
    return ordered[min(len(ordered), max(1, math.ceil(len(ordered) * share))) - 1]


def latency(chromium, base: str, queries: list[str], rounds: int = 6) -> dict:
    """Pagefind's query latency in Chromium: cold (the first pass, fetching chunks) and warm (the others)."""
    context = chromium.new_context()
    try:
        page = context.new_page()
        page.goto(f"{base}pagefind-bench.html?q=", wait_until="load")
        passes = page.evaluate(LATENCY, [queries, rounds])
    finally:
        context.close()
    cold, warm = passes[0], [time for times in passes[1:] for time in times]
    by_query = {query: statistics.median(times[number] for times in passes[1:]) for number, query in enumerate(queries)}
    slowest = sorted(by_query, key=by_query.get, reverse=True)[:5]
    return {"cold_median_ms": statistics.median(cold), "cold_p95_ms": percentile(cold, 0.95),
            "median_ms": percentile(warm, 0.5), "p95_ms": percentile(warm, 0.95), "samples": len(warm),
            "slowest_ms": {query: round(by_query[query], 1) for query in slowest}}
