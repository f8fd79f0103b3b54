"""Contributing as a new user would: `make new`, `make validate`, `make html`, `make stale`, the editor.

The make targets run for real (a subprocess into the repository's Makefile), on a
copy of the data in a temporary folder: the repository's own data never changes.
"""

from __future__ import annotations

import datetime
import json
import os
import shutil
import subprocess
import sys

import pytest
import yaml
from conftest import INVALID, MINIMAL, ROOT, TODAY, data_with_case
from site_helpers import page

from annuaire.cli import build, main
from annuaire.contribute import decap_config
from annuaire.records.loader import load_directory

SETTINGS = ROOT / "pelican.conf.py"


def make(*arguments, cwd, env=None):
    environment = {key: value for key, value in os.environ.items() if key not in ("GITHUB_ACTIONS", "GITLAB_CI", "SITEURL", "DATA", "OUTPUT", "MAKEFLAGS", "MAKELEVEL", "MFLAGS")}
    environment.update(env or {})
    return subprocess.run(
        ["make", "--no-print-directory", "-C", str(ROOT), *arguments],
        cwd=cwd, env=environment, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=600, check=False,
    )


def test_a_new_user_adds_an_offer_checks_it_and_publishes_it(tmp_path):
    data = shutil.copytree(ROOT / "data", tmp_path / "data")
    values = (
        'titre="Vélos cargo à prêter" organisation=jardins-du-plateau categorie=vehicule '
        'resume="Deux vélos cargo électriques, prêtés à la journée aux associations du quartier." '
        "conditions.type=gratuit themes=mobilite,environnement commune=guyancourt"
    )
    created = make("new", "TYPE=offer", f"DATA={data}", f"VALUES={values}", cwd=tmp_path)
    assert created.returncode == 0, created.stderr
    path = data / "offers" / "jardins-du-plateau-velos-cargo-a-preter.yaml"
    assert f"Fiche créée : {path}" in created.stdout
    assert path.read_text("utf-8").startswith("# yaml-language-server: $schema=../../annuaire/schemas/offer.schema.json\n")

    again = make("new", "TYPE=offer", f"DATA={data}", f"VALUES={values}", cwd=tmp_path)
    assert again.returncode != 0 and "existe déjà" in again.stderr  # never overwritten

    checked = make("validate", f"DATA={data}", cwd=tmp_path)
    assert checked.returncode == 0, checked.stderr
    assert "Données valides" in checked.stdout and "13 offres" in checked.stdout

    output = tmp_path / "output"
    built = make("html", f"DATA={data}", f"OUTPUT={output}", cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    offer = page(output, "offres/jardins-du-plateau-velos-cargo-a-preter/")
    assert offer.h1.get_text() == "Vélos cargo à prêter"
    listing = [a["href"] for a in page(output, "offres/").select(".results a")]
    assert any(href.endswith("jardins-du-plateau-velos-cargo-a-preter/") for href in listing)


def test_validate_given_files_reports_only_theirs_but_checks_references(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    data = data_with_case(INVALID / "organisation-inconnue", tmp_path / "data")
    data_with_case(INVALID / "yaml-tabulation", tmp_path / "other")
    shutil.copy(tmp_path / "other" / "organisations" / "tabs.yaml", data / "organisations" / "tabs.yaml")
    assert main(["validate", "--data", "data", "--today", TODAY, "data/offers/orpheline.yaml"]) == 1
    err = capsys.readouterr().err
    assert err.splitlines()[1:] == ["data/offers/orpheline.yaml:2:1: organisation: organisation inconnue « asso-vert » ; vouliez-vous dire « asso-verte » ?"]
    # A valid file of a folder with problems elsewhere passes: only its own problems count.
    assert main(["validate", "--data", "data", "--today", TODAY, "data/offers/salle-verte.yaml"]) == 0
    assert "Fiches valides : data/offers/salle-verte.yaml" in capsys.readouterr().out
    assert main(["validate", "--data", "data", "--today", TODAY, "data/offers/absente.yaml", "other/themes.yaml"]) == 1
    assert capsys.readouterr().err.splitlines()[1:] == [
        "data/offers/absente.yaml: fichier introuvable",
        "other/themes.yaml: ce fichier n'est pas dans le dossier de données data",
    ]


def test_warnings_come_after_errors_and_never_fail(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    data_with_case(INVALID / "theme-inconnu", tmp_path / "data")
    assert main(["validate", "--data", "data", "--today", "2027-06-01"]) == 1
    lines = capsys.readouterr().err.splitlines()
    assert lines[0] == "1 problème dans les données, rien n'est publié :"
    assert lines[1].startswith("data/organisations/theme-fautif.yaml:4:10: themes (1re valeur): thème inconnu")
    assert lines[3] == "6 avertissements (la publication n'est pas bloquée) :"
    assert all(": mis_a_jour: fiche non vérifiée depuis le" in line for line in lines[4:])
    (tmp_path / "data" / "organisations" / "theme-fautif.yaml").unlink()
    assert main(["validate", "--data", "data", "--today", "2027-06-01"]) == 0  # warnings only
    assert "5 avertissements" in capsys.readouterr().err
    assert main(["validate", "--data", "data", "--today", "2027-06-01", "--stale-days", "1000"]) == 0
    assert "avertissement" not in capsys.readouterr().err


def test_ci_annotations_github_and_gitlab(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    data_with_case(INVALID / "url-et-courriel", tmp_path / "data")
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    assert main(["validate", "--data", "data", "--today", TODAY]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0] == (
        "::error file=data/organisations/liens.yaml,line=5,col=1,title=site_web::format invalide « javascript:alert(1) » : "
        "adresse complète commençant par https:// ou http:// ; exemple : https://association.example.org/"
    )
    assert len(out) == 3 and all(line.startswith("::error file=data/organisations/liens.yaml,") for line in out)
    monkeypatch.delenv("GITHUB_ACTIONS")
    monkeypatch.setenv("GITLAB_CI", "true")
    assert main(["validate", "--data", "data", "--today", TODAY]) == 1
    report = json.loads((tmp_path / "gl-code-quality-report.json").read_text("utf-8"))
    assert [issue["location"]["lines"]["begin"] for issue in report] == [5, 7, 8]
    assert {issue["location"]["path"] for issue in report} == {"data/organisations/liens.yaml"}


def test_stale_report_names_whom_to_ask(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    shutil.copytree(MINIMAL, tmp_path / "data")
    assert main(["stale", "--data", "data", "--today", "2027-03-01"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Fiches à vérifier au 2027-03-01 (non mises à jour depuis plus de 365 jours, ou expirées) : 5.")
    assert "à qui demander : contact@asso-verte.example.org" in out


def test_expired_offer_leaves_the_listings_but_keeps_its_page(tmp_path, monkeypatch):
    monkeypatch.setenv("ANNUAIRE_TODAY", TODAY)
    data = shutil.copytree(MINIMAL, tmp_path / "data")
    offer = data / "offers" / "salle-verte.yaml"
    offer.write_text(offer.read_text("utf-8") + "expire_le: 2026-06-30\n", "utf-8")
    output = tmp_path / "output"
    assert build(data, output, SETTINGS) == 0
    expired = page(output, "offres/salle-verte/")
    assert "Offre expirée" in expired.select_one(".notice[role=note]:-soup-contains('expirée')").get_text()
    assert expired.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    # No listing links to it: type listing, home, organisation, theme and commune pages.
    for url in ("offres/", "", "organisations/asso-verte/", "themes/environnement/", "communes/guyancourt/", "communes/"):
        assert not page(output, url).select('main a[href*="salle-verte"]'), url
    assert not (output / "offres" / "categorie" / "locaux").exists()  # no filter page for an expired offer's values
    # The need, still current, is listed.
    assert "benevoles-mairie" in (output / "besoins" / "index.html").read_text("utf-8")


def test_the_editor_is_built_from_the_schemas_and_kept_out_of_sight(built_site):
    admin = page(built_site, "admin/")
    assert admin.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    settings = json.loads(admin.find("script", id="editeur-reglages").string)  # editor.js loads the editor from there
    assert settings["script"] == "vendor/sveltia-cms/sveltia-cms.js" and (built_site / "admin" / "vendor" / "sveltia-cms" / "sveltia-cms.js").is_file()
    assert json.loads((built_site / "admin" / "vendor" / "sveltia-cms" / "package.json").read_text("utf-8"))["version"] == "0.221.1"  # the pinned npm version
    config = yaml.safe_load((built_site / "admin" / "config.yml").read_text("utf-8"))
    directory = load_directory(ROOT / "data", datetime.date.fromisoformat(TODAY))
    choices = {name: {item.slug: item.title for item in directory.records[name]} for name in ("theme", "commune")}
    settings = {}
    exec(compile(SETTINGS.read_text("utf-8"), str(SETTINGS), "exec"), {"__file__": str(SETTINGS)}, settings)
    assert config == yaml.safe_load(decap_config.to_yaml(decap_config.config(settings["ADMIN_BACKEND"], choices, site_url=os.environ.get("SITEURL", ""))))
    # Out of the navigation: no page of the site links to it but the contributors' guide.
    linking = sorted(
        path.relative_to(built_site).as_posix()
        for path in built_site.rglob("*.html")
        if "admin/" not in path.relative_to(built_site).as_posix() and 'href="../admin/"' in path.read_text("utf-8")
    )
    assert linking == ["contribuer/index.html"]
    assert not any("admin" in a.get("href", "") for a in page(built_site, "").select("header a, footer a"))


@pytest.mark.parametrize(("name", "version"), [
    ("@sveltia/cms", "0.221.1"), ("ajv-dist", "8.17.1"), ("@fontsource-variable/material-symbols-outlined", "5.3.7"),
    ("@fontsource/noto-mono", "5.3.0"), ("@fontsource-variable/source-sans-3", "5.3.0"),
])
def test_package_json_pins_the_browser_packages_exactly(name, version):
    package = json.loads((ROOT / "package.json").read_text("utf-8"))
    assert package["dependencies"][name] == version
    lock = json.loads((ROOT / "package-lock.json").read_text("utf-8"))
    assert lock["packages"][f"node_modules/{name}"]["version"] == version
    tracked = subprocess.run(["git", "ls-files", "--", "*sveltia-cms*", "*ajv2020*", "*.woff2"], cwd=ROOT, capture_output=True, text=True, check=False).stdout
    assert tracked == ""  # third-party files are copied at build time, never committed


def test_command_line_help_is_in_french():
    result = subprocess.run([sys.executable, "-m", "annuaire", "new", "--help"], capture_output=True, text=True, check=False)
    assert result.returncode == 0 and "identifiant de la fiche" in result.stdout


def test_field_reference_gives_meaning_requirement_values_and_example(built_site):
    from annuaire.contribute.field_docs import type_docs

    soup = page(built_site, "contribuer/champs/")
    rows = {}
    for section in soup.select("main section[aria-labelledby]"):
        for row in section.select("table.fields tbody tr"):
            rows[(section["aria-labelledby"], row.th.code.get_text())] = row
    for doc in type_docs():
        if doc.name == "need":  # the same shape as an offer: one table, and a note
            assert "Mêmes champs" in soup.find("section", attrs={"aria-labelledby": "need"}).get_text()
            continue
        for field in doc.fields:
            row = rows[(doc.name, field.path)]
            cells = row.find_all("td")
            assert ("obligatoire" if field.required else "facultatif") in row.th.get_text()
            assert field.title in cells[0].get_text() and field.description in cells[0].get_text()
            assert cells[1].find("pre") or cells[1].find("ul"), (doc.name, field.path)
            if field.reference:
                assert cells[0].find("a", href=f"#identifiants-{field.reference}")
    identifiers = soup.find(id="identifiants-theme").find_next("ul")
    assert "environnement" in identifiers.get_text()
    assert page(built_site, "contribuer/").find("a", href="champs/")  # the guide links to the reference
