"""`make import-rna` end to end: on a copy of the sample data, with the fixture files of both editions."""

from __future__ import annotations

import csv
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path
from unittest import mock

import pytest

from annuaire.cli import build
from annuaire.records.loader import validate
from annuaire.records.yaml_source import parse
from annuaire.register import importer
from annuaire.register.communes_file import add_communes
from annuaire.register.importer import RegisterImportError, import_register
from annuaire.settings import CHECKOUT
from tests.site_helpers import page

from .conftest import IMPORT, WALDEC, snapshot

ACTIVE_IN_78 = {"W781000001", "W781000002", "W781000003", "W781000006", "W781000007", "W781000101", "W781000102"}
PRIVATE = ("GERANT PRIVE", "Gerant Prive", "DUPONT", "Dupont", "MARTIN", "Martin", "DURAND", "Durand")


@pytest.fixture
def yvelines(sample, geography):
    """The sample data with every commune of the Yvelines."""
    territory = geography.territory(departement="78")
    add_communes(sample, territory, geography)
    return sample, territory


def _import(data, territory, geography, *files, **options):
    return import_register(list(files) or [WALDEC, IMPORT], data, territory, geography, **options)


def _by_rna(data: Path) -> dict[str, tuple[Path, dict]]:
    found = {}
    for path in sorted((data / "organisations").glob("*.yaml")):
        record = parse(path.read_text(encoding="utf-8")).data
        if record.get("rna"):
            found[record["rna"]] = (path, record)
    return found


def _variant(tmp_path: Path, name: str, *replacements: tuple[str, str]) -> Path:
    """A copy of the waldec fixture with some text replaced (a newer file of the register)."""
    text = WALDEC.read_bytes().decode("cp1252")
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new)
    path = tmp_path / name
    path.write_bytes(text.encode("cp1252"))
    return path


def _built_site(data: Path, tmp_path: Path) -> Path:
    """The site of `data`, built on a fixed day."""
    site = tmp_path / "site"
    with mock.patch.dict(os.environ, {"ANNUAIRE_TODAY": "2026-12-01"}):
        assert build(data, site, CHECKOUT / "pelican.conf.py") == 0
    return site


def _assert_nothing_runs(main, where: str) -> None:
    """Hostile register text came out as text: no element, handler or link that runs anything."""
    assert not main.find_all(["script", "img", "iframe"]), where
    # The only drawing is the small map the build makes (mini_map.py), and it draws shapes and text only.
    assert all(svg.find_parent("figure", class_="mini-map") for svg in main.find_all("svg")), where
    assert {tag.name for svg in main.find_all("svg") for tag in svg.find_all(True)} <= {"rect", "circle", "path", "text", "g"}, where
    assert not [tag for tag in main.find_all(True) if any(name.startswith("on") for name in tag.attrs)], where
    unsafe = [link for link in main.find_all("a") if ":" in link.get("href", "") and not link.get("href", "").startswith(("http://", "https://", "/", "../", "mailto:", "tel:", "#"))]
    assert not unsafe, where


