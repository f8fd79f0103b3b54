"""`make bench-site` (bench/site.py): its table from made-up figures, its edits, and a smoke run at a tiny size."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml

from bench import site
from bench.synthetic import write_directory

ROOT = Path(__file__).resolve().parents[2]
COLUMNS = ("directory", "records", "communes", "measure", "ours", "Pelican", "ours/Pelican", "of each round")
MEASURES = ("full build (s)", "rebuild after one edit (s)", "rebuild / full build", "make validate (s) [a]",
            "peak memory, full build (MB)", "files written", "bytes written (MB)")


def _runs(*pairs):
    return [{"seconds": seconds, "peak_mb": peak} for seconds, peak in pairs]


def made_up_case(name="synthetic", communes=260):
    return {
        "name": name, "records": 1000, "communes": communes,
        "ours": {"full": _runs((12.0, 300), (10.0, 310), (14.0, 305)), "incremental": _runs((11.0, 0), (9.0, 0), (13.0, 0)),
                 "validate": _runs((2.0, 50), (3.0, 50), (2.5, 50)), "files": 4200, "bytes": 52_000_000},
        "pelican": {"full": _runs((8.0, 100), (4.0, 120), (5.0, 110)), "incremental": _runs((6.0, 0), (3.0, 0), (4.5, 0)),
                    "files": 2100, "bytes": 13_000_000},
    }


def _line(text: str, measure: str) -> list[str]:
    found = [cells for cells in ([cell.strip() for cell in line.split("|")] for line in text.splitlines()) if cells[3:4] == [measure]]
    assert len(found) == 1, (measure, text)
    return found[0]


def test_ratios_are_of_the_medians_and_rounds_give_their_spread():
    text = site.table([made_up_case()])
    # Medians 12 and 5: 2.40; rounds 12/8, 10/4, 14/5 = 1.50, 2.50, 2.80.
    assert _line(text, "full build (s)") == ["synthetic", "1000", "260", "full build (s)", "12.0", "5.0", "2.40", "1.50–2.80"]
    # Medians 11 and 4.5; rounds 11/6, 9/3, 13/4.5.
    assert _line(text, "rebuild after one edit (s)")[4:] == ["11.0", "4.5", "2.44", "1.83–3.00"]
    assert _line(text, "rebuild / full build")[4:] == ["0.92", "0.90", "", ""]
    # No Pelican counterpart: the ratio is to Pelican's full build (2.5 / 5), each round to its own.
    assert _line(text, "make validate (s) [a]")[4:] == ["2.5", "-", "0.50", "0.25–0.75"]
    # Memory: the highest peaks (310 / 120); rounds 300/100, 310/120, 305/110.
    assert _line(text, "peak memory, full build (MB)")[4:] == ["310", "120", "2.58", "2.58–3.00"]
    assert _line(text, "files written")[4:] == ["4200", "2100", "2.00", ""]
    assert _line(text, "bytes written (MB)")[4:] == ["52.0", "13.0", "4.00", ""]


def test_table_has_its_header_a_block_a_directory_and_no_trailing_space():
    text = site.table([made_up_case(), made_up_case(communes=1300), made_up_case("register 78", 259)])
    lines = text.splitlines()
    assert [cell.strip() for cell in lines[0].split("|")] == list(COLUMNS)
    assert sum(line.startswith("register 78 ") for line in lines) == len(MEASURES)
    assert sum(set(line) == {"-"} for line in lines) == 4  # under the header, then after each directory
    assert all(line == line.rstrip() for line in lines)


def test_edits_change_one_title_and_keep_the_record_valid(tmp_path):
    from annuaire.records.loader import inspect

    data = tmp_path / "data"
    write_directory(data, 20, seed=3, commune_count=5)
    before = {path.name: path.read_text("utf-8") for path in (data / "offers").glob("*.yaml")}
    path = site.edit_offer_title(data, 1)
    site.edit_offer_title(data, 2)
    title = yaml.safe_load(path.read_text("utf-8"))["titre"]
    assert title.endswith(" (modifiée 2)") and "(modifiée 1)" not in title
    assert [name for name, text in before.items() if (data / "offers" / name).read_text("utf-8") != text] == [path.name]
    _sources, errors = inspect(data, None)
    assert errors == []
    content = tmp_path / "articles"
    content.mkdir()
    (content / "article-0.md").write_text("Title: Association numéro 0\nDate: 2026-01-01\n\nTexte.\n", "utf-8")
    site.edit_article_title(content, 3)
    assert (content / "article-0.md").read_text("utf-8").startswith("Title: Association numéro 0 (modifiée 3)\nDate:")


def test_smoke_run_at_a_tiny_size_prints_every_column_and_measure():
    completed = subprocess.run([sys.executable, "-m", "bench.site", "--sizes", "60", "--communes", "20", "--runs", "1"],
                               cwd=ROOT, capture_output=True, text=True, timeout=60, check=True)
    lines = completed.stdout.splitlines()
    header = next(line for line in lines if line.startswith("directory"))
    assert [cell.strip() for cell in header.split("|")] == list(COLUMNS)
    for measure in MEASURES:
        cells = _line(completed.stdout, measure)
        assert cells[:3] == ["synthetic", "60", "20"] and cells[4] not in ("", "-"), cells
    assert float(_line(completed.stdout, "files written")[4]) > 60  # at least a page a record
