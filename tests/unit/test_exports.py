"""Open data exports: CSV, JSON, GeoJSON and the data package, parsed by standard libraries."""

import csv
import datetime
import hashlib
import io
import json

import jsonschema
from conftest import ROOT, TODAY

from annuaire.publish import exports
from annuaire.publish.tabular import LIST_SEPARATOR, columns
from annuaire.records.loader import load_directory

DAY = datetime.date.fromisoformat(TODAY)


def sample():
    return load_directory(ROOT / "data", DAY)


def url(record):
    return f"{record.kind.name}/{record.slug}/"


def files(directory=None, today=DAY):
    return exports.files(directory or sample(), today, url)


def read_csv(content: bytes):
    assert content.startswith("\ufeff".encode("utf-8"))
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def test_csv_round_trips_the_records():
    d, found = sample(), files()
    rows = read_csv(found["offres.csv"])
    assert [row["id"] for row in rows] == sorted(record.slug for record in d.offers)
    for row in rows:
        data = d.get("offer", row["id"]).data
        assert row["titre"] == data["titre"] and row["conditions.type"] == data["conditions"]["type"]
        assert row["themes"].split(LIST_SEPARATOR) == data["themes"]
        assert row["description"] == data.get("description", "")
        assert row["exemple"] == ("true" if data.get("exemple") else "")
    header = found["offres.csv"].decode("utf-8-sig").split("\r\n", 1)[0]
    assert header.split(",")[:5] == ["id", "url", "titre", "organisation", "categorie"]


def test_json_round_trips_the_records_and_matches_its_schema():
    d, found = sample(), files()
    for table in exports.tables():
        rows = json.loads(found[f"{table.name}.json"])
        assert [row["id"] for row in rows] == sorted(record.slug for record in d.records[table.kind])
        for row in rows:
            record = d.get(table.kind, row["id"])
            assert {key: value for key, value in row.items() if key not in ("id", "url")} == {k: v for k, v in record.data.items() if k != "id"}
        jsonschema.Draft202012Validator(json.loads(found[f"schemas/{table.name}.schema.json"])).validate(rows)


def test_partnerships_list_every_partner_with_its_role():
    d, found = sample(), files()
    rows = read_csv(found["partenariats.csv"])
    assert len(rows) == sum(len(project.partners) for project in d.projects)
    assert {"projet": "ptce-la-verriere", "organisation": "ville-la-verriere", "role": "autorite-publique", "precisions": "Commune où le pôle est implanté."} in rows


def test_geojson_places_records_and_says_how():
    found = files()
    collection = json.loads(found["lieux.geojson"])
    assert collection["type"] == "FeatureCollection"
    by_id = {feature["id"]: feature for feature in collection["features"]}
    own = by_id["offre/octet-pour-tous-salle-informatique"]
    assert own["geometry"]["coordinates"] == [2.0702, 48.7751] and own["properties"]["position"] == "fiche"
    by_commune = by_id["besoin/chapiteau-bleu-fourgon-tournee"]
    assert by_commune["geometry"]["coordinates"] == [2.0031, 48.83] and by_commune["properties"]["position"] == "commune"
    assert "offre/equilib-energy-partage-de-locaux" not in by_id  # neither coordinates nor commune
    assert "organisation/ville-la-verriere" in by_id and "organisation/mgen" not in by_id


def test_expired_records_are_not_exported():
    later = datetime.date(2027, 4, 12)  # the van need expired on 2027-04-11
    found = files(load_directory(ROOT / "data", DAY), later)
    assert "chapiteau-bleu-fourgon-tournee" not in {row["id"] for row in read_csv(found["besoins.csv"])}
    assert "chapiteau-bleu-fourgon-tournee" not in found["besoins.json"].decode()
    assert "chapiteau-bleu-fourgon-tournee" not in found["lieux.geojson"].decode()


def test_no_source_path_in_exports():
    for name, content in files().items():
        if not name.startswith("schemas/"):  # schemas describe fields, with the folders they refer to
            assert b".yaml" not in content and b"data/" not in content, name


def test_data_package_describes_every_file():
    found = files()
    package = exports.datapackage(found, name="annuaire", title="Annuaire", description="", license={"name": "etalab-2.0", "path": "https://example.org/", "title": "Licence"})
    assert package["licenses"][0]["name"] == "etalab-2.0"
    paths = {resource["path"] for resource in package["resources"]}
    assert paths == {name for name in found if not name.startswith("schemas/")}
    for resource in package["resources"]:
        content = found[resource["path"]]
        assert resource["bytes"] == len(content) and resource["hash"] == "sha256:" + hashlib.sha256(content).hexdigest()
        if resource["format"] == "csv":
            header = content.decode("utf-8-sig").split("\r\n", 1)[0].split(",")
            assert [field["name"] for field in resource["schema"]["fields"]] == header
        if "schema" in resource and isinstance(resource["schema"], str):
            assert resource["schema"] in found
    names = [resource["name"] for resource in package["resources"]]
    assert len(names) == len(set(names))
    keys = {r["name"]: r["schema"].get("foreignKeys") for r in package["resources"] if r["format"] == "csv"}
    assert keys["offres-csv"] == [{"fields": ["organisation"], "reference": {"resource": "organisations-csv", "fields": ["id"]}}]


def test_columns_follow_the_schema_order():
    names = [column.name for column in columns("organisation.schema.json")]
    assert names[:4] == ["id", "url", "nom", "sigle"] and "coordonnees.lat" in names and "contact.email" in names


def test_exports_are_deterministic():
    assert files() == files()


def test_csv_cells_never_start_a_formula():
    from annuaire.publish.tabular import Column

    rows = [{"id": "x", "texte": "=HYPERLINK(\"https://evil.example\")", "tel": "+33 1 23 45 67 89", "n": -2.5, "moins": "-moins", "ok": "Bonjour"}]
    table = [Column("id", "", "", "string", path=("id",))] + [
        Column(name, "", "", "number" if name == "n" else "string", path=(name,)) for name in ("texte", "tel", "n", "moins", "ok")
    ]
    row = next(csv.DictReader(io.StringIO(exports.to_csv(rows, table).decode("utf-8-sig"), newline="")))
    assert row == {"id": "x", "texte": "'=HYPERLINK(\"https://evil.example\")", "tel": "'+33 1 23 45 67 89", "n": "-2.5", "moins": "'-moins", "ok": "Bonjour"}


def test_a_dissolved_organisation_and_its_offers_and_needs_are_not_exported():
    d = sample()
    d.get("organisation", "compagnie-du-chapiteau-bleu").data["dissoute"] = True
    found = files(d)
    gone = {"compagnie-du-chapiteau-bleu", "chapiteau-bleu-charge-communication", "chapiteau-bleu-fourgon-tournee"}
    for table in ("organisations", "offres", "besoins"):
        assert not gone & {row["id"] for row in read_csv(found[f"{table}.csv"])}, table
        assert not gone & {row["id"] for row in json.loads(found[f"{table}.json"])}, table
    assert not gone & {feature["properties"]["id"] for feature in json.loads(found["lieux.geojson"])["features"]}
    # Its project still names it, but no partnership row points to an organisation the organisations table lacks.
    project = next(row for row in json.loads(found["projets.json"]) if row["id"] == "groupement-employeurs-ouest-sqy")
    assert "compagnie-du-chapiteau-bleu" in {partner["organisation"] for partner in project["partenaires"]}
    partners = {row["organisation"] for row in read_csv(found["partenariats.csv"])}
    assert "compagnie-du-chapiteau-bleu" not in partners
    assert partners <= {row["id"] for row in read_csv(found["organisations.csv"])}