def test_every_active_association_of_the_territory_gets_a_valid_record_and_a_page(yvelines, geography, tmp_path):
    data, territory = yvelines
    report = _import(data, territory, geography)
    assert (report.read, report.outside, report.added, report.updated, report.dissolved_absent, len(report.invalid)) == (11, 1, 7, 0, 1, 2)
    assert report.unmapped == {"099999": 1}
    records = _by_rna(data)
    assert ACTIVE_IN_78 <= set(records) and "W781000004" not in records and "W751000005" not in records
    assert validate(data) == []
    path, apeg = records["W781000001"]
    assert path.name == "association-des-parents-d-eleves-de-guyancourt.yaml"
    assert apeg["nom"] == "Association des parents d'eleves de Guyancourt" and apeg["titre_officiel"] == "ASSOCIATION DES PARENTS D'ELEVES DE GUYANCOURT"
    assert (apeg["sigle"], apeg["commune"], apeg["code_postal"], apeg["adresse"]) == ("APEG", "guyancourt", "78280", "12 bis avenue de la Gare")
    assert apeg["themes"] == ["education", "jeunesse"] and apeg["fondee_en"] == 2012 and apeg["site_web"] == "http://www.apeg-guyancourt.fr"
    assert apeg["registre"]["source"] == "rna_waldec" and apeg["registre"]["maj"] == "2024-05-02 10:11:12" and apeg["mis_a_jour"] == "2024-05-02"
    _path, lavoir = records["W781000002"]
    assert "sigle" not in lavoir and lavoir["siret"] == "73282932000074" and len(lavoir["resume"]) <= 280
    assert lavoir["description"].startswith(lavoir["resume"][:50])  # the whole purpose, when the summary had to be cut
    assert records["W781000003"][1]["nom"] == "Club de tennis de Saint-Cyr-l'École" and "site_web" not in records["W781000003"][1]
    assert records["W781000102"][1]["titre_officiel"] == "FÉDÉRATION DES ŒUVRES LAÏQUES"
    site = _built_site(data, tmp_path)
    for path, record in records.values():
        if record["rna"] in ACTIVE_IN_78:
            heading = page(site, f"organisations/{path.stem}/").find("h1")
            assert heading is not None and heading.get_text(" ", strip=True).startswith(record["nom"])
    hostile = page(site, f"organisations/{records['W781000006'][0].stem}/")
    main = hostile.find("main")
    _assert_nothing_runs(main, "W781000006")
    assert "<script>alert('titre')</script>" in main.get_text()  # shown as text, not run


def test_no_personal_data_unless_asked(yvelines, geography):
    data, territory = yvelines
    _import(data, territory, geography)
    written = "".join(path.read_text(encoding="utf-8") for path in (data / "organisations").glob("*.yaml"))
    assert not [word for word in PRIVATE if word in written]  # neither the manager's address, nor a « chez » complement
    assert "apeg@example.org" not in written and "01 39" not in written
    _import(data, territory, geography, with_contacts=True)  # asked: added to the records, as a contributor would
    _path, apeg = _by_rna(data)["W781000001"]
    assert apeg["contact"] == {"email": "apeg@example.org", "telephone": "01 39 00 00 01"}
    assert _by_rna(data)["W781000101"][1]["contact"] == {"email": "usm@example.org", "telephone": "01 39 00 00 02"}


def test_a_second_identical_import_changes_nothing(yvelines, geography):
    data, territory = yvelines
    _import(data, territory, geography)
    before = snapshot(data)
    report = _import(data, territory, geography)
    assert (report.added, report.updated, report.unchanged) == (0, 0, 7)
    assert snapshot(data) == before


def test_a_newer_file_updates_the_register_fields_but_never_a_persons_edit(yvelines, geography, tmp_path):
    data, territory = yvelines
    _import(data, territory, geography)
    path, apeg = _by_rna(data)["W781000001"]
    edited = path.read_text(encoding="utf-8").replace(apeg["resume"], "Les parents d'élèves de Guyancourt, pour toutes les écoles.")
    path.write_text(edited, encoding="utf-8")
    newer = _variant(
        tmp_path, "rna_waldec_20251001_dpt_78.csv",
        ("ORGANISER DES ACTIVITES PERISCOLAIRES.", "ORGANISER DES ACTIVITES PERISCOLAIRES ET DES FETES."),
        ("12;B;AV;DE LA GARE", "14;;AV;DE LA GARE"),
        ("2024-05-02 10:11:12", "2025-09-15 09:00:00"),
        ("FRANCE;M;;0;;;;A;2019-09-09 09:09:09", "FRANCE;M;;0;;;;D;2025-09-02 00:00:00"),  # the comité des fêtes, dissolved
    )
    report = _import(data, territory, geography, newer, IMPORT)
    assert (report.added, report.updated, report.dissolved) == (0, 2, 1) and report.kept_edits == {"resume": 1}
    text = path.read_text(encoding="utf-8")
    apeg = parse(text).data
    assert apeg["resume"] == "Les parents d'élèves de Guyancourt, pour toutes les écoles."  # the person's edit stands
    assert apeg["adresse"] == "14 avenue de la Gare" and apeg["mis_a_jour"] == "2025-09-15"
    assert apeg["registre"]["fichier"] == "2025-10-01" and apeg["registre"]["maj"] == "2025-09-15 09:00:00"
    assert _by_rna(data)["W781000007"][1]["dissoute"] is True  # dissolved: marked, never deleted
    assert validate(data) == []
    again = _import(data, territory, geography, newer, IMPORT)
    assert (again.updated, again.kept_edits) == (0, {"resume": 1})  # the edit is still known as one


