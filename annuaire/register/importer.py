"""`make import-rna`: a territory's associations from the register, as organisation records.

Three phases, so that a failed import writes nothing: read (the files are streamed
and filtered by territory, in bounded memory), plan (every record's new text is
computed and checked against the schema), write (each file to a temporary name,
then all renamed). A second run with the same file plans nothing.
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from annuaire.contribute.scaffold import MAX_SLUG, slugify
from annuaire.problems import Problem, display_path
from annuaire.record_types import record_type
from annuaire.records import schema_check, schemas
from annuaire.records.loader import SLUG, reserved_names
from annuaire.records.yaml_source import MAX_LIST_BYTES, load_file
from annuaire.register import reimport
from annuaire.register.association import Places, is_active, organisation
from annuaire.register.communes_file import existing_communes
from annuaire.register.readable import PlaceNames, fold
from annuaire.register.record_file import field_order, render, update
from annuaire.register.register_csv import Reading, RegisterFile, date_or_none, read_rows, register_files
from annuaire.register.territory import Geography, Territory
from annuaire.register.themes_mapping import ThemesMapping, load

ORGANISATION = record_type("organisation")
HEADER = (
    f"# yaml-language-server: $schema=../../annuaire/schemas/{ORGANISATION.schema}\n"
    "# Fiche créée d'après le Répertoire national des associations (make import-rna). Complétez-la librement :\n"
    "# un nouvel import ne remplace jamais un champ modifié ici.\n"
)


class RegisterImportError(Exception):
    """The import cannot start: its problems, all at once."""

    def __init__(self, problems: list):
        super().__init__("\n".join(map(str, problems)))
        self.problems = problems


@dataclass
class ImportReport:
    territory: str
    files: list[tuple[str, Reading]] = field(default_factory=list)
    read: int = 0
    outside: int = 0
    kept: int = 0
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    dissolved: int = 0
    dissolved_absent: int = 0
    unknown_communes: Counter = field(default_factory=Counter)
    invalid: list[Problem] = field(default_factory=list)
    repeated: int = 0
    possible_duplicates: list[str] = field(default_factory=list)
    unmapped: Counter = field(default_factory=Counter)
    kept_edits: Counter = field(default_factory=Counter)  # field → records where a person's edit was kept
    written: bool = False

    @property
    def changes(self) -> int:
        return self.added + self.updated

    def __str__(self) -> str:
        lines = [f"Import du Répertoire national des associations — territoire : {self.territory}"]
        unread = [reading.outside for _name, reading in self.files if reading.outside]
        for name, reading in self.files:
            if not reading.outside:
                lines.append(f"  {name} : {reading.edition}, {reading.encoding}, {_n(reading.rows)} lignes")
        if unread:
            lines.append(f"  {len(unread)} fichier(s) d'autres départements non lus ({', '.join(unread[:12])}{'…' if len(unread) > 12 else ''})")
            if reading.replaced_characters:
                lines.append("    des caractères illisibles ont été remplacés par « \ufffd » (encodage mélangé ?)")
        lines += [
            f"Lignes lues : {_n(self.read)}",
            f"  hors du territoire : {_n(self.outside)}",
            f"  dans le territoire : {_n(self.kept)}",
            f"Fiches ajoutées : {_n(self.added)}",
            f"Fiches mises à jour : {_n(self.updated)}" + (f" (dont {_n(self.dissolved)} marquées dissoutes)" if self.dissolved else ""),
            f"Fiches inchangées : {_n(self.unchanged)}",
        ]
        if self.kept_edits:
            fields = ", ".join(f"{name} ({count})" for name, count in sorted(self.kept_edits.items()))
            lines.append(f"Modifications de contributeurs gardées (champ, nombre de fiches) : {fields}")
        skipped = [
            ("dissoutes ou supprimées au registre, absentes de l'annuaire", self.dissolved_absent),
            ("lignes en double (même numéro RNA ; la plus récente est gardée)", self.repeated),
            ("commune absente de communes.yaml (ajoutez-la : make communes)", sum(self.unknown_communes.values())),
            ("lignes invalides", len(self.invalid)),
        ]
        if any(count for _label, count in skipped):
            lines.append("Écartées :")
            lines += [f"  {label} : {_n(count)}" for label, count in skipped if count]
        if self.unknown_communes:
            lines.append("  codes INSEE inconnus : " + ", ".join(f"{code} ({count})" for code, count in self.unknown_communes.most_common(10)))
        lines += [f"  {problem}" for problem in self.invalid[:20]]
        if len(self.invalid) > 20:
            lines.append(f"  … et {len(self.invalid) - 20} autres lignes invalides")
        if self.possible_duplicates:
            lines.append(f"Doublons possibles, non importés ({len(self.possible_duplicates)}) : même nom et même commune qu'une fiche sans numéro RNA ;")
            lines.append("  si c'est la même association, ajoutez « rna: » à sa fiche, le prochain import la complétera :")
            lines += [f"  {text}" for text in self.possible_duplicates[:20]]
        if self.unmapped:
            codes = ", ".join(f"{code} ({count})" for code, count in self.unmapped.most_common(10))
            lines.append(f"Objets sociaux sans thème (thèmes par défaut donnés ; voir themes-rna.yaml) : {_n(sum(self.unmapped.values()))} — {codes}")
        if not self.written and self.changes:
            lines.append("Essai : rien n'a été écrit.")
        return "\n".join(lines)


def _n(number: int) -> str:
    return f"{number:,}".replace(",", "\u202f")


@dataclass
class _Existing:
    """The organisations already in the folder, found by their numbers or, without any, by name and commune."""

    paths: dict[str, Path] = field(default_factory=dict)  # slug → file
    records: dict[str, dict] = field(default_factory=dict)  # slug → its data, read once
    by_number: dict[tuple[str, str], str] = field(default_factory=dict)  # ("rna"|"siret", number) → slug
    by_name: dict[tuple[str, str], str] = field(default_factory=dict)  # (folded name, commune) → slug of a record without RNA

    @classmethod
    def read(cls, folder: Path) -> tuple[_Existing, list[Problem]]:
        found, problems = cls(), []
        for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else ():
            document, unreadable = load_file(path, path.as_posix())
            if document is None or not isinstance(document.data, dict):
                problems += unreadable or [Problem(display_path(path), 1, "", "une fiche est attendue (des champs « nom: valeur »)")]
                continue
            data = document.data
            found.paths[path.stem] = path
            found.records[path.stem] = data
            for number in ("rna", "siret"):
                if isinstance(data.get(number), str):
                    found.by_number.setdefault((number, data[number]), path.stem)
            if not data.get("rna") and isinstance(data.get("nom"), str):
                found.by_name.setdefault((fold(data["nom"]), str(data.get("commune"))), path.stem)
        return found, problems

    def match(self, record: dict) -> str | None:
        for number in ("rna", "siret"):
            if record.get(number) and (number, record[number]) in self.by_number:
                return self.by_number[(number, record[number])]
        return None


def import_register(paths: list[Path], data: Path, territory: Territory | None, geography: Geography, with_contacts: bool = False, write: bool = True) -> ImportReport:
    """Read, plan and (unless `write` is false) write; raise RegisterImportError before writing anything when it cannot be done."""
    data = Path(data)
    files = register_files(paths)
    communes = existing_communes(data)
    if not communes:
        raise RegisterImportError([f"{display_path(data / 'communes.yaml')} : aucune commune ; ajoutez d'abord celles du territoire : make communes DATA={data} DEPARTEMENT=…"])
    themes, problems = _known_themes(data)
    mapping, mapping_problems = load(data, themes) if themes is not None else (None, [])
    if problems or mapping_problems:
        raise RegisterImportError(problems + mapping_problems)
    if territory is None:
        territory = Territory("les communes de communes.yaml", tuple(geography.current[item["insee"]] for item in communes if item.get("insee") in geography.current))
    places = _places(communes, geography)
    folder = data / ORGANISATION.folder
    existing, unreadable = _Existing.read(folder)
    if unreadable:
        raise RegisterImportError(unreadable + ["Corrigez ces fiches (make validate) avant d'importer : l'import doit pouvoir les relire pour ne rien écraser."])
    report = ImportReport(territory.description)
    rows = _territory_rows(files, territory, geography, report)
    planned = _plan(rows, data, places, mapping, existing, geography, with_contacts, report)
    report.unmapped = mapping.unmapped
    if write and planned:
        _write(planned, folder)
        report.written = True
    elif not planned:
        report.written = True  # nothing to write: nothing is pending either
    return report


def _known_themes(data: Path) -> tuple[set[str] | None, list]:
    path = data / "themes.yaml"
    document, problems = load_file(path, display_path(path), MAX_LIST_BYTES)
    if document is None or not isinstance(document.data, list):
        return None, problems or [f"{display_path(path)} : une liste de thèmes est attendue"]
    return {item["id"] for item in document.data if isinstance(item, dict) and isinstance(item.get("id"), str)}, []


def _places(communes: list[dict], geography: Geography) -> Places:
    by_insee = {geography.current_code(item["insee"]): item["id"] for item in communes if isinstance(item.get("insee"), str) and isinstance(item.get("id"), str)}
    return Places(
        by_insee=by_insee,
        postal_codes={item["id"]: list(item.get("codes_postaux") or []) for item in communes if "id" in item},
        names={item["id"]: {fold(item.get("nom", ""))} for item in communes if "id" in item},
        spelling=PlaceNames([item.get("nom", "") for item in communes] + list(geography.departements.values())),
    )


def _territory_rows(files: list[RegisterFile], territory: Territory, geography: Geography, report: ImportReport) -> dict[str, tuple]:
    """The territory's rows, one per association (the most recently updated), read in bounded memory."""
    codes = territory.codes
    kept: dict[str, tuple] = {}
    for file in files:
        reading = Reading()
        report.files.append((file.name, reading))
        if file.departement and file.departement not in territory.departements:
            reading.outside = file.departement
            continue  # a national zip: only the territory's départements are read
        for row in read_rows(file, reading, keep=lambda insee: geography.current_code(insee) in codes):
            if row.values is None:
                if row.problem:
                    report.invalid.append(Problem(file.shown, row.line, "", row.problem))
                else:
                    report.outside += 1
                continue
            number = row.values["id"]
            if number in kept:
                report.repeated += 1
                if kept[number][0].values["maj_time"] > row.values["maj_time"]:
                    continue
            kept[number] = (row, reading.edition)
        report.read += reading.rows
    report.kept = len(kept) + report.repeated
    return kept


