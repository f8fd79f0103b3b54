"""Gate 2: the Nu HTML Checker (vnu-jar from npm, run by Java) finds no error in any page of either site.

One JVM run checks every HTML page of the sample and torture sites, their CSS and SVG
files, and a folder of planted defects, with `--format json`. Errors fail; warnings are counted.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import time
from collections import Counter
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from site_helpers import html_files

from .conftest import FIGURES, ROOT, SITE_FIXTURES

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
# Third-party files copied as they are from node_modules: Leaflet's stylesheet holds two declarations that
# vnu's CSS checker does not know (`mix-blend-mode: plus-lighter`, CSS Compositing 2, against seams between
# tiles; `behavior`, for old Internet Explorer). They are theirs, not ours to rewrite.
THIRD_PARTY = ("carte/vendor/",)

PLANTED_HTML = """<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><title>Défaut planté</title></head>
<body><main><div><li>un élément de liste hors de toute liste</li></div><p><div>un bloc dans un paragraphe</div></p></main></body></html>
"""


def run_vnu(folders: list[Path]) -> dict[Path, list[dict]]:
    """{file: messages} for every file vnu reported on, in one JVM run over `folders`."""
    java = shutil.which("java")
    if java is None:
        pytest.skip("java is missing (apt-get install default-jre-headless): HTML validity is not checked")
    if not VNU.is_file():
        pytest.skip("node_modules/vnu-jar is missing: run `npm ci` (make setup)")
    completed = subprocess.run(
        # vnu needs a bigger stack than the default; the C1 compiler alone gets through a few hundred pages sooner
        [java, "-Xss4m", "-XX:TieredStopAtLevel=1", "-jar", str(VNU),
         "--format", "json", "--skip-non-html", "--also-check-css", "--also-check-svg", *map(str, folders)],
        capture_output=True, text=True, encoding="utf-8", timeout=600, check=False,
    )
    try:
        messages = json.loads(completed.stderr)["messages"]  # vnu writes its report on stderr
    except ValueError:
        pytest.fail(f"vnu failed (exit code {completed.returncode}): {completed.stderr[:2000]}")
    report: dict[Path, list[dict]] = {}
    for message in messages:
        report.setdefault(Path(unquote(urlsplit(message.get("url", "")).path)), []).append(message)
    return report


@pytest.fixture(scope="session")
def planted_folder(tmp_path_factory) -> Path:
    planted = tmp_path_factory.mktemp("vnu-planted")
    (planted / "invalide.html").write_text(PLANTED_HTML, "utf-8")
    (planted / "invalide.css").write_text("a { colour: red; }\n", "utf-8")
    return planted


@pytest.fixture(scope="session")
def vnu_report(request, planted_folder) -> dict[Path, list[dict]]:
    """{file: messages}: one JVM run over the sample site, the torture site and the planted folder."""
    sites = [request.getfixturevalue(fixture) for fixture in SITE_FIXTURES.values()]
    started = time.perf_counter()
    report = run_vnu([*sites, planted_folder])
    pages = sum(len(html_files(site)) for site in sites)
    FIGURES["Nu HTML Checker"] = f"{pages} pages HTML des deux sites (et leurs CSS et SVG) en un lancement de {time.perf_counter() - started:.1f} s"
    return report


def describe(path: Path, message: dict) -> str:
    return f"{path.name}:{message.get('lastLine', '?')}: {message['message']} [{message.get('extract', '').strip()[:80]}]"


def test_every_page_is_valid_html(any_site, vnu_report):
    name, site = any_site
    files = {path: found for path, found in vnu_report.items() if site.resolve() in path.resolve().parents}
    files = {path: found for path, found in files.items() if not path.resolve().relative_to(site.resolve()).as_posix().startswith(THIRD_PARTY)}
    errors = [f"{path.relative_to(site)} {describe(path, m)}" for path, found in files.items() for m in found if m["type"] != "info"]
    warnings = Counter(m["message"] for found in files.values() for m in found if m["type"] == "info")
    FIGURES[f"Nu HTML Checker, site {name}"] = f"{len(html_files(site))} pages, {len(errors)} erreurs, {sum(warnings.values())} avertissements"
    assert errors == []


def test_planted_invalid_elements_are_reported(vnu_report):
    found = {path.name: [m["message"] for m in messages if m["type"] == "error"] for path, messages in vnu_report.items()}
    assert any("“li” not allowed as child of element “div”" in message for message in found.get("invalide.html", []))
    assert any("colour" in message for message in found.get("invalide.css", []))
