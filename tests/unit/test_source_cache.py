"""annuaire.records.source_cache: a data file read once is not read again until its bytes change."""

import datetime
import shutil

from conftest import MINIMAL, TODAY

from annuaire.problems import InvalidDirectory
from annuaire.records.loader import inspect, load_directory
from annuaire.records.source_cache import FILE, SourceCache

DAY = datetime.date.fromisoformat(TODAY)


def snapshot(data, cache=None):
    sources, problems = inspect(data, DAY, 1, cache)
    return {kind: [(source.slug, source.data, source.valid) for source in items] for kind, items in sources.items()}, problems


def test_unchanged_files_come_from_the_cache_with_the_same_result(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(MINIMAL, data)
    first = SourceCache(tmp_path / "cache")
    expected = snapshot(data)
    assert snapshot(data, first) == expected
    assert first.read > 0
    second = SourceCache(tmp_path / "cache")
    assert snapshot(data, second) == expected
    assert second.read == 0


def test_an_edited_file_is_read_again_and_its_problem_reported(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(MINIMAL, data)
    snapshot(data, SourceCache(tmp_path / "cache"))
    offer = data / "offers" / "salle-verte.yaml"
    offer.write_text(offer.read_text("utf-8").replace("categorie: locaux", "categorie: chateau"), "utf-8")
    cache = SourceCache(tmp_path / "cache")
    _sources, problems = snapshot(data, cache)
    assert cache.read == 1
    assert [problem.field for problem in problems] == ["categorie"]
    offer.write_text(offer.read_text("utf-8").replace("categorie: chateau", "categorie: locaux"), "utf-8")
    again = SourceCache(tmp_path / "cache")
    load_directory(data, DAY, 1, again)
    assert again.read == 1  # the cache keeps the last build's files only: the old version was dropped


def test_a_damaged_cache_is_ignored(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(MINIMAL, data)
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / FILE).write_bytes(b"not a pickle")
    cache = SourceCache(tmp_path / "cache")
    assert snapshot(data, cache) == snapshot(data)
    assert cache.read > 0


def test_a_problem_in_a_cached_file_still_stops_the_build(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(MINIMAL, data)
    offer = data / "offers" / "salle-verte.yaml"
    offer.write_text(offer.read_text("utf-8").replace("categorie: locaux", "categorie: chateau"), "utf-8")
    for _ in range(2):
        try:
            load_directory(data, DAY, 1, SourceCache(tmp_path / "cache"))
        except InvalidDirectory as error:
            assert "categorie" in str(error)
        else:
            raise AssertionError("the invalid record was published")
