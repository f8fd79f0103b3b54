"""The contribution form in Chromium, as a volunteer uses it: mistakes said in French at their fields, in the
words of `make validate`; once fixed, the very file `make new` writes for the same values, which `make
validate` accepts, carried by the e-mail and git-host links; and « Proposer une modification » filling the form
with every field of an imported record."""

from __future__ import annotations

import datetime
import shutil
import urllib.parse
from pathlib import Path

import pytest
import yaml
from browser import browser, serve
from conftest import ROOT, TODAY, data_with_register_fields

from annuaire.cli import build
from annuaire.contribute import record_files, scaffold
from annuaire.contribute.questions import known_identifiers, parse_assignments
from annuaire.records.loader import validate

FORM = "contribuer/formulaire/"
REPOSITORY = '{"host": "github", "url": "https://github.com/orga/annuaire", "branch": "main"}'


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The sample site with the register's fields on a few organisations and a git host set."""
    folder = tmp_path_factory.mktemp("contribute")
    data = data_with_register_fields(folder / "data")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ANNUAIRE_TODAY", TODAY)
        patch.setenv("ANNUAIRE_REPOSITORY", REPOSITORY)
        assert build(data, folder / "output", ROOT / "pelican.conf.py") == 0
    return folder


@pytest.fixture(scope="module")
def served(site):
    with serve(site / "output") as base, browser() as chromium:
        yield chromium, base


@pytest.fixture(scope="module")
def tab(served):
    chromium, base = served
    page = chromium.new_page(viewport={"width": 390, "height": 844})
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: errors.append((message.text, message.location.get("url", ""))) if message.type == "error" else None)
    yield page, base, errors
    assert errors == []


def open_form(page, base, folder, query=""):
    page.goto(f"{base}{FORM}{folder}{query}")
    page.wait_for_selector("#formulaire[data-ready=true]")


def browser_day(page) -> datetime.date:
    """The day the form dates the file with: the browser's own (the site may be days old)."""
    return datetime.date.fromisoformat(page.evaluate("(() => { const d = new Date(); return [d.getFullYear(), d.getMonth() + 1, d.getDate()].map(p => String(p).padStart(2, '0')).join('-') })()"))


def choose(page, field, typed, option_text):
    page.fill(field, typed)
    page.locator(f"{field}-liste [role=option]", has_text=option_text).first.click()


def submit(page):
    page.click("#formulaire button[type=submit]")


def messages(page) -> dict[str, str]:
    """{field id: message} of the messages shown beside the fields."""
    return page.eval_on_selector_all(".field-error:not([hidden])", "nodes => Object.fromEntries(nodes.map(n => [n.id.replace(/-erreur$/, ''), n.textContent]))")


def validate_messages(data: Path, kind_name: str, values: dict, slug: str, today: datetime.date) -> dict[str, str]:
    """What `make validate` says of the file `make new` would write with `values` (unchecked)."""
    kind = scaffold.record_type(kind_name)
    path = data / kind.folder / f"{slug}.yaml"
    path.write_text(scaffold.render(kind, values, today), "utf-8")
    try:
        return {problem.field: problem.message for problem in validate(data, today) if problem.file.endswith(path.name)}
    finally:
        path.unlink()


def expected_file(data: Path, kind_name: str, assignments: list[str], today: datetime.date) -> str:
    kind = scaffold.record_type(kind_name)
    values = parse_assignments(kind, assignments, known_identifiers(data))
    return scaffold.render(kind, values, today)


def accepted(site: Path, kind_name: str, slug: str, text: str, tmp_path: Path, today: datetime.date) -> list:
    data = shutil.copytree(site / "data", tmp_path / "data")
    (data / scaffold.record_type(kind_name).folder / f"{slug}.yaml").write_text(text, "utf-8")
    return [str(problem) for problem in validate(data, today) if slug in problem.file]


