"""Builds of small generated data folders: pagination, hostile text, Pelican warnings."""

from __future__ import annotations

import re
import shutil

from bs4 import BeautifulSoup
from conftest import MINIMAL, ROOT
from site_helpers import html_files, page

from annuaire.cli import build

SETTINGS = ROOT / "pelican.conf.py"


def write_organisations(data, count):
    for number in range(count):
        (data / "organisations" / f"association-{number:03d}.yaml").write_text(
            f"nom: Association numéro {number:03d}\ntype: association\nresume: Une association générée pour les tests.\n"
            "themes: [solidarite]\ncommune: trappes\nmis_a_jour: 2026-01-01\n",
            "utf-8",
        )


def test_long_listings_are_paginated(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(MINIMAL, data)
    write_organisations(data, 50)  # 52 organisations, 24 a page
    output = tmp_path / "output"
    assert build(data, output, SETTINGS) == 0
    first, second, third = page(output, "organisations/"), page(output, "organisations/page/2/"), page(output, "organisations/page/3/")
    assert [len(p.select(".results .card")) for p in (first, second, third)] == [24, 24, 4]
    assert first.select_one('a[rel="next"]')["href"].endswith("organisations/page/2/")
    assert third.select_one('a[rel="prev"]')["href"].endswith("organisations/page/2/")
    assert not (output / "organisations" / "page" / "4").exists()
    # Filter pages paginate too: 51 organisations are in Trappes.
    assert len(page(output, "organisations/commune/trappes/page/3/").select(".results .card")) == 3


HOSTILE = """nom: "<script>alert('nom')</script><b onmouseover=alert(1)>Hostile</b>"
type: association
resume: "Résumé </script><script>alert('resume')</script> avec <img src=x onerror=alert(2)>"
description: |
  <script>alert('description')</script>
  [lien](javascript:alert(3)) <a href="data:text/html;base64,PHNjcmlwdD4=">data</a>
  <iframe src="https://evil.example/"></iframe>
themes: [solidarite]
site_web: "https://ok.example.org/\\"><script>alert(4)</script>"
contact:
  nom: "<svg onload=alert(5)>"
mis_a_jour: 2026-01-01
"""


def test_hostile_text_is_escaped_or_removed_everywhere(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(MINIMAL, data)
    (data / "organisations" / "hostile.yaml").write_text(HOSTILE, "utf-8")
    output = tmp_path / "output"
    assert build(data, output, SETTINGS) == 0
    for html_file in html_files(output):
        soup = BeautifulSoup(html_file.read_text("utf-8"), "html.parser")
        assert soup.find_all(["iframe", "svg", "img"]) == [], html_file
        # Only our own scripts, loaded from our own files, with nothing inline.
        for script in soup.find_all("script"):
            assert re.search(r"/(search/vendor|theme/js)/[\w.-]+\.js$", script.get("src", "")), (html_file, script)
            assert not script.string, (html_file, script)
        for element in soup.find_all(True):
            assert not any(name.startswith("on") for name in element.attrs), (html_file, element)
            for name in ("href", "src"):
                value = element.get(name, "").strip().lower()
                assert not value.startswith(("javascript:", "data:", "vbscript:")), (html_file, element)
    text = page(output, "organisations/hostile/").h1.get_text()
    assert "<script>alert('nom')</script>" in text  # shown as text, harmless


def test_a_pelican_warning_fails_the_build(tmp_path, capsys):
    """A content page with a broken internal link makes Pelican warn: the build must stop."""
    site = tmp_path / "site"
    shutil.copytree(ROOT / "content", site / "content")
    (site / "content" / "pages" / "casse.md").write_text("Title: Cassée\n\n[lien]({filename}/pages/absente.md)\n", "utf-8")
    settings = site / "pelican.conf.py"
    settings.write_text(
        "import runpy\n"
        f"globals().update({{k: v for k, v in runpy.run_path({str(SETTINGS)!r}).items() if k.isupper()}})\n"
        f"PATH = {str(site / 'content')!r}\n",
        "utf-8",
    )
    assert build(MINIMAL, tmp_path / "output", settings) == 1
    assert not (tmp_path / "output").exists()
    assert "Warning or error encountered" in capsys.readouterr().err
