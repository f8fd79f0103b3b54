"""Reading the register's files: both editions, both encodings, zips, columns by name, streamed."""

import inspect
import zipfile

import pytest

from annuaire.register import register_csv
from annuaire.register.register_csv import Reading, RegisterFile, RegisterFileError, read_rows, register_files

from .conftest import IMPORT, WALDEC


def _rows(path, member=None):
    reading = Reading()
    return list(read_rows(RegisterFile(path, member), reading)), reading


def test_latin1_waldec_file_with_columns_in_its_own_order():
    rows, reading = _rows(WALDEC)
    assert (reading.edition, reading.encoding, reading.rows) == ("rna_waldec", "ISO-8859-1", 9)
    first = rows[0]
    assert first.line == 2 and first.values["id"] == "W781000001"
    assert first.values["email"] == "apeg@example.org"  # a column some editions add, found by its name
    assert all("\ufffd" not in value for row in rows if row.values for value in row.values.values())


def test_utf8_import_file():
    rows, reading = _rows(IMPORT)
    assert (reading.edition, reading.encoding) == ("rna_import", "UTF-8")
    assert rows[1].values["titre"] == "FÉDÉRATION DES ŒUVRES LAÏQUES"


def test_windows_punctuation_in_a_latin1_file_is_read_as_typed(tmp_path):
    path = tmp_path / "rna_waldec_20250901_dpt_78.csv"
    text = WALDEC.read_bytes().decode("cp1252").replace("Pratique du tennis.", "L’école « ouverte ».")
    path.write_bytes(text.encode("cp1252"))
    rows, reading = _rows(path)
    assert reading.encoding == "ISO-8859-1"
    assert any(row.values and row.values["objet"] == "L’école « ouverte »." for row in rows)


def test_malformed_rows_are_reported_with_their_line():
    rows, _reading = _rows(WALDEC)
    problems = {row.line: row.problem for row in rows if row.problem}
    assert "numéro RNA « BAD000008 » invalide" in problems[9]
    assert problems[10].startswith("15 colonnes au lieu de 41")


def test_rows_outside_the_territory_are_never_built():
    reading = Reading()
    rows = list(read_rows(RegisterFile(WALDEC), reading, keep=lambda insee: insee == "78297"))
    assert {row.values["adrs_codeinsee"] for row in rows if row.values} == {"78297"}
    assert reading.rows == 9


def test_a_file_that_is_not_the_register_gets_one_clear_error(tmp_path):
    other = tmp_path / "adherents.csv"
    other.write_text("nom;prenom;email\nDupont;Jean;j@example.org\n", encoding="utf-8")
    with pytest.raises(RegisterFileError, match="ce n'est pas un fichier du Répertoire national des associations.*colonnes attendues absentes : id, titre"):
        _rows(other)
    commas = tmp_path / "rna_waldec_20250901.csv"
    commas.write_text(WALDEC.read_text(encoding="cp1252").replace(";", ","), encoding="utf-8")
    with pytest.raises(RegisterFileError, match="séparé par « ; »"):
        _rows(commas)


def test_zip_of_one_file_per_departement(tmp_path):
    archive = tmp_path / "rna_waldec_20250901.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.write(WALDEC, "rna_waldec_20250901_dpt_78.csv")
        zipped.write(WALDEC, "rna_waldec_20250901_dpt_91.csv")
        zipped.writestr("LISEZMOI.txt", "notice")
    files = register_files([archive])
    assert [(file.name, file.departement, file.date) for file in files] == [
        ("rna_waldec_20250901_dpt_78.csv", "78", "2025-09-01"),
        ("rna_waldec_20250901_dpt_91.csv", "91", "2025-09-01"),
    ]
    rows, reading = _rows(archive, "rna_waldec_20250901_dpt_78.csv")
    assert reading.rows == 9 and rows[0].values["id"] == "W781000001"


def test_missing_file_and_empty_zip(tmp_path):
    with pytest.raises(RegisterFileError, match="fichier introuvable"):
        register_files([tmp_path / "absent.csv"])
    empty = tmp_path / "vide.zip"
    with zipfile.ZipFile(empty, "w") as zipped:
        zipped.writestr("LISEZMOI.txt", "")
    with pytest.raises(RegisterFileError, match="aucun fichier CSV"):
        register_files([empty])


def test_rows_are_streamed():
    assert inspect.isgeneratorfunction(read_rows)


def test_register_dates():
    assert register_csv.date_or_none("0001-01-01") is None
    assert register_csv.date_or_none("2015-03-02") == "2015-03-02"
    assert register_csv.date_or_none("") is None