def test_an_existing_record_with_the_same_number_is_completed_never_duplicated(yvelines, geography, tmp_path):
    """Les Jardins du Plateau (sample, made by hand) carries the RNA number W789990003."""
    data, territory = yvelines
    own = (data / "organisations" / "jardins-du-plateau.yaml").read_text(encoding="utf-8")
    newer = _variant(tmp_path, "rna_waldec_20251001_dpt_78.csv", ("W781000007;", "W789990003;"), ("COMITE DES FETES D ELANCOURT", "JARDINS DU PLATEAU"))
    report = _import(data, territory, geography, newer)
    assert report.updated == 1 and not list((data / "organisations").glob("jardins-du-plateau-*.yaml"))
    text = (data / "organisations" / "jardins-du-plateau.yaml").read_text(encoding="utf-8")
    lines = text.splitlines()
    assert [line for line in lines if line in own.splitlines()] == own.splitlines()  # every line of theirs, in order
    record = parse(text).data
    assert record["nom"] == "Les Jardins du Plateau (exemple)" and record["commune"] == "magny-les-hameaux"  # theirs, kept
    assert record["titre_officiel"] == "JARDINS DU PLATEAU" and set(record["registre"]["empreintes"]) == {"titre_officiel", "sigle"}


def test_same_name_and_commune_without_a_number_is_a_possible_duplicate(yvelines, geography):
    data, territory = yvelines
    (data / "organisations" / "comite-des-fetes.yaml").write_text(
        "nom: Comité des fêtes d'Élancourt\ntype: association\nresume: Les fêtes de la ville, toute l'année.\nthemes: [culture]\n"
        "commune: elancourt\nmis_a_jour: 2026-01-01\n",
        encoding="utf-8",
    )
    report = _import(data, territory, geography)
    assert report.added == 6 and len(report.possible_duplicates) == 1
    assert "W781000007" in report.possible_duplicates[0] and "organisations/comite-des-fetes.yaml" in report.possible_duplicates[0]
    assert "W781000007" not in _by_rna(data)


def test_nothing_is_written_when_writing_fails(yvelines, geography, monkeypatch):
    data, territory = yvelines
    before = snapshot(data)
    written = []
    real = Path.write_text

    def full_disk(self, text, *args, **kwargs):
        if len(written) == 3:
            raise OSError(28, "No space left on device")
        written.append(self)
        return real(self, text, *args, **kwargs)

    monkeypatch.setattr(Path, "write_text", full_disk)
    with pytest.raises(OSError):
        _import(data, territory, geography)
    assert snapshot(data) == before  # not one record, not one temporary file


def test_a_file_that_is_not_the_register_changes_nothing(yvelines, geography, tmp_path):
    data, _territory = yvelines
    other = tmp_path / "adherents.csv"
    other.write_text("nom;prenom\nDupont;Jean\n", encoding="utf-8")
    before = snapshot(data)
    result = subprocess.run(
        [sys.executable, "-m", "annuaire", "import-rna", str(WALDEC), str(other), "--data", str(data), "--departement", "78"],
        capture_output=True, text=True, check=False,
    )
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.strip().count("\n") == 0 and "adherents.csv : ce n'est pas un fichier du Répertoire national des associations" in result.stderr
    assert snapshot(data) == before


def test_a_broken_themes_mapping_is_reported_before_anything_is_read(yvelines, geography):
    data, territory = yvelines
    mapping = data / "themes-rna.yaml"
    mapping.write_text(mapping.read_text(encoding="utf-8").replace('"011000": [sport]', '"011000": [sports]').replace('"030010"', '"999999"'), encoding="utf-8")
    with pytest.raises(RegisterImportError) as raised:
        _import(data, territory, geography)
    messages = [str(problem) for problem in raised.value.problems]
    line = mapping.read_text(encoding="utf-8").splitlines().index('  "011000": [sports]  # sports, activités de plein air') + 1
    assert f"themes-rna.yaml:{line}: familles.011000: thème « sports » inconnu de themes.yaml" in "\n".join(messages), messages
    assert any("codes.999999: code absent de la nomenclature" in message for message in messages), messages


