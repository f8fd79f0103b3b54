"""Gate 4: hostile text builds into a site where no payload runs, in the files and in Chromium."""

from __future__ import annotations

import shutil

import pytest
import yaml
from site_helpers import html_files, page

from annuaire.records.loader import validate

from .chromium import Visit, visit_all
from .conftest import ROOT, build_site
from .hostile import PAYLOADS, write_hostile_data
from .pages import TOOLS
from .safety import MARKERS, csv_problems, html_problems, site_problems
from .torture import dump

# Read in the browser after the page ran its own scripts: what a script could have injected.
LIVE_DOM = """() => {
  const found = [];
  for (const element of document.querySelectorAll('*')) {
    for (const attribute of element.attributes) {
      const name = attribute.name.toLowerCase();
      if (name.startsWith('on')) found.push(element.tagName + ' ' + name);
      if (['href', 'src', 'action', 'formaction', 'xlink:href'].includes(name)
          && /^\\s*(javascript|vbscript|data):/i.test(attribute.value)) found.push(element.tagName + ' ' + name + '=' + attribute.value.slice(0, 60));
    }
  }
  for (const script of document.scripts) {
    if (!script.src && !/json/.test(script.type) && /alert\\(|evil\\.example/.test(script.text)) found.push('script ' + script.text.slice(0, 60));
  }
  for (const name of ['iframe', 'object', 'embed', 'base', 'frame']) {
    for (const element of document.getElementsByTagName(name)) found.push(name);
  }
  return found;
}"""


async def live_dom(page, visit):
    return await page.evaluate(LIVE_DOM)


def shows_payload(path) -> bool:
    text = path.read_text("utf-8")
    return any(marker in text for marker in MARKERS)


def test_hostile_data_is_valid_so_it_reaches_the_pages(hostile_data):
    assert validate(hostile_data) == []


def test_no_file_of_the_hostile_site_carries_a_runnable_payload(hostile_site):
    problems = [(file, problem) for file, problem in site_problems(hostile_site) if not file.endswith(".csv")]
    assert problems == []
    # The payloads are there, shown as text: the gate did not pass by dropping them.
    heading = page(hostile_site, "organisations/hostile-1/").h1.get_text()
    assert PAYLOADS[0] in heading
    assert PAYLOADS[0] in page(hostile_site, "organisations/hostile-1/").select_one(".official-title").get_text()  # the title in the register
    dissolved = page(hostile_site, "organisations/hostile-4/")
    assert dissolved.select_one(".notice-dissolved") and dissolved.select_one(".official-title")


def test_csv_exports_start_no_formula(hostile_site):
    assert [(file, problem) for file, problem in site_problems(hostile_site) if file.endswith(".csv")] == []


def test_no_payload_runs_in_chromium(hostile_site):
    """Every page that shows a payload, loaded for real: no dialog, no console error, no exception, no request elsewhere."""
    urls = [path.relative_to(hostile_site).as_posix() for path in html_files(hostile_site) if shows_payload(path)]
    urls = [url[: -len("index.html")] if url.endswith("index.html") else url for url in urls]
    urls = [url for url in urls if not url.startswith(TOOLS)]  # the CMS editor shows no built content
    visits = [Visit(url) for url in urls]
    if (hostile_site / "recherche" / "index.html").is_file():  # results drawn by our script from the index
        visits += [Visit(f"recherche/?q={query}", settle="networkidle") for query in ("script", "alert", "hostile")]
    if (hostile_site / "carte" / "index.html").is_file():  # the list drawn by the map's script from points.json
        visits.append(Visit("carte/", settle="networkidle"))
    seen = visit_all(hostile_site, visits, probe=live_dom)
    incidents = {visit.url: result.incidents + result.probe for visit, result in seen.items() if result.incidents or result.probe}
    assert incidents == {}
    assert len(seen) == len(visits) > 40


