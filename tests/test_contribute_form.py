"""The contribution form (plugins/directory_contribute), built with the sample site and read as HTML and JSON:
one accessible form a record type, generated from its schema; the data its script reads; each record's own
file for « Proposer une modification »; the lists of searchable choices; the links of the record pages."""

from __future__ import annotations

import json
from collections import Counter

import pytest
from conftest import ROOT
from site_helpers import asset_urls, other_host, page

from annuaire.contribute import record_files, scaffold
from annuaire.contribute.form import KEPT_FIELDS
from annuaire.contribute.git_host import file_links
from annuaire.record_types import RECORD_TYPES
from annuaire.records import schemas
from annuaire.records.loader import load_directory

FORM = "contribuer/formulaire/"
FOLDERS = {"organisation": "organisation/", "offer": "offre/", "need": "besoin/", "project": "projet/"}


def form_data(site, kind) -> dict:
    soup = page(site, FORM + FOLDERS[kind.name])
    return json.loads(soup.find("script", id="donnees-formulaire").string)


@pytest.mark.parametrize("kind", RECORD_TYPES, ids=lambda kind: kind.name)
def test_each_type_has_a_form_whose_every_control_has_a_label_and_a_unique_id(built_site, kind):
    soup = page(built_site, FORM + FOLDERS[kind.name])
    form = soup.find("form", id="formulaire")
    assert form is not None and form.has_attr("hidden") and form.has_attr("novalidate")  # shown by the script
    assert "a besoin de JavaScript" in soup.find(id="formulaire-sans-js").get_text()
    ids = [element["id"] for element in soup.find_all(id=True)]
    assert [name for name, count in Counter(ids).items() if count > 1] == []
    for control in form.find_all(["input", "select", "textarea"]):
        labelled = control.find_parent("label") is not None or soup.find("label", attrs={"for": control.get("id")}) is not None
        assert labelled, control
        for described in control.get("aria-describedby", "").split():
            assert soup.find(id=described) is not None
    # Every field the script reads is on the page, in the schema's order; what the volunteer does not fill is not.
    data = form_data(built_site, kind)
    paths = [box["data-path"] for box in form.find_all(attrs={"data-path": True}) if "[]" not in box["data-path"] and "." not in box["data-path"]]
    assert paths == [field["path"] for field in data["fields"]]
    assert not set(paths) & set(KEPT_FIELDS)
    required = {field.path for field in scaffold.top_fields(kind) if field.required and field.name not in KEPT_FIELDS}
    assert required <= set(paths)


@pytest.mark.parametrize("kind", RECORD_TYPES, ids=lambda kind: kind.name)
def test_the_form_carries_its_schema_the_plan_of_make_new_and_the_themes(built_site, kind):
    data = form_data(built_site, kind)
    assert data["schema"] == schemas.inlined(kind.schema)
    assert data["plan"] == json.loads(json.dumps(scaffold.plan(kind)))
    directory = load_directory(ROOT / "data")
    assert data["known"]["theme"] == {theme.slug: theme.title for theme in directory.records["theme"]}
    assert data["email"] == "annuaire@example.org" and data["repository"] == {}  # the sample sets no git host


def test_the_page_loads_only_files_of_the_site_and_the_json_cannot_close_its_script(built_site):
    html = (built_site / FORM / "projet" / "index.html").read_text("utf-8")
    inline = html.split('id="donnees-formulaire">', 1)[1].split("</script>", 1)[0]
    assert "<" not in inline and ">" not in inline
    soup = page(built_site, FORM + "projet/")
    loaded = [url for _tag, url in asset_urls(soup)]
    assert any(url.endswith("vendor/ajv/ajv2020.min.js") for url in loaded)
    assert [url for url in loaded if other_host(url)] == []
    for name in ("form.js", "combobox.js", "problems.js", "record-yaml.js", "form.css", "vendor/ajv/ajv2020.min.js"):
        assert (built_site / FORM / name).stat().st_size > 500, name
    notice = (built_site / FORM / "vendor/ajv/LICENSE.txt").read_text("utf-8")
    assert "ajv-dist 8.17.1" in notice and "MIT" in notice


