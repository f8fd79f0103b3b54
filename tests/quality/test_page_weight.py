"""Gate 6: page weight. Every HTML page ≤ 60 KB; the CSS and JavaScript a non-search page loads ≤ 50 KB
gzip-compressed; no request to another host (read from the files, and seen by Chromium).

Budgets are in kB of 1,000 bytes. The search page (it loads its index and lunr.js), the map, the
contribution form and the tools of pages.TOOLS (the CMS editor) are outside the CSS + JS budget;
their weight is still printed. The figures are printed at the end of the run.
"""

from __future__ import annotations

import gzip
import random
import shutil
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup
from site_helpers import asset_urls, css_urls, html_files, other_host, parsed

from .conftest import FIGURES
from .pages import TOOLS

HTML_BUDGET = 60_000
CSS_JS_GZIP_BUDGET = 50_000
SEARCH_PAGES = ("recherche/",)  # the search page loads the index and lunr.js: outside the 50 kB budget
# The map page loads Leaflet and Leaflet.markercluster (about 55 kB compressed together), a map library
# being what the page is for; outside the budget too, its weight printed with the search page's.
MAP_PAGES = ("carte/",)
# The contribution form checks a record with the JSON Schemas through Ajv (36 kB compressed) and the validator's
# messages: a tool, like the map, whose library is what it is for; outside the budget, its weight printed.
FORM_PAGES = ("contribuer/formulaire/",)
# The worst page of the torture data is the project with 32 partners and every text at its maximum length
# (description 20,000 characters): under budget because its partners are a compact list and its JSON-LD names
# them by the @id of their own pages. The cooperation page grows with the partnerships (one curve and one
# table entry each), not with pairs of partners.


def gzip_size(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=9, mtime=0))


def html_weights(site: Path) -> dict[str, int]:
    return {path.relative_to(site).as_posix(): path.stat().st_size for path in html_files(site)}


def overweight(site: Path, budget: int = HTML_BUDGET) -> dict[str, int]:
    return {page: size for page, size in html_weights(site).items() if size > budget}


def css_js_files(site: Path, page: Path) -> list[Path]:
    """The stylesheets and scripts an HTML page loads, as files of the site."""
    soup = parsed(page)
    files = []
    for tag, url in asset_urls(soup):
        if tag not in ("link", "script") or other_host(url):
            continue
        path = unquote(urlsplit(url).path)
        target = (site / path.lstrip("/")) if path.startswith("/") else (page.parent / path)
        if target.suffix in (".css", ".js", ".mjs") and target.resolve().is_file() and target.resolve() not in files:
            files.append(target.resolve())
    return files


def outside_budget(site: Path, page: Path) -> bool:
    return page.relative_to(site).as_posix().startswith(SEARCH_PAGES + MAP_PAGES + FORM_PAGES + TOOLS)


def test_every_html_page_is_within_budget(any_site):
    name, site = any_site
    weights = html_weights(site)
    heaviest = sorted(weights.items(), key=lambda item: -item[1])[:3]
    FIGURES[f"poids HTML, site {name}"] = (
        f"{len(weights)} pages, {sum(weights.values()) / len(weights) / 1000:.1f} kB en moyenne, les plus lourdes : "
        + ", ".join(f"{page} {size / 1000:.1f} kB" for page, size in heaviest)
    )
    assert overweight(site) == {}


def test_css_and_javascript_of_non_search_pages_are_within_budget(any_site):
    name, site = any_site
    totals = {}
    for page in html_files(site):
        if not outside_budget(site, page):
            totals[page.relative_to(site).as_posix()] = sum(gzip_size(path) for path in css_js_files(site, page))
    worst = max(totals, key=totals.get)
    exempt = {
        page.relative_to(site).as_posix(): sum(gzip_size(path) for path in css_js_files(site, page))
        for page in html_files(site) if outside_budget(site, page)
    }
    FIGURES[f"CSS + JS compressés, site {name}"] = f"au plus {totals[worst] / 1000:.1f} kB ({worst}) ; hors budget : " + ", ".join(
        f"{page} {size / 1000:.1f} kB" for page, size in sorted(exempt.items()))
    assert {page: total for page, total in totals.items() if total > CSS_JS_GZIP_BUDGET} == {}


def test_no_file_loads_anything_from_another_host(any_site):
    name, site = any_site
    found = []
    for page in html_files(site):
        found += [(page.relative_to(site).as_posix(), url) for _tag, url in asset_urls(parsed(page)) if other_host(url)]
    for stylesheet in site.rglob("*.css"):
        found += [(stylesheet.relative_to(site).as_posix(), url) for url in css_urls(stylesheet.read_text("utf-8")) if other_host(url)]
    assert found == []


def test_chromium_requests_nothing_elsewhere_and_stays_within_budget(any_site, audit):
    """What the browser really fetched for each template page (scripts may load more than the HTML says)."""
    name, site = any_site
    seen = audit(name)  # the accessibility gate's visits
    elsewhere = {visit.url: result.other_hosts for visit, result in seen.items() if result.other_hosts}
    assert elsewhere == {}
    loaded = {}
    for visit, result in seen.items():
        if visit.url.startswith(SEARCH_PAGES + MAP_PAGES + FORM_PAGES):
            continue
        files = {site / unquote(urlsplit(url).path).lstrip("/") for kind, url in result.requests if kind in ("stylesheet", "script")}
        loaded[visit.url] = sum(gzip_size(path) for path in files if path.is_file())
    worst = max(loaded, key=loaded.get)
    FIGURES[f"CSS + JS chargés par Chromium, site {name}"] = f"{len(seen)} pages visitées, au plus {loaded[worst] / 1000:.1f} kB compressés ({worst or '/'})"
    assert {url: total for url, total in loaded.items() if total > CSS_JS_GZIP_BUDGET} == {}


def test_planted_overweight_page_and_assets_are_reported(built_site, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    page = site / "a-propos" / "index.html"
    page.write_text(page.read_text("utf-8").replace("</h1>", "</h1><p>" + "Du texte en trop. " * 4000 + "</p>", 1), "utf-8")
    heavy = site / "theme" / "lourd.js"
    heavy.write_bytes(random.Random(0).randbytes(100_000))  # incompressible: 100 kB gzipped
    other = site / "themes" / "index.html"
    other.write_text(other.read_text("utf-8").replace("</head>", '<script src="../theme/lourd.js"></script>'
                                                      '<link rel="preload" as="font" href="https://fonts.example.com/f.woff2"></head>', 1), "utf-8")
    assert list(overweight(site)) == ["a-propos/index.html"]
    assert sum(gzip_size(path) for path in css_js_files(site, other)) > CSS_JS_GZIP_BUDGET
    assert [url for _tag, url in asset_urls(BeautifulSoup(other.read_text("utf-8"), "html.parser")) if other_host(url)] == ["https://fonts.example.com/f.woff2"]
