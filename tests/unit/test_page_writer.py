"""annuaire.publish.page_writer: pages queued, written by workers, each file once."""

from __future__ import annotations

import jinja2
import pytest
from pelican.settings import DEFAULT_CONFIG
from pelican.writers import Writer

from annuaire.publish.page_writer import PageQueue

TEMPLATE = jinja2.Environment(autoescape=True).from_string("<p>{{ text }} ({{ output_file }})</p>")


def queue(tmp_path) -> PageQueue:
    settings = {**DEFAULT_CONFIG, "OUTPUT_PATH": str(tmp_path)}
    return PageQueue(Writer(str(tmp_path), settings), {"SITEURL": ""}, True, "essai")


@pytest.mark.parametrize("jobs", [1, 2])
def test_every_page_is_written_and_known_to_the_writer(tmp_path, jobs):
    pages = queue(tmp_path)
    for number in range(30):
        pages.add(f"p{number}/index.html", TEMPLATE, "page", f"p{number}/", text=f"page <{number}>")
    pages.write(jobs)
    assert (tmp_path / "p7/index.html").read_text() == "<p>page &lt;7&gt; (p7/index.html)</p>"
    assert len(pages.writer._written_files) == 30
    assert pages.pages == []


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_file_written_twice_is_refused(tmp_path, jobs):
    pages = queue(tmp_path)
    for number in range(30):
        pages.add("p3/index.html" if number in (3, 25) else f"p{number}/index.html", TEMPLATE, "page", "", text="x")
    with pytest.raises(Exception, match="p3/index.html"):
        pages.write(jobs)


def test_a_template_error_in_a_worker_stops_the_writing(tmp_path):
    pages = queue(tmp_path)
    broken = jinja2.Environment(undefined=jinja2.StrictUndefined).from_string("{{ missing.value }}")
    for number in range(10):
        pages.add(f"p{number}.html", broken if number == 4 else TEMPLATE, "page", "", text="x")
    with pytest.raises(jinja2.UndefinedError, match="missing"):
        pages.write(2)
