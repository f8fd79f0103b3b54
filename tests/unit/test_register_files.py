"""The generator of register (RNA) files for tests and benchmarks: deterministic, in the register's format, with its oddities, streamed."""

import collections
import csv
import datetime
import importlib.util
import inspect
import io
import re
import zipfile

import pytest
from conftest import ROOT

from annuaire.records.identifiers import siret_valid


def _module():
    spec = importlib.util.spec_from_file_location("bench_register_files", ROOT / "bench" / "register_files.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


rna = _module()

TERRITORY = [
    ("78297", "78280", "Guyancourt"), ("78545", "78210", "Saint-Cyr-l'École"), ("78621", "78990", "Élancourt"),
    ("78383", "78990", "Magny-les-Hameaux"), ("02383", "02200", "Œuilly"), ("78158", "78150", "Le Chesnay-Rocquencourt"),
    ("78440", "78130", "Les Mureaux"), ("78005", "78260", "Achères"),
]
OUTSIDE = [("91477", "91120", "Palaiseau"), ("92012", "92100", "Boulogne-Billancourt"), ("95127", "95000", "Cergy")]
ROWS = 10_000
DATE = "20250901"
VALID_ID = re.compile(r"^W[0-9]{9}$")


def rows(**options):
    arguments = {"edition": "waldec", "rows": ROWS, "seed": 2026, "communes": TERRITORY, "outside": OUTSIDE, "date": DATE} | options
    return rna.generate_rows(**arguments)


@pytest.fixture(scope="module")
def waldec():
    return list(rows(with_contacts=True, hostile=True))


def good(items):
    return [row for row in items if isinstance(row, dict)]


def hostile(row):
    return row["titre"] in rna.HOSTILE


def ordinary(items):
    return [row for row in good(items) if not hostile(row)]


def csv_bytes(items, header, utf8=False, tmp_path=None):
    path = tmp_path / "out.csv"
    rna.write_csv(path, header, items, utf8=utf8)
    return path.read_bytes()


def share(items, predicate):
    return sum(1 for row in items if predicate(row)) / len(items)


def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path):
    header = rna.columns("waldec")
    first = csv_bytes(rows(rows=1500), header, tmp_path=tmp_path)
    assert csv_bytes(rows(rows=1500), header, tmp_path=tmp_path) == first
    assert csv_bytes(rows(rows=1500, seed=7), header, tmp_path=tmp_path) != first


def test_the_file_is_latin1_with_the_registers_exact_header(tmp_path):
    content = csv_bytes(rows(rows=2000), rna.columns("waldec"), tmp_path=tmp_path)
    text = content.decode("latin-1")
    assert text.split("\r\n", 1)[0] == (
        "id;id_ex;siret;rup_mi;gestion;date_creat;date_decla;date_publi;date_disso;nature;groupement;titre;titre_court;objet;"
        "objet_social1;objet_social2;adrs_complement;adrs_numvoie;adrs_repetition;adrs_typevoie;adrs_libvoie;adrs_distrib;"
        "adrs_codeinsee;adrs_codepostal;adrs_libcommune;adrg_declarant;adrg_complemid;adrg_complemgeo;adrg_libvoie;adrg_distrib;"
        "adrg_codepostal;adrg_achemine;adrg_pays;dir_civilite;siteweb;publiweb;observation;position;maj_time"
    )
    assert "é".encode("latin-1") in content and "Élancourt".encode("latin-1") in content
    with pytest.raises(UnicodeDecodeError):
        content.decode("utf-8")  # accents are single Latin-1 bytes
    records = list(csv.DictReader(io.StringIO(text, newline=""), delimiter=";"))
    assert len(records) == 2000 and records[0]["id"] and records[0]["maj_time"]


def test_utf8_option_and_the_other_headers(tmp_path):
    content = csv_bytes(rows(rows=300, edition="import"), rna.columns("import"), utf8=True, tmp_path=tmp_path)
    assert content.decode("utf-8").split("\r\n", 1)[0] == (
        "id;id_ex;siret;gestion;date_creat;date_publi;nature;groupement;titre;objet;objet_social1;objet_social2;adr1;adr2;adr3;"
        "adrs_codepostal;libcom;adrs_codeinsee;dir_civilite;telephone;siteweb;email;observation;position;rup_mi;maj_time"
    )
    header = rna.columns("waldec", with_contacts=True)
    assert header[header.index("telephone") : header.index("observation") + 1] == ("telephone", "email", "observation")
    assert set(header) - set(rna.WALDEC_COLUMNS) == {"telephone", "email"}


def test_every_text_is_latin1_and_communes_are_in_the_registers_style(waldec):
    for row in waldec:
        row.encode("latin-1") if isinstance(row, str) else [value.encode("latin-1") for value in row.values()]
    styles = {row["adrs_libcommune"] for row in ordinary(waldec)}
    assert {"GUYANCOURT", "SAINT CYR L ECOLE", "ELANCOURT", "OEUILLY", "LE CHESNAY ROCQUENCOURT", "PALAISEAU"} <= styles
    assert all(re.fullmatch(r"[A-Z ]+", style) for style in styles)


