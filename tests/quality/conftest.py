"""Sites for the quality gates, each built once per session: the sample data, torture data, hostile data."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from annuaire.cli import build

from . import hostile, torture
from .audit import WIDTHS, axe_source, make_probe
from .chromium import Visit, visit_all
from .pages import site_pages

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = ROOT / "pelican.conf.py"
SITE_FIXTURES = {"exemple": "built_site", "torture": "torture_site"}
FIGURES: dict[str, str] = {}  # measured by the gates, printed at the end of the run


def pytest_terminal_summary(terminalreporter):
    if FIGURES:
        terminalreporter.section("quality gates: figures")
        for name, value in FIGURES.items():
            terminalreporter.write_line(f"{name}: {value}")


def build_site(data: Path, output: Path, name: str, settings: Path = SETTINGS, today: str | None = torture.TODAY) -> Path:
    """Build `data`; the generated data sets are built as on the day `today` (ANNUAIRE_TODAY) they were written for."""
    started = time.perf_counter()
    with pytest.MonkeyPatch.context() as patch:
        if today:
            patch.setenv("ANNUAIRE_TODAY", today)
        assert build(data, output, settings) == 0, f"the {name} data did not build"
    FIGURES[f"construction, {name}"] = f"{time.perf_counter() - started:.1f} s"
    return output


@pytest.fixture(scope="session")
def torture_data(tmp_path_factory) -> Path:
    return torture.write_torture_data(tmp_path_factory.mktemp("torture") / "data")


@pytest.fixture(scope="session")
def torture_site(torture_data, tmp_path_factory) -> Path:
    return build_site(torture_data, tmp_path_factory.mktemp("torture-site") / "output", "torture")


@pytest.fixture(scope="session")
def hostile_data(tmp_path_factory) -> Path:
    return hostile.write_hostile_data(tmp_path_factory.mktemp("hostile") / "data")


@pytest.fixture(scope="session")
def hostile_site(hostile_data, tmp_path_factory) -> Path:
    return build_site(hostile_data, tmp_path_factory.mktemp("hostile-site") / "output", "hostile")


@pytest.fixture(scope="session", params=list(SITE_FIXTURES))
def any_site(request) -> tuple[str, Path]:
    """(name, folder) of the sample site, then of the torture site."""
    return request.param, request.getfixturevalue(SITE_FIXTURES[request.param])


def site_by_name(request, name: str) -> Path:
    return request.getfixturevalue(SITE_FIXTURES[name])


@pytest.fixture(scope="session")
def audit(request):
    """audit(site name) -> {Visit: Seen}: one page of every template, axe-core at both widths, visited once a session."""
    done = {}

    def run(name):
        if name not in done:
            site = site_by_name(request, name)
            pages = [page for page in site_pages(name) if page.file(site).is_file()]
            started = time.perf_counter()
            done[name] = visit_all(site, [Visit(page.url, WIDTHS[0], page.settle) for page in pages], make_probe(axe_source()))
            FIGURES[f"axe-core, site {name}"] = f"{len(pages)} pages × {len(WIDTHS)} largeurs en {time.perf_counter() - started:.1f} s"
        return done[name]

    return run