def test_unsafe_urls_are_refused_where_the_schema_wants_an_address(tmp_path):
    data = write_hostile_data(tmp_path / "data", count=1)
    for path, change in (
        (data / "organisations" / "hostile-1.yaml", {"site_web": "javascript:alert(1)"}),
        (data / "projects" / "hostile-1.yaml", {"site_web": "JAVASCRIPT://%0aalert(1)"}),
        (data / "offers" / "hostile-1.yaml", {"contact": {"formulaire": "data:text/html,<script>alert(1)</script>"}}),
    ):
        path.write_text(dump({**yaml.safe_load(path.read_text("utf-8")), **change}), "utf-8")
    problems = {(p.file.split("/")[-2], p.field) for p in validate(data)}
    assert problems == {("organisations", "site_web"), ("projects", "site_web"), ("offers", "contact.formulaire")}


# Planted defects: the same checks must fail on a template that forgets to escape.


@pytest.fixture(scope="module")
def unescaped_site(tmp_path_factory):
    """The hostile data built with a theme whose record pages print the name unescaped."""
    folder = tmp_path_factory.mktemp("unescaped")
    theme = folder / "theme"
    shutil.copytree(ROOT / "theme", theme)
    template = theme / "templates" / "_macros.html"  # record_header writes every record page's <h1>
    text = template.read_text("utf-8")
    assert "<h1>{{ record.title }}" in text
    template.write_text(text.replace("<h1>{{ record.title }}", "<h1>{{ record.title | safe }}"), "utf-8")
    settings = folder / "pelican.conf.py"
    settings.write_text(
        "import runpy\n"
        f"globals().update({{k: v for k, v in runpy.run_path({str(ROOT / 'pelican.conf.py')!r}).items() if k.isupper()}})\n"
        f"THEME = {str(theme)!r}\n",
        "utf-8",
    )
    return build_site(write_hostile_data(folder / "data", count=1), folder / "output", "unescaped (planted)", settings)


def test_planted_unescaped_name_is_caught_in_the_files(unescaped_site):
    problems = site_problems(unescaped_site)
    on_page = [problem for file, problem in problems if file == "organisations/hostile-1/index.html"]
    assert any(problem.startswith("<script> en ligne") for problem in on_page), problems
    assert any("attribut onerror" in problem for problem in on_page), problems
    # The planted macro writes the <h1> of every record page: each one is caught, and nothing else.
    assert {file for file, _ in problems if not file.endswith(".csv")} == {
        f"{section}/hostile-1/index.html" for section in ("organisations", "offres", "besoins", "projets")
    }


def test_planted_unescaped_name_is_caught_in_chromium(unescaped_site):
    seen = visit_all(unescaped_site, [Visit("organisations/hostile-1/"), Visit("organisations/")], probe=live_dom)
    planted, clean = seen[Visit("organisations/hostile-1/")], seen[Visit("organisations/")]
    assert any(dialog.startswith("alert") for dialog in planted.dialogs)
    assert planted.probe  # onerror= and onload= attributes in the live page
    assert clean.incidents == [] and clean.probe == []


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        ('<a href=" jav&#x09;ascript:alert(1)">x</a>', "schéma javascript:"),
        ('<script type="application/ld+json">{"name": "</scr" + "ipt>"}</script>', "JSON illisible"),
        ('<script type="application/ld+json">{"name": "<b>"}</script>', "non échappé"),
        ('<script>alert(1)</script>', "<script> en ligne"),
        ('<script src="https://evil.example/x.js"></script>', "hors du site"),
        ('<img src="data:image/svg+xml,<svg onload=alert(1)>">', "schéma data:"),
        ('<p onclick="x()">', "attribut onclick"),
        ("<iframe src=x></iframe>", "<iframe> interdit"),
    ],
)
def test_planted_markup_is_caught(markup, expected):
    assert any(expected in problem for problem in html_problems(f"<!DOCTYPE html><p>{markup}</p>")), html_problems(markup)


def test_planted_csv_formula_is_caught():
    assert csv_problems('id,nom\na,"=HYPERLINK(""https://evil.example/"")"\nb,-12.5\n') == ['cellule CSV formule : \'=HYPERLINK("https://evil.example/")\'']