def _plan(rows: dict, data: Path, places: Places, mapping: ThemesMapping, existing: _Existing, geography: Geography, with_contacts: bool, report: ImportReport) -> dict[Path, str]:
    """Every file to write, with its new text; nothing is written here."""
    order = field_order(ORGANISATION.schema)
    folder = data / ORGANISATION.folder
    taken = set(existing.paths) | reserved_names(ORGANISATION)
    planned: dict[Path, str] = {}
    validator = schemas.validator(ORGANISATION.schema)
    for number in sorted(rows):  # by RNA number: new identifiers do not depend on the order of the files
        row, edition = rows[number]
        values = row.values
        commune = places.by_insee.get(geography.current_code(values["adrs_codeinsee"].upper()))
        if commune is None:
            report.unknown_communes[values["adrs_codeinsee"]] += 1
            continue
        imported = organisation(values, edition, commune, places, mapping, with_contacts)
        imported.setdefault("mis_a_jour", row.file.date or "2000-01-01")
        provenance = {"source": edition, **({"fichier": row.file.date} if row.file.date else {}), "maj": _update_time(values, imported)}
        slug = existing.match(imported)
        if slug is None:
            text = _new_record(imported, provenance, existing, row, report, validator, order)
            if text is None:
                continue
            slug = _free_name(imported, taken)
            taken.add(slug)
            planned[folder / f"{slug}.yaml"] = text
            report.added += 1
            continue
        path, current = existing.paths[slug], existing.records[slug]
        plan = reimport.plan(current, imported, provenance)
        for name in plan.kept_edits:
            report.kept_edits[name] += 1
        if not plan.changes:
            report.unchanged += 1
            continue
        merged = {**current, **plan.changes}
        merged = {key: value for key, value in merged.items() if value is not reimport.DELETE}
        errors = [error for error in validator.iter_errors(merged) if error.path and error.path[0] in plan.changes]
        if errors:
            report.invalid.append(Problem(row.file.shown, row.line, str(errors[0].path[0]), schema_check.explain(errors[0])))
            continue
        planned[path] = update(path.read_text(encoding="utf-8"), plan.changes, order)
        report.updated += 1
        report.dissolved += plan.changes.get("dissoute") is True
    return planned


