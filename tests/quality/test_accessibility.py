"""Gate 1: axe-core finds no WCAG 2.1 A/AA violation on one page of every template, on a phone and a desktop.

Each page is loaded by headless Chromium from a local server and checked by axe-core with
the WCAG 2.1 A and AA tags (see audit.py). The same visit checks reflow (WCAG 1.4.10: no
horizontal scrolling of the page at 390 px) and that the page makes no request to another
host and logs no error.
"""

from __future__ import annotations

import shutil

import pytest

from .audit import WIDTHS, axe_source, make_probe
from .chromium import PHONE, Visit, visit_all
from .conftest import site_by_name
from .pages import SLUGS, site_pages

ALL_PAGES = [page for name in SLUGS for page in site_pages(name)]


@pytest.mark.parametrize("width", WIDTHS, ids=lambda width: f"{width}px")
@pytest.mark.parametrize("page", ALL_PAGES, ids=lambda page: page.id)
def test_no_wcag_violation_no_reflow_no_error(page, width, audit, request):
    site = site_by_name(request, page.site)
    if not page.file(site).is_file():
        if page.optional:
            pytest.skip(f"« {page.template} » ({page.url}) is not built yet")
        pytest.fail(f"« {page.template} » ({page.url}) is not in the built site: update tests/quality/pages.py")
    seen = audit(page.site)[Visit(page.url, WIDTHS[0], page.settle)]
    assert seen.incidents == []
    assert seen.probe[width]["violations"] == []
    assert seen.probe[width]["overflow"] == []


# Planted defects: the same probe must report them.

PLANTED = """
<form><input type="text" name="sans-etiquette"></form>
<img src="../theme/favicon.svg">
<p style="color: #bbb; background: #fff">Texte trop pâle</p>
<pre style="white-space: pre">{long}</pre>
"""


def planted_copy(built_site, tmp_path, old: str, new: str):
    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    target = site / "a-propos" / "index.html"
    target.write_text(target.read_text("utf-8").replace(old, new, 1), "utf-8")
    return site


def test_planted_missing_label_alt_contrast_and_overflow_are_reported(built_site, tmp_path):
    site = planted_copy(built_site, tmp_path, "</h1>", "</h1>" + PLANTED.format(long="x" * 400))
    seen = visit_all(site, [Visit("a-propos/", PHONE)], make_probe(axe_source(), [PHONE]))[Visit("a-propos/", PHONE)]
    assert {v["id"] for v in seen.probe[PHONE]["violations"]} >= {"label", "image-alt", "color-contrast"}
    assert any(line.startswith("pre") for line in seen.probe[PHONE]["overflow"])


def test_planted_request_to_another_host_and_console_error_are_reported(built_site, tmp_path):
    planted = '<link rel="stylesheet" href="https://fonts.example.com/x.css"><script>nosuchfunction()</script></head>'
    site = planted_copy(built_site, tmp_path, "</head>", planted)
    seen = visit_all(site, [Visit("a-propos/")])[Visit("a-propos/")]
    assert seen.other_hosts == ["https://fonts.example.com/x.css"]
    assert any("nosuchfunction" in error for error in seen.page_errors)