def test_oddities_in_their_proportions(waldec):
    rows_ = ordinary(waldec)
    assert 0.06 < share(rows_, lambda row: row["position"] in ("D", "S")) < 0.10
    assert 0.035 < share(rows_, lambda row: row["adrs_codeinsee"][:2] in ("91", "92", "95")) < 0.065
    assert 0.005 < share(rows_, lambda row: row["objet_social1"] in rna.UNKNOWN_CODES) < 0.02
    assert 0.01 < share(rows_, lambda row: row["date_creat"] == rna.NONE_DATE) < 0.04
    assert 0.6 < share(rows_, lambda row: row["titre"] == rna.capitals(row["titre"])) < 0.9
    assert 0.1 < share(rows_, lambda row: row["titre_court"].endswith("...")) < 0.3
    assert 0.15 < share(rows_, lambda row: row["titre_court"] and row["titre_court"] == rna.acronym(rna.capitals(row["titre"]))) < 0.35
    assert 0.01 < share(rows_, lambda row: len(row["objet"]) >= 300) and any(len(row["objet"]) > 1000 for row in rows_)
    assert any(row["objet"] == "" for row in rows_) and any(row["titre"] != row["titre"].upper() and "é" in row["titre"] for row in rows_)
    assert {row["adrs_typevoie"] for row in rows_} == set(rna.STREET_TYPES)
    assert {row["adrs_repetition"] for row in rows_} == {"", "B", "T"} and {row["groupement"] for row in rows_} == {"S", "U", "F"}
    assert {row["dir_civilite"] for row in rows_} == {"M", "MME", "PM", ""}
    assert "COMITE DES FETES DE GUYANCOURT" in {row["titre"] for row in rows_}


def test_codes_ids_and_dates_are_consistent(waldec):
    rows_ = good(waldec)
    ids = [row["id"] for row in rows_]
    assert len(set(ids)) == len(ids) and all(VALID_ID.match(identifier) for identifier in ids)
    known = set(rna.read_social_codes())
    assert all(code in known or code in rna.UNKNOWN_CODES or code == "" for row in rows_ for code in (row["objet_social1"], row["objet_social2"]))
    file_date = datetime.date(2025, 9, 1).isoformat()
    for row in rows_:
        assert rna.NONE_DATE <= row["date_creat"] < file_date and row["maj_time"] < file_date
        assert (row["date_disso"] != rna.NONE_DATE) == (row["position"] == "D"), row
    sirets = [row["siret"] for row in rows_ if row["siret"]]
    assert 0.1 < len(sirets) / len(rows_) < 0.2
    assert 0.6 < sum(map(siret_valid, sirets)) / len(sirets) < 0.95
    sites = collections.Counter(row["siteweb"] for row in rows_)
    assert 0.8 < sites[""] / len(rows_) < 0.95 and sites["non"] and any(site.startswith("www.") for site in sites)
    assert any(row["email"].endswith("@example.org") for row in rows_) and any(row["telephone"].startswith("0199") for row in rows_)


def test_private_addresses_are_marked_in_every_text_field(waldec):
    private = ("adrg_declarant", "adrg_complemid", "adrg_complemgeo", "adrg_libvoie", "adrg_distrib", "adrg_achemine")
    values = [row[name] for row in good(waldec) for name in private if row[name]]
    assert len(values) > 20_000 and all(rna.PRIVATE_MARKER in value for value in values)


def test_malformed_rows_exist_when_asked_and_only_then(tmp_path, waldec):
    raw = [row for row in waldec if isinstance(row, str)]
    assert 0.0005 < len(raw) / ROWS < 0.005
    assert {line.reason for line in raw} == {"too few fields", "too many fields", "bad id", "empty title"}
    header = rna.columns("waldec", with_contacts=True)
    text = csv_bytes(waldec, header, tmp_path=tmp_path).decode("latin-1")
    records = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))[1:]
    assert len(records) == ROWS
    wrong_length = [record for record in records if len(record) != len(header)]
    bad_ids = [record for record in records if not VALID_ID.match(record[0])]
    untitled = [record for record in records if len(record) == len(header) and record[header.index("titre")] == ""]
    assert wrong_length and bad_ids and untitled
    assert not any(isinstance(row, str) for row in rows(rows=3000, malformed=False))


def test_a_raw_line_is_one_record_even_with_line_breaks_in_its_fields():
    line = rna.format_line(["W781000001", "objet\nsur deux lignes", "retour\rchariot", "a;b", 'guillemet "x"'])
    assert list(csv.reader(io.StringIO(line + rna.LINE_END, newline=""), delimiter=";")) == [
        ["W781000001", "objet\nsur deux lignes", "retour\rchariot", "a;b", 'guillemet "x"']
    ]


