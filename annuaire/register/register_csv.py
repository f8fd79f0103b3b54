"""Reading the register's files (RNA), row by row, in bounded memory.

The Ministry of the Interior publishes two editions every month, `rna_waldec_AAAAMMJJ`
and `rna_import_AAAAMMJJ`, each a zip of one CSV per département (or one of its CSV
files). Columns are matched by name, never by position: some editions add columns.
The encoding is detected (historically ISO-8859-1, sometimes UTF-8); Windows
punctuation (’ « ») in a Latin-1 file is read as what its author typed.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

WALDEC = "rna_waldec"
IMPORT = "rna_import"
NO_DATE = "0001-01-01"

# Columns without which a file is not the register's; the address columns tell the edition.
REQUIRED = ("id", "titre", "objet", "position", "adrs_codeinsee", "maj_time")
EDITION_COLUMNS = {WALDEC: "adrs_libvoie", IMPORT: "adr1"}
_ID = re.compile(r"^W[0-9][0-9AB][0-9]{7}$")  # as the schema: Corsica's numbers start W2A, W2B
_FILE_DATE = re.compile(r"(?:^|_)(20[0-9]{2})([01][0-9])([0-3][0-9])(?:_|\.|$)")
_DEPARTEMENT_MEMBER = re.compile(r"_dpt_([0-9]{2,3}|2[AB])\.csv$", re.IGNORECASE)
SNIFF_BYTES = 1 << 16

csv.field_size_limit(1 << 20)  # an `objet` can be long; a 1 MiB cell means a broken file, not a record


def _windows_then_latin1(error: UnicodeDecodeError):
    """cp1252 leaves five bytes undefined: read them as Latin-1 rather than fail."""
    return error.object[error.start : error.end].decode("latin-1"), error.end


codecs.register_error("annuaire-latin1", _windows_then_latin1)


class RegisterFileError(Exception):
    """A file that cannot be read as the register's: one message, in French."""


@dataclass(frozen=True)
class RegisterFile:
    """One CSV of the register: a file on disk, or a member of a zip."""

    path: Path
    member: str | None = None

    @property
    def name(self) -> str:
        return self.member or self.path.name

    @property
    def shown(self) -> str:
        return f"{self.path.name}:{self.member}" if self.member else self.path.as_posix()

    @property
    def date(self) -> str | None:
        """The publication date in the file's name (rna_waldec_20250901…), as AAAA-MM-JJ."""
        found = _FILE_DATE.search(Path(self.name).name) or _FILE_DATE.search(self.path.name)
        return f"{found[1]}-{found[2]}-{found[3]}" if found else None

    @property
    def departement(self) -> str | None:
        """The département of a per-département file (…_dpt_78.csv), else None."""
        found = _DEPARTEMENT_MEMBER.search(self.name)
        return found[1].upper() if found else None

    def open_binary(self):
        if self.member is None:
            return self.path.open("rb")
        archive = zipfile.ZipFile(self.path)
        return _ClosingMember(archive, archive.open(self.member))


class _ClosingMember(io.BufferedReader):
    """A zip member whose archive closes with it."""

    def __init__(self, archive: zipfile.ZipFile, member):
        super().__init__(member)
        self._archive = archive

    def close(self):
        super().close()
        self._archive.close()


def register_files(paths: list[Path]) -> list[RegisterFile]:
    """Every CSV named, or inside a zip named, in order."""
    found = []
    for path in paths:
        path = Path(path)
        if not path.is_file():
            raise RegisterFileError(f"{path} : fichier introuvable")
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                members = sorted(name for name in archive.namelist() if name.lower().endswith(".csv"))
            if not members:
                raise RegisterFileError(f"{path} : l'archive ne contient aucun fichier CSV du registre")
            found += [RegisterFile(path, member) for member in members]
        else:
            found.append(RegisterFile(path))
    return found


def detect_encoding(sample: bytes) -> str:
    """UTF-8 when the start of the file reads as UTF-8 (a character cut at the end is fine), else Latin-1."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        decoder.decode(sample, final=False)
    except UnicodeDecodeError:
        return "latin-1"
    return "utf-8"


@dataclass(frozen=True)
class Row:
    file: RegisterFile
    line: int
    values: dict[str, str] | None  # None: a malformed line
    problem: str = ""


@dataclass
class Reading:
    """What reading a file found, beside its rows: for the report."""

    edition: str = ""
    encoding: str = ""
    columns: tuple[str, ...] = ()
    rows: int = 0
    replaced_characters: bool = False
    outside: str = ""  # the département of a file left unread, outside the territory


def read_rows(file: RegisterFile, reading: Reading, keep=lambda insee: True) -> Iterator[Row]:
    """The rows of one file, with their line numbers; rows whose office code `keep` refuses are only counted.

    Reading is streamed: memory does not grow with the file.
    """
    with file.open_binary() as raw:
        sample = raw.read(SNIFF_BYTES)
    encoding = detect_encoding(sample)
    reading.encoding = "UTF-8" if encoding == "utf-8" else "ISO-8859-1"
    python_codec, errors = ("utf-8-sig", "replace") if encoding == "utf-8" else ("cp1252", "annuaire-latin1")
    with file.open_binary() as raw:
        text = io.TextIOWrapper(raw, encoding=python_codec, errors=errors, newline="")
        reader = csv.reader(text, delimiter=";", quotechar='"')
        header = next(reader, None)
        columns = tuple(name.strip().strip("\ufeff").lower() for name in header or ())
        reading.columns = columns
        reading.edition = _edition(file, columns)
        index = {name: position for position, name in enumerate(columns)}
        office = index["adrs_codeinsee"]
        width = len(columns)
        line = reader.line_num + 1
        for cells in reader:
            start, line = line, reader.line_num + 1
            if not cells or cells == [""]:
                continue
            reading.rows += 1
            if len(cells) != width:
                yield Row(file, start, None, f"{len(cells)} colonnes au lieu de {width} (point-virgule ou guillemet en trop ?)")
                continue
            if not keep(cells[office].strip().upper()):
                yield Row(file, start, None, "")  # outside the territory: counted, never built
                continue
            values = {name: cells[position].strip() for name, position in index.items()}
            if "\ufffd" in "".join(cells):
                reading.replaced_characters = True
            problem = _row_problem(values)
            yield Row(file, start, None if problem else values, problem)


def _edition(file: RegisterFile, columns: tuple[str, ...]) -> str:
    missing = [name for name in REQUIRED if name not in columns]
    editions = [edition for edition, column in EDITION_COLUMNS.items() if column in columns]
    if missing or len(editions) != 1:
        seen = ", ".join(columns[:6]) + ("…" if len(columns) > 6 else "") if columns else "aucune"
        raise RegisterFileError(
            f"{file.shown} : ce n'est pas un fichier du Répertoire national des associations "
            f"(rna_waldec ou rna_import, CSV séparé par « ; ») : colonnes lues : {seen}"
            + (f" ; colonnes attendues absentes : {', '.join(missing)}" if missing else "")
        )
    return editions[0]


def _row_problem(values: dict[str, str]) -> str:
    if not _ID.match(values["id"]):
        return f"numéro RNA « {values['id'][:20]} » invalide (W suivi de 9 caractères)"
    if not values["titre"]:
        return "titre vide"
    if values["position"] not in ("A", "D", "S"):
        return f"position « {values['position'][:10]} » inconnue (A, D ou S)"
    return ""


def date_or_none(value: str) -> str | None:
    """A register date, or None for its « none » (0001-01-01) and anything that is not a date."""
    value = value.strip()[:10]
    if value == NO_DATE or not re.match(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$", value):
        return None
    return value