def test_a_new_organisation_with_mistakes_then_fixed_gives_the_file_make_new_writes(tab, site, tmp_path):
    page, base, _errors = tab
    open_form(page, base, "organisation/")
    page.fill("#champ-nom", "Les Amis du Lavoir")
    page.select_option("#champ-type", "association")
    page.fill("#champ-resume", "Trop bref")
    page.fill("#champ-contact-email", "amis.lavoir@")
    page.fill("#champ-fondee-en", "19885")
    choose(page, "#champ-commune", "guyan", "Guyancourt")
    submit(page)
    shown = messages(page)
    python = validate_messages(
        site / "data", "organisation",
        {"nom": "Les Amis du Lavoir", "type": "association", "resume": "Trop bref", "contact.email": "amis.lavoir@", "fondee_en": 19885, "commune": "guyancourt"},
        "les-amis-du-lavoir", browser_day(page),
    )
    assert shown == {
        "champ-resume": python["resume"],
        "champ-contact-email": python["contact.email"],
        "champ-fondee-en": python["fondee_en"],
        "champ-themes": python["themes"],
    }
    assert page.is_visible("#resume-erreurs") and page.get_attribute("#champ-resume", "aria-invalid") == "true"

    page.fill("#champ-resume", "Une association qui entretient le lavoir et y organise des fêtes.")
    page.fill("#champ-contact-email", "amis.lavoir@example.org")
    page.fill("#champ-fondee-en", "1988")
    page.check("#champ-themes input[value=culture]")
    submit(page)
    page.wait_for_selector("#resultat:not([hidden])")
    text = page.text_content("#resultat-texte")
    assert text == expected_file(site / "data", "organisation", [
        "nom=Les Amis du Lavoir", "type=association", "resume=Une association qui entretient le lavoir et y organise des fêtes.",
        "themes=culture", "commune=guyancourt", "contact.email=amis.lavoir@example.org", "fondee_en=1988",
    ], browser_day(page))
    assert page.text_content("#resultat-fichier") == "data/organisations/les-amis-du-lavoir.yaml"
    assert accepted(site, "organisation", "les-amis-du-lavoir", text, tmp_path, browser_day(page)) == []
    email = urllib.parse.urlsplit(page.get_attribute("#envoi-courriel", "href"))
    assert email.scheme == "mailto" and email.path == "annuaire@example.org"
    body = urllib.parse.parse_qs(email.query)["body"][0]
    assert body.endswith(text) and "« Les Amis du Lavoir »" in body
    github = urllib.parse.urlsplit(page.get_attribute("#envoi-depot", "href"))
    assert github.netloc == "github.com" and github.path == "/orga/annuaire/new/main/data/organisations"
    assert urllib.parse.parse_qs(github.query) == {"filename": ["les-amis-du-lavoir.yaml"], "value": [text]}


def test_an_offer_with_mistakes_then_fixed(tab, site, tmp_path):
    page, base, _errors = tab
    open_form(page, base, "offre/")
    page.fill("#champ-titre", "Prêt du camion frigorifique")
    page.fill("#champ-organisation", "Ressourcerie des etang")  # typed, not chosen
    page.keyboard.press("Escape")
    page.fill("#champ-resume", "Un camion frigorifique de 12 m³, prêté le week-end aux associations.")
    page.fill("#champ-disponibilite-debut", "2027-03-01")
    page.fill("#champ-disponibilite-fin", "2027-01-01")
    submit(page)
    shown = messages(page)
    python = validate_messages(
        site / "data", "offer",
        {"titre": "Prêt du camion frigorifique", "organisation": "Ressourcerie des etang", "resume": "Un camion frigorifique de 12 m³, prêté le week-end aux associations.",
         "disponibilite.debut": "2027-03-01", "disponibilite.fin": "2027-01-01"},
        "ressourcerie-des-etangs-pret-du-camion", browser_day(page),
    )
    assert shown["champ-organisation"] == python["organisation"]
    assert "vouliez-vous dire « ressourcerie-des-etangs » ?" in shown["champ-organisation"]
    assert shown["champ-categorie"] == python["categorie"]
    assert shown["champ-conditions-type"] == python["conditions.type"]
    assert shown["champ-disponibilite-fin"] == python["disponibilite.fin"]

    choose(page, "#champ-organisation", "ressourcerie", "Ressourcerie des Étangs")
    page.select_option("#champ-categorie", "vehicule")
    page.check("#champ-conditions-type input[value=gratuit]")
    page.fill("#champ-disponibilite-fin", "2027-12-31")
    submit(page)
    page.wait_for_selector("#resultat:not([hidden])")
    text = page.text_content("#resultat-texte")
    assert text == expected_file(site / "data", "offer", [
        "titre=Prêt du camion frigorifique", "organisation=ressourcerie-des-etangs", "categorie=vehicule",
        "resume=Un camion frigorifique de 12 m³, prêté le week-end aux associations.", "conditions.type=gratuit",
        "disponibilite.debut=2027-03-01", "disponibilite.fin=2027-12-31",
    ], browser_day(page))
    slug = page.text_content("#resultat-fichier").removeprefix("data/offers/").removesuffix(".yaml")
    assert slug == "ressourcerie-des-etangs-pret-du-camion-frigorifique"
    assert accepted(site, "offer", slug, text, tmp_path, browser_day(page)) == []