def test_each_record_is_in_the_file_its_identifier_names_with_its_data_and_the_names_it_cites(built_site):
    directory = load_directory(ROOT / "data")
    for kind in RECORD_TYPES:
        records = directory.records[kind.name]
        folder = built_site / FORM / "fiches" / FOLDERS[kind.name]
        files = record_files.file_count(len(records))
        assert sorted(path.name for path in folder.iterdir()) == sorted(f"{number}.json" for number in range(files))
        assert form_data(built_site, kind)["records"] == {"folder": f"fiches/{FOLDERS[kind.name]}", "files": files}
        for record in records:
            content = json.loads((folder / f"{record_files.file_of(record.slug, files)}.json").read_text("utf-8"))[record.slug]
            assert content["fiche"] == json.loads(json.dumps(record.data))
            for reference in kind.references:
                for _path, slug in reference.places(record.data):
                    assert content["noms"][reference.target][slug] == directory.get(reference.target, slug).title


def test_a_departement_s_records_go_in_files_of_about_64():
    slugs = [f"association-{number}" for number in range(13_000)]
    contents = record_files.files({slug: {"fiche": {"nom": slug}} for slug in slugs})
    assert len(contents) == record_files.file_count(13_000) == 204
    counts = sorted(len(json.loads(content)) for content in contents.values())
    assert sum(counts) == 13_000 and counts[0] > 30 and counts[-1] < 110  # the hash spreads them
    assert record_files.file_of("ressourcerie-des-etangs", 7) == record_files.file_of("ressourcerie-des-etangs", 7) < 7


def test_every_current_organisation_and_commune_can_be_found_by_each_word_of_its_name(built_site):
    from annuaire.contribute.choice_lists import words

    directory = load_directory(ROOT / "data")
    for kind in ("organisation", "commune"):
        folder = built_site / FORM / "listes" / kind
        index = json.loads((folder / "index.json").read_text("utf-8"))
        for record in directory.records[kind]:
            if record.data.get("dissoute"):
                continue
            for word in words(record.title):
                if len(word) < 2 or word in index["common"]:
                    continue
                key = word[: index["depth"].get(word[:2], 2)]
                rows = json.loads((folder / f"{key}.json").read_text("utf-8"))
                assert record.slug in [row[0] for row in rows], (kind, record.slug, word)


def test_record_pages_link_to_the_form_filled_with_the_record(built_site):
    soup = page(built_site, "organisations/ressourcerie-des-etangs/")
    link = soup.find("p", class_="propose-change").find("a")
    assert link.get_text() == "Proposer une modification"
    assert link["href"].endswith(f"{FORM}organisation/?modifier=ressourcerie-des-etangs")
    assert "GitHub" not in soup.find("p", class_="propose-change").get_text()  # no git host set
    directory = load_directory(ROOT / "data")
    for kind in RECORD_TYPES:
        record = directory.records[kind.name][0]
        link = page(built_site, f"{kind.segment}/{record.slug}/").find("p", class_="propose-change").find("a")
        assert link["href"].endswith(f"{FORM}{FOLDERS[kind.name]}?modifier={record.slug}")


def test_the_git_host_links_of_a_record_file():
    github = {"host": "github", "url": "https://github.com/orga/annuaire/", "branch": "main"}
    gitlab = {"host": "gitlab", "url": "https://gitlab.example.org/groupe/annuaire", "branch": "prod", "data": "annuaire/data"}
    offer = next(kind for kind in RECORD_TYPES if kind.name == "offer")
    assert file_links(github, offer, "salle") == {
        "edit": "https://github.com/orga/annuaire/edit/main/data/offers/salle.yaml",
        "new": "https://github.com/orga/annuaire/new/main/data/offers",
    }
    assert file_links(gitlab, offer, "salle")["edit"] == "https://gitlab.example.org/groupe/annuaire/-/edit/prod/annuaire/data/offers/salle.yaml"
    assert file_links(None, offer, "salle") == {}
