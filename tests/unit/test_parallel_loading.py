"""The data folder read on several cores: the same directory and the same problems whatever JOBS is.

A synthetic folder of 400 records (above the loader's PARALLEL_FROM) with a few mistakes written in,
read by one worker and by two; small folders are read without any fork.
"""

from __future__ import annotations

import datetime
import os

import pytest
import yaml
from conftest import ROOT, TODAY

from annuaire import cli
from annuaire.publish.markup import render_markdown
from annuaire.records import loader
from annuaire.workers import fork_map
from bench.synthetic import write_directory
from plugins import directory_records

DAY = datetime.date.fromisoformat(TODAY)
RECORDS = 400  # 401 files with the broken ones: above loader.PARALLEL_FROM, so two jobs really fork
MARKDOWN = "# Titre\n\nUn [lien](https://exemple.org) et <script>alert(1)</script>\n\n- un\n- deux\n\n1. premier\n"


def _edit(path, **fields):
    data = yaml.safe_load(path.read_text("utf-8"))
    data.update(fields)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000), "utf-8")


@pytest.fixture(scope="module")
def valid_folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("parallel") / "data"
    write_directory(folder, RECORDS, seed=13, commune_count=40)
    _edit(folder / "offers" / "offer-7.yaml", description=MARKDOWN)
    return folder


@pytest.fixture(scope="module")
def broken_folder(tmp_path_factory):
    """The same folder with mistakes spread over the record types, so over several workers' chunks."""
    folder = tmp_path_factory.mktemp("parallel-broken") / "data"
    write_directory(folder, RECORDS, seed=13, commune_count=40)
    # Bad YAML: a tab in the indentation.
    (folder / "organisations" / "org-3.yaml").write_text("nom: Tabulée\ncontact:\n\temail: a@b.fr\n", "utf-8")
    _edit(folder / "offers" / "offer-20.yaml", categorie="inconnue")  # schema: a value not in the list
    _edit(folder / "needs" / "need-50.yaml", commune="nulle-part")  # reference: an unknown commune
    (folder / "projects" / "Projet Mal Nommé.yaml").write_text("nom: x\n", "utf-8")  # file name
    return folder


def _fork_calls(monkeypatch) -> list[int]:
    """Spy on the loader's fork_map: the number of jobs of each call that forks, the work still done by the real one."""
    calls = []

    def spy(task, items, jobs=None, min_items=2):
        if len(items) >= min_items:
            calls.append(jobs)
        return fork_map(task, items, jobs, min_items)

    monkeypatch.setattr(loader, "fork_map", spy)
    return calls


def _record(record):
    """What a page shows of a record: its data and the records it is linked with, by slug."""

    def slugs(groups):
        return {name: [other.slug for other in items] for name, items in groups.items()}

    return record.slug, record.source, record.data, slugs(record.links), slugs(record.related), [(p.organisation.slug, p.role) for p in record.partners]


def _summary(sources):
    return {kind: [(s.kind, s.slug, s.shown, s.valid, s.path, s.data, s.document.lines, s.document.columns) for s in items]
            for kind, items in sources.items()}


def test_the_folder_is_above_the_threshold_and_the_sample_below():
    assert RECORDS + 1 >= loader.PARALLEL_FROM
    assert sum(1 for _ in (ROOT / "data").rglob("*.yaml")) < loader.PARALLEL_FROM


def test_one_or_two_jobs_load_the_same_directory(valid_folder, monkeypatch):
    calls = _fork_calls(monkeypatch)
    one = loader.load_directory(valid_folder, DAY, jobs=1)
    two = loader.load_directory(valid_folder, DAY, jobs=2)
    assert calls == [1, 2]
    assert list(one.records) == list(two.records)
    for kind, records in one.records.items():
        assert [_record(r) for r in records] == [_record(r) for r in two.records[kind]]
    assert len(two.records["organisation"]) == RECORDS * 0.4
    assert two.get("offer", "offer-7").data["description"] == MARKDOWN


def test_sources_keep_their_order_data_and_positions(valid_folder):
    sources_one, problems_one = loader.inspect(valid_folder, DAY, jobs=1)
    sources_two, problems_two = loader.inspect(valid_folder, DAY, jobs=2)
    assert problems_one == problems_two == []
    assert _summary(sources_one) == _summary(sources_two)
    assert [s.slug for s in sources_two["offer"]][:3] == ["offer-0", "offer-1", "offer-10"]  # the files' sorted order


def test_one_or_two_jobs_find_the_same_problems(broken_folder):
    sources_one, problems_one = loader.inspect(broken_folder, DAY, jobs=1)
    sources_two, problems_two = loader.inspect(broken_folder, DAY, jobs=2)
    assert problems_one == problems_two
    assert _summary(sources_one) == _summary(sources_two)
    files = {problem.file.rsplit("/", 2)[-2] + "/" + problem.file.rsplit("/", 1)[-1] for problem in problems_two}
    assert files == {"organisations/org-3.yaml", "offers/offer-20.yaml", "needs/need-50.yaml", "projects/Projet Mal Nommé.yaml"}


def test_a_problem_found_by_a_worker_reads_as_in_one_process(broken_folder, monkeypatch):
    calls = _fork_calls(monkeypatch)
    _sources, problems = loader.inspect(broken_folder, DAY, jobs=2)
    assert calls == [2]
    lines = {str(problem).removeprefix(broken_folder.as_posix() + "/") for problem in problems}
    assert "organisations/org-3.yaml:3:1: tabulation interdite : indentez avec des espaces" in lines
    line = (broken_folder / "offers" / "offer-20.yaml").read_text("utf-8").splitlines().index("categorie: inconnue") + 1
    assert any(text.startswith(f"offers/offer-20.yaml:{line}:1: categorie: ") for text in lines), lines
    line = (broken_folder / "needs" / "need-50.yaml").read_text("utf-8").splitlines().index("commune: nulle-part") + 1
    assert any(text.startswith(f"needs/need-50.yaml:{line}:1: commune: commune inconnue « nulle-part »") for text in lines), lines


def test_make_validate_says_the_same_with_one_or_two_jobs(broken_folder, monkeypatch, capsys):
    said = []
    for jobs in ("1", "2"):
        monkeypatch.setenv("JOBS", jobs)
        assert cli.validate(broken_folder, today=DAY, environ={}) == 1
        said.append(capsys.readouterr().err)
    assert said[0] == said[1]
    assert "tabulation interdite" in said[1]


def test_a_small_folder_is_read_without_forking(monkeypatch):
    calls = _fork_calls(monkeypatch)
    sources, problems = loader.inspect(ROOT / "data", DAY, jobs=2)
    assert calls == []
    assert problems == []
    assert sources["organisation"]


def test_descriptions_are_rendered_the_same_by_several_workers(valid_folder, monkeypatch):
    directory = loader.load_directory(valid_folder, DAY, jobs=1)
    texts = [record.data.get("description", "") for items in directory.records.values() for record in items]
    assert len(texts) >= directory_records.PARALLEL_FROM
    pids = []
    monkeypatch.setattr(directory_records, "render_markdown", lambda text: pids.append(os.getpid()) or render_markdown(text))
    two = directory_records.render_descriptions(texts, jobs=2)
    assert pids == []  # every text was rendered in a worker: the parent's list stayed empty
    one = directory_records.render_descriptions(texts, jobs=1)
    assert len(pids) == len(texts)
    assert one == two == [render_markdown(text) for text in texts]
    assert "<h3>Titre</h3>" in two[texts.index(MARKDOWN)] and "<script>" not in two[texts.index(MARKDOWN)]
