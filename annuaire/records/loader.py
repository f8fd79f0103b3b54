"""Load a data folder: read every file, validate it, check it as a whole, link it.

Every problem of every file is collected before anything is decided, so a
contributor sees all mistakes at once; any problem means no directory.

The record files, the bulk of the work, are read and checked on every core
(`annuaire.workers`); what comes back is in the files' order, so sources and
problems are the same whatever the number of workers.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path

from annuaire.images import IMAGE_FIELDS, IMAGE_SUFFIXES
from annuaire.images import checks as image_checks
from annuaire.problems import InvalidDirectory, Problem, display_path
from annuaire.record_types import BY_NAME, LIST_TYPES, RECORD_TYPES
from annuaire.records import consistency, schema_check, schemas
from annuaire.records.consistency import Source
from annuaire.records.empty_values import drop_empty_optional
from annuaire.records.model import Directory, Record, link
from annuaire.records.source_cache import SourceCache
from annuaire.records.yaml_source import MAX_LIST_BYTES, YamlDocument, load_file
from annuaire.workers import fork_map

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
IMPORT_SETTINGS = "themes-rna.yaml"  # read by `make import-rna` only: the themes of the register's social objects
_IGNORED = re.compile(r"^(\..*|README(\.\w+)?)$")  # hidden files, a folder's README
# Below this many record files, reading stays in this process: starting the workers and sending the
# sources back cost more than they save. Measured on synthetic folders with two workers: slower at
# 100 files (the sample has about 100), even at 200, 10 % faster at 300.
PARALLEL_FROM = 300


def load_directory(data_path: Path, today: datetime.date | None = None, jobs: int | None = None, cache: SourceCache | None = None) -> Directory:
    """The linked directory of `data_path`, or `InvalidDirectory` with every problem found.

    `jobs`: worker processes reading the record files; None for `job_count()` (JOBS, else every core).
    """
    sources, problems = inspect(data_path, today, jobs, cache)
    if problems:
        raise InvalidDirectory(problems)
    return link(
        {kind: [_record(source) for source in items] for kind, items in sources.items()},
        schemas.vocabulary("project.schema.json")["partenaires.role"],
    )


def validate(data_path: Path, today: datetime.date | None = None, jobs: int | None = None) -> list[Problem]:
    """Every problem of a data folder, sorted; empty when it is publishable."""
    try:
        load_directory(data_path, today, jobs)
    except InvalidDirectory as error:
        return error.problems
    return []


def inspect(
    data_path: Path, today: datetime.date | None = None, jobs: int | None = None, cache: SourceCache | None = None,
) -> tuple[dict[str, list[Source]], list[Problem]]:
    """Every file read and checked, with every problem found, sorted; sources come even when problems do."""
    sources, problems = read_sources(Path(data_path), jobs, cache)
    problems = consistency.check(sources, today or datetime.date.today(), problems)
    problems += image_checks.check(sources, Path(data_path), {kind: BY_NAME[kind].folder for kind in IMAGE_FIELDS})
    return {kind: items or [] for kind, items in sources.items()}, sorted(set(problems))


def read_sources(data_path: Path, jobs: int | None = None, cache: SourceCache | None = None) -> tuple[dict[str, list[Source]], list[Problem]]:
    if not data_path.is_dir():
        return {}, [Problem(display_path(data_path), 0, "", "dossier de données introuvable")]
    problems = _unexpected_entries(data_path)
    sources: dict[str, list[Source] | None] = {}
    for list_type in LIST_TYPES:
        items, found = _read_list(data_path / list_type.file, list_type)
        sources[list_type.name] = items
        problems += found
    files = []
    for record_type in RECORD_TYPES:
        sources[record_type.name] = []
        folder = data_path / record_type.folder
        files += [(path, record_type) for path in (sorted(folder.iterdir()) if folder.is_dir() else ())]
    for (_path, record_type), (source, found) in zip(files, _read_records(files, jobs, cache), strict=True):
        problems += found
        if source is not None:
            sources[record_type.name].append(source)
    return sources, problems


def _read_records(files: list, jobs: int | None, cache: SourceCache | None = None) -> list[tuple[Source | None, list[Problem]]]:
    """`_read_record` of each (path, record type), in order; by forked workers from PARALLEL_FROM files on;
    with a cache, only the files whose bytes changed since they were last read."""
    keys = [cache.entry(path, record_type.name) for path, record_type in files] if cache is not None else [None] * len(files)
    results = [cache.get(key) if cache is not None else None for key in keys]
    missing = [index for index, found in enumerate(results) if found is None]
    if len(missing) >= PARALLEL_FROM:
        for record_type in RECORD_TYPES:
            schemas.validator(record_type.schema)  # compiled once here, inherited by every worker
    for index, read in zip(missing, fork_map(_read_file, [files[index] for index in missing], jobs, min_items=PARALLEL_FROM), strict=True):
        results[index] = read
        if cache is not None:
            cache.put(keys[index], read)
    if cache is not None:
        cache.save()
    return results


def _read_file(item: tuple) -> tuple[Source | None, list[Problem]]:
    """In a worker: one file; its Source (a YamlDocument with its positions) and Problems travel back pickled."""
    return _read_record(*item)


def _unexpected_entries(data_path: Path) -> list[Problem]:
    expected = {t.file for t in LIST_TYPES} | {t.folder for t in RECORD_TYPES} | {IMPORT_SETTINGS}
    return [
        Problem(display_path(path), 0, "", f"fichier ou dossier inattendu ; attendus : {', '.join(sorted(expected))}")
        for path in sorted(data_path.iterdir())
        if path.name not in expected and not _IGNORED.match(path.name)
    ]


def _read_list(path: Path, list_type) -> tuple[list[Source] | None, list[Problem]]:
    """The list's items, or None when the file cannot be read as a list at all."""
    shown = display_path(path)
    if not path.is_file():
        return None, [Problem(shown, 0, "", f"fichier manquant : la liste des {list_type.label_plural.lower()}")]
    document, problems = load_file(path, shown, MAX_LIST_BYTES)
    if document is None:
        return None, problems
    document.data = drop_empty_optional(document.data, list_type.schema)
    problems = schema_check.check(document, list_type.schema, shown)
    if problems and not isinstance(document.data, list):
        return None, problems
    # Items with an identifier still count as known, so that one mistake does not cascade.
    return [
        Source(list_type.name, item["id"], document, shown, (index,), valid=not problems)
        for index, item in enumerate(document.data)
        if isinstance(item, dict) and isinstance(item.get("id"), str)
    ], problems


