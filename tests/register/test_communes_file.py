"""`make communes`: a territory's communes appended to communes.yaml, every existing byte kept."""

from annuaire.records.loader import validate
from annuaire.records.yaml_source import parse
from annuaire.register.communes_file import add_communes


def test_adds_the_departement_and_keeps_the_sample_entries(sample, geography):
    before = (sample / "communes.yaml").read_text(encoding="utf-8")
    report = add_communes(sample, geography.territory(departement="78"), geography)
    after = (sample / "communes.yaml").read_text(encoding="utf-8")
    assert after.startswith(before)  # the sample's entries, comments and coordinates, byte for byte
    assert (report.already, len(report.added)) == (12, 247)
    communes = parse(after).data
    assert len(communes) == 259 and len({commune["id"] for commune in communes}) == 259
    versailles = next(commune for commune in communes if commune["insee"] == "78646")
    assert versailles == {"id": "versailles", "nom": "Versailles", "insee": "78646", "codes_postaux": ["78000"]}  # no coordinates invented
    assert validate(sample) == []


def test_a_second_run_changes_nothing(sample, geography):
    territory = geography.territory(departement="78")
    add_communes(sample, territory, geography)
    before = (sample / "communes.yaml").read_bytes()
    report = add_communes(sample, territory, geography)
    assert not report.added and (sample / "communes.yaml").read_bytes() == before


def test_a_new_data_folder_starts_with_the_sample_themes(tmp_path, geography):
    data = tmp_path / "reunion"
    report = add_communes(data, geography.territory(departement="974"), geography)
    assert report.started == ["themes.yaml", "themes-rna.yaml"] and len(report.added) == 24
    communes = parse((data / "communes.yaml").read_text(encoding="utf-8")).data
    assert any(commune["nom"] == "Saint-Denis" and commune["id"] == "saint-denis" for commune in communes)


def test_homonyms_get_their_departement(tmp_path, geography):
    """Conteville is a commune of the Eure (27) and of the Seine-Maritime (76): the second one met takes its département."""
    data = tmp_path / "data"
    add_communes(data, geography.territory(departement="27"), geography)
    add_communes(data, geography.territory(departement="76"), geography)
    communes = parse((data / "communes.yaml").read_text(encoding="utf-8")).data
    ids = [commune["id"] for commune in communes]
    assert len(ids) == len(set(ids))
    conteville = {commune["insee"][:2]: commune["id"] for commune in communes if commune["nom"] == "Conteville"}
    assert conteville == {"27": "conteville", "76": "conteville-76"}


def test_two_regions_of_3800_communes_pass_the_record_size_cap(tmp_path, geography):
    """Normandy and Brittany: about 3,850 communes, more than a record's 256 KiB; a reference list may hold a whole country."""
    data = tmp_path / "ouest"
    for departement in ("14", "27", "50", "61", "76", "22", "29", "35", "56"):
        add_communes(data, geography.territory(departement=departement), geography)
    assert (data / "communes.yaml").stat().st_size > 256 * 1024
    assert validate(data) == []