def comparable(record: dict) -> dict:
    """Answers are trimmed as `make new` trims them: a description's last line break goes, nothing else."""
    return {key: str(value) if isinstance(value, datetime.date) else value.strip() if isinstance(value, str) else value for key, value in record.items()}


def test_proposer_une_modification_fills_the_form_with_every_field_of_an_imported_record(tab, site):
    page, base, _errors = tab
    page.goto(f"{base}organisations/jardins-du-plateau/")
    page.click("text=Proposer une modification")
    page.wait_for_selector("#formulaire[data-ready=true]")
    assert "Proposer une modification" in page.text_content("h1")
    original = yaml.safe_load((site / "data" / "organisations" / "jardins-du-plateau.yaml").read_text("utf-8"))
    assert page.input_value("#champ-nom") == original["nom"]
    submit(page)  # nothing changed: the file is the record, but for the day's date
    page.wait_for_selector("#resultat:not([hidden])")
    written = yaml.safe_load(page.text_content("#resultat-texte"))
    assert written.pop("mis_a_jour") == browser_day(page)
    original.pop("mis_a_jour")
    assert comparable(written) == comparable(original)
    assert {"registre", "titre_officiel", "coordonnees", "contact", "themes"} <= set(written)
    assert page.text_content("#resultat-fichier") == "data/organisations/jardins-du-plateau.yaml"
    assert page.get_attribute("#envoi-depot", "href") == "https://github.com/orga/annuaire/edit/main/data/organisations/jardins-du-plateau.yaml"
    body = urllib.parse.parse_qs(urllib.parse.urlsplit(page.get_attribute("#envoi-courriel", "href")).query)["body"][0]
    assert "Aucun champ n'a changé" in body


def test_without_javascript_the_page_says_how_else_to_contribute(served):
    chromium, base = served
    page = chromium.new_context(java_script_enabled=False).new_page()
    page.goto(f"{base}{FORM}organisation/")
    assert page.is_visible("#formulaire-sans-js") and not page.is_visible("#formulaire")
    assert page.get_attribute("#formulaire-sans-js a[href^=mailto]", "href") == "mailto:annuaire@example.org"


def test_the_browser_numbers_the_record_files_as_the_build_does(tab):
    page, base, _errors = tab
    open_form(page, base, "organisation/")
    slugs = ["ressourcerie-des-etangs", "a", "association-sportive-de-montigny-le-bretonneux-1234", "e-graine"]
    for files in (1, 7, 204, 1563):
        assert page.evaluate("([slugs, files]) => slugs.map((slug) => window.AnnuaireForm.fileOf(slug, files))", [slugs, files]) == [
            record_files.file_of(slug, files) for slug in slugs
        ]


def test_on_gitlab_the_file_is_copied_for_its_new_file_page(served, tmp_path):
    chromium, _base = served  # one Playwright a process: its browser, another site
    gitlab = '{"host": "gitlab", "url": "https://gitlab.example.org/groupe/annuaire", "branch": "prod"}'
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ANNUAIRE_REPOSITORY", gitlab)
        assert build(ROOT / "data", tmp_path / "output", ROOT / "pelican.conf.py") == 0
    with serve(tmp_path / "output") as base:
        context = chromium.new_context()
        context.grant_permissions(["clipboard-read", "clipboard-write"])
        page = context.new_page()
        open_form(page, base, "organisation/")
        page.fill("#champ-nom", "Les Amis du Lavoir")
        page.select_option("#champ-type", "association")
        page.fill("#champ-resume", "Une association qui entretient le lavoir et y organise des fêtes.")
        page.check("#champ-themes input[value=culture]")
        submit(page)
        page.wait_for_selector("#resultat:not([hidden])")
        link = page.locator("#envoi-depot")
        assert link.get_attribute("href") == "https://gitlab.example.org/groupe/annuaire/-/new/prod/data/organisations"
        assert page.text_content(".depot-nouvelle .nom-fichier") == "les-amis-du-lavoir.yaml"
        link.evaluate("element => element.addEventListener('click', event => event.preventDefault())")  # stay on the page
        link.click()
        page.wait_for_function("navigator.clipboard.readText().then(text => text.startsWith('# yaml-language-server'))")
        assert page.evaluate("navigator.clipboard.readText()") == page.text_content("#resultat-texte")