def _new_record(imported: dict, provenance: dict, existing: _Existing, row, report: ImportReport, validator, order) -> str | None:
    if not is_active(row.values):
        report.dissolved_absent += 1
        return None
    twin = existing.by_name.get((fold(imported["nom"]), imported["commune"]))
    if twin is not None:
        report.possible_duplicates.append(f"{imported['rna']} « {imported['nom']} » ({imported['commune']}) ↔ organisations/{twin}.yaml")
        return None
    record = reimport.new_record(imported, provenance)
    errors = list(validator.iter_errors(record))
    if errors:
        error = errors[0]
        where = ".".join(str(part) for part in error.path)
        report.invalid.append(Problem(row.file.shown, row.line, where, schema_check.explain(error)))
        return None
    return render(HEADER, record, order)


def _update_time(values: dict[str, str], imported: dict) -> str:
    value = values["maj_time"].strip()
    if len(value) == 19 and date_or_none(value[:10]):
        return value
    return f"{imported['mis_a_jour']} 00:00:00"


def _free_name(imported: dict, taken: set[str]) -> str:
    """The file name: the name made plain, then with its commune, then with its RNA number."""
    plain = slugify(imported["nom"]) or "association"
    for suffix in ("", imported["commune"], imported["rna"].lower()):
        candidate = slugify(f"{plain[: MAX_SLUG - len(suffix) - 1]} {suffix}") if suffix else plain
        if candidate not in taken and SLUG.match(candidate):
            return candidate
    return imported["rna"].lower()  # unique: the register's own number


def _write(planned: dict[Path, str], folder: Path) -> None:
    """All files to temporary names first; only once every one is written are they renamed into place."""
    folder.mkdir(parents=True, exist_ok=True)
    temporaries = []
    try:
        for path, text in sorted(planned.items()):
            temporary = path.with_name(f".{path.name}.import")
            temporary.write_text(text, encoding="utf-8")
            temporaries.append((temporary, path))
    except OSError:
        for temporary, _path in temporaries:
            temporary.unlink(missing_ok=True)
        raise
    for temporary, path in temporaries:
        os.replace(temporary, path)