def test_a_national_zip_reads_only_the_territorys_departements(yvelines, geography, tmp_path):
    data, territory = yvelines
    archive = tmp_path / "rna_waldec_20250901.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.write(WALDEC, "rna_waldec_20250901_dpt_78.csv")
        zipped.write(WALDEC, "rna_waldec_20250901_dpt_91.csv")
    report = _import(data, territory, geography, archive)
    assert [(name, reading.rows) for name, reading in report.files] == [("rna_waldec_20250901_dpt_78.csv", 9), ("rna_waldec_20250901_dpt_91.csv", 0)]
    assert report.added == 5


def test_the_command_line_reports_in_french(yvelines, tmp_path):
    data, _territory = yvelines
    command = [sys.executable, "-m", "annuaire", "import-rna", str(WALDEC), str(IMPORT), "--data", str(data), "--departement", "78"]
    trial = subprocess.run([*command, "--essai"], capture_output=True, text=True, check=True)
    assert "Fiches ajoutées : 7" in trial.stdout and "Essai : rien n'a été écrit." in trial.stdout
    assert not _by_rna(data).keys() & ACTIVE_IN_78
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    assert "Fiches ajoutées : 7" in done.stdout and "hors du territoire : 1" in done.stdout
    assert f"{WALDEC.name}:10: 15 colonnes au lieu de 41" in done.stdout
    assert "dissoutes ou supprimées au registre, absentes de l'annuaire : 1" in done.stdout
    assert "Objets sociaux sans thème" in done.stdout and "099999 (1)" in done.stdout


def test_reports_are_french_numbers():
    assert importer._n(1500000) == "1\u202f500\u202f000"


def _generated_file(tmp_path: Path, departement: str, rows: int) -> Path:
    """A register file of `rows` generated rows for a département, hostile text in every text column of some."""
    from bench import register_files

    communes, outside, former = register_files.geography_communes(departement)
    path = tmp_path / f"rna_waldec_20250901_dpt_{departement}.csv"
    generated = register_files.generate_rows("waldec", rows, 7, communes, outside, hostile=True, former=former)
    register_files.write_csv(path, register_files.columns("waldec"), generated)
    return path


def test_a_generated_overseas_departement_end_to_end(sample, geography, tmp_path):
    """On a copy of the sample data: communes of La Réunion, then 600 generated rows, hostile ones included, then validate and build."""
    territory = geography.territory(departement="974")
    add_communes(sample, territory, geography)
    path = _generated_file(tmp_path, "974", 600)
    report = _import(sample, territory, geography, path)
    active = set()
    with path.open(encoding="latin-1", newline="") as file:
        for row in csv.DictReader(file, delimiter=";"):
            if row["position"] == "A" and geography.current_code(row["adrs_codeinsee"] or "") in territory.codes and re.fullmatch(r"W[0-9]{9}", row["id"] or "") and row["titre"]:
                active.add(row["id"])
    records = _by_rna(sample)
    assert report.added == len(active) > 400 and set(records) >= active
    assert validate(sample) == []
    before = snapshot(sample)
    assert _import(sample, territory, geography, path).changes == 0 and snapshot(sample) == before
    site = _built_site(sample, tmp_path)
    for number in sorted(active):
        path_, record = records[number]
        document = page(site, f"organisations/{path_.stem}/")
        main = document.find("main")
        assert main.find("h1").get_text(" ", strip=True).startswith(record["nom"])
        _assert_nothing_runs(main, number)


def test_a_record_with_the_same_siret_is_the_same_association(yvelines, geography):
    data, territory = yvelines
    (data / "organisations" / "lavoir.yaml").write_text(
        "nom: Le Lavoir\ntype: association\nresume: Les amis du lavoir de La Verrière.\nthemes: [culture]\n"
        'siret: "73282932000074"\nmis_a_jour: 2026-01-01\n',
        encoding="utf-8",
    )
    report = _import(data, territory, geography)
    assert report.added == 6 and report.updated == 1
    record = parse((data / "organisations" / "lavoir.yaml").read_text(encoding="utf-8")).data
    assert (record["nom"], record["rna"], record["commune"]) == ("Le Lavoir", "W781000002", "la-verriere")