def test_hostile_rows_put_every_payload_into_every_text_column(waldec):
    found = [row for row in good(waldec) if hostile(row)]
    assert len(found) == ROWS // rna.HOSTILE_EVERY
    territory = {insee for insee, _postal, _name in TERRITORY}
    assert all(row["adrs_codeinsee"] in territory and row["position"] == "A" and row["siteweb"] == "javascript:alert(1)" for row in found)
    payloads = {value.removeprefix(rna.PRIVATE_MARKER + " ") for row in found for value in row.values()}
    assert set(rna.HOSTILE) <= payloads
    text_columns = ("titre", "titre_court", "objet", "adrs_libvoie", "adrs_libcommune", "observation", "email", "adrg_libvoie")
    for row in found:
        assert all(row[name].removeprefix(rna.PRIVATE_MARKER + " ") in rna.HOSTILE for name in text_columns)
    assert not any(hostile(row) for row in good(rows(rows=2000)))


def test_import_edition_has_free_address_lines_and_legacy_numbers():
    rows_ = good(rows(rows=3000, edition="import"))
    assert all(set(row) == set(rna.IMPORT_COLUMNS) and VALID_ID.match(row["id"]) and re.fullmatch(r"0[0-9]{9}", row["id_ex"]) for row in rows_)
    assert any(row["adr1"] == "MAIRIE" for row in rows_) and any(re.fullmatch(r"[0-9]+ RUE DE LA PAIX", row["adr2"]) for row in rows_)
    assert any(row["adr3"].startswith("BP ") for row in rows_) and "SAINT CYR L ECOLE" in {row["libcom"] for row in rows_}
    assert share(rows_, lambda row: row["date_creat"] < "2009-03-01") > 0.95


class Row(dict):
    """A row that counts how many of its kind are alive."""

    alive = 0

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        Row.alive += 1

    def __del__(self):
        Row.alive -= 1


def test_rows_are_generated_lazily_and_written_in_bounded_memory(tmp_path):
    assert inspect.isgenerator(rows(rows=1_500_000))
    path = tmp_path / "big.csv"
    header = rna.columns("waldec")
    template = dict.fromkeys(header, "") | {"id": "W781000001", "titre": "ASSOCIATION SPORTIVE DE GUYANCOURT", "position": "A"}
    on_disk = []

    def source(count):
        for number in range(count):
            if number == 150_000:
                on_disk.append((Row.alive, path.stat().st_size))
            yield Row(template, objet=f"Objet {number}")

    assert rna.write_csv(path, header, source(200_000)) == 200_000
    held, size = on_disk[0]
    assert held <= 2  # the writer keeps no row it has written
    assert size > path.stat().st_size * 0.7  # three quarters through the rows, the file was already on disk that far
    assert path.read_bytes().count(b"\r\n") == 200_001


def test_zip_has_one_member_per_departement_named_like_the_register(tmp_path):
    path = tmp_path / f"rna_waldec_{DATE}.zip"
    header = rna.columns("waldec")
    counts = rna.write_zip(path, header, rows(rows=3000), "waldec", DATE)
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        assert names == [f"rna_waldec_{DATE}_dpt_{departement}.csv" for departement in sorted(counts)]
        assert {"02", "78", "91", "92", "95"} == set(counts) and sum(counts.values()) == 3000
        text = archive.read(f"rna_waldec_{DATE}_dpt_78.csv").decode("latin-1")
    records = list(csv.DictReader(io.StringIO(text, newline=""), delimiter=";"))
    assert list(records[0]) == list(header) and len(records) == counts["78"]
    assert all(record["adrs_codeinsee"].startswith("78") for record in records if record.get("adrs_codeinsee") and VALID_ID.match(record["id"]))


def test_command_line_takes_the_communes_from_the_official_geography(tmp_path):
    if not (ROOT / "node_modules" / "@etalab" / "decoupage-administratif" / "data" / "communes.json").exists():
        pytest.skip("node_modules is missing: run `npm ci` (or `make setup`)")
    path = tmp_path / "rna_import_20250901.zip"
    assert rna.main(["--edition", "import", "--rows", "400", "--departement", "78", "--output", str(path)]) == 0
    with zipfile.ZipFile(path) as archive:
        assert "rna_import_20250901_dpt_78.csv" in archive.namelist()
        assert set(archive.namelist()) <= {f"rna_import_20250901_dpt_{code}.csv" for code in ("75", "77", "78", "91", "92", "93", "94", "95")}
        records = list(csv.DictReader(io.StringIO(archive.read("rna_import_20250901_dpt_78.csv").decode("latin-1"), newline=""), delimiter=";"))
    assert all(re.fullmatch(r"[A-Z0-9 ]+", record["libcom"]) for record in records if record.get("libcom"))