def _read_record(path: Path, record_type) -> tuple[Source | None, list[Problem]]:
    shown = display_path(path)
    if _IGNORED.match(path.name) or path.suffix.lower() in IMAGE_SUFFIXES:
        return None, []  # an image is checked with the records that cite it (annuaire.images.checks)
    if path.is_dir() or path.suffix != ".yaml":
        return None, [Problem(shown, 0, "", "chaque fiche est un fichier « .yaml » (renommez-le, ou retirez-le du dossier)")]
    if not SLUG.match(path.stem):
        return None, [Problem(shown, 0, "", "nom de fichier invalide : minuscules sans accents, chiffres et tirets seulement (par exemple « ma-structure.yaml »)")]
    if path.stem in reserved_names(record_type):
        return None, [Problem(shown, 0, "", f"le nom « {path.stem} » est réservé aux pages de l'annuaire : choisissez-en un autre")]
    document, problems = load_file(path, shown)
    if document is None:
        # Unreadable, but its identifier still exists: references to it are not reported twice.
        return Source(record_type.name, path.stem, YamlDocument({}), shown, valid=False), problems
    document.data = drop_empty_optional(document.data, record_type.schema)
    problems = schema_check.check(document, record_type.schema, shown)
    return Source(record_type.name, path.stem, document, shown, valid=not problems), problems


def reserved_names(record_type) -> set[str]:
    """Names that a record's page would share with its listing's filter and page folders."""
    return {facet.slug for facet in record_type.facets} | {"page"}


def _record(source: Source) -> Record:
    return Record(BY_NAME[source.kind], source.slug, source.data, source.shown)
