"""The web editor at /admin/ (Sveltia CMS) as a visitor of the sample site finds it: a demonstration
that shows the sample records, in French, says that nothing is published, and offers the
organisations in a new offer's menu."""

from __future__ import annotations

import importlib.util
import json

import pytest
import yaml
from browser import browser, serve
from conftest import ROOT
from site_helpers import page

from annuaire.cli import build
from annuaire.record_types import RECORD_TYPES

PACKAGE = ROOT / "node_modules" / "@sveltia" / "cms"
# The plugin, loaded from its file as Pelican's PLUGIN_PATHS finds it.
_SPEC = importlib.util.spec_from_file_location("directory_admin", ROOT / "plugins" / "directory_admin" / "__init__.py")
_PLUGIN = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(_PLUGIN)
FONTS, with_own_fonts = _PLUGIN.FONTS, _PLUGIN.with_own_fonts


def test_the_demo_page_loads_the_pinned_editor_and_the_records(built_site):
    admin = page(built_site, "admin/")
    assert admin.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    link = admin.find("link", rel="cms-config-url")
    assert (link["href"], link["type"]) == ("config.yml", "application/yaml")  # what Sveltia reads, whatever the host's types
    assert yaml.safe_load((built_site / "admin" / "config.yml").read_text("utf-8"))["backend"] == {"name": "test-repo"}
    vendor = built_site / "admin" / "vendor" / "sveltia-cms"
    version = json.loads((PACKAGE / "package.json").read_text("utf-8"))["version"]
    assert json.loads((vendor / "package.json").read_text("utf-8"))["version"] == version
    # The bundle as npm gives it, but its fonts served by the site (from their npm packages) instead of a CDN.
    bundle = (vendor / "sveltia-cms.js").read_text("utf-8")
    assert "cdn.jsdelivr.net" not in bundle and bundle == with_own_fonts((PACKAGE / "dist" / "sveltia-cms.js").read_text("utf-8"))
    for _package, name in FONTS.values():
        assert (built_site / "admin" / "vendor" / "fonts" / name).stat().st_size > 10_000 and f"vendor/fonts/{name}" in bundle
    assert json.loads((vendor / "locales" / "fr.json").read_text("utf-8")) and (vendor / "LICENSE.txt").is_file()
    assert admin.find("script", src=True)["src"] == "editor.js" and (built_site / "admin" / "editor.js").is_file()
    settings = json.loads(admin.find("script", id="editeur-reglages").string)  # read by editor.js, no inline code
    assert settings["script"] == "vendor/sveltia-cms/sveltia-cms.js"
    assert settings["version"] == version  # the French strings of this version are served by the site
    # The demonstration: every record of the (small) data folder, as the repository has it, and a banner that says so.
    files = json.loads((built_site / "admin" / "demo-files.json").read_text("utf-8"))
    expected = {f"data/{kind.folder}/{path.name}": path.read_text("utf-8") for kind in RECORD_TYPES for path in (ROOT / "data" / kind.folder).glob("*.yaml")}
    assert files == expected and len(files) > 40
    banner = admin.select_one("#annuaire-demo").get_text(" ", strip=True)
    assert "Démonstration" in banner and "rien n'est publié" in banner and "GitHub ou GitLab" in banner


def test_the_demo_page_escapes_what_it_writes_into_its_script(built_site):
    script = page(built_site, "admin/").find("script", id="editeur-reglages").string
    assert "<" not in script and "{{" not in script and "{%" not in script and json.loads(script)["demo"] is True


def test_with_a_git_host_the_page_is_no_demonstration(tmp_path, monkeypatch):
    backend = {"name": "gitlab", "repo": "groupe/annuaire", "branch": "main", "auth_type": "pkce", "app_id": "abc"}
    monkeypatch.setenv("ANNUAIRE_ADMIN_BACKEND", json.dumps(backend))
    assert build(ROOT / "data", tmp_path / "output", ROOT / "pelican.conf.py") == 0
    admin = tmp_path / "output" / "admin"
    assert yaml.safe_load((admin / "config.yml").read_text("utf-8"))["backend"] == backend
    assert not (admin / "demo-files.json").exists()
    html = page(tmp_path / "output", "admin/")
    assert html.select_one("#annuaire-demo") is None and json.loads(html.find("script", id="editeur-reglages").string)["demo"] is False
    assert (admin / "vendor" / "sveltia-cms" / "sveltia-cms.js").is_file()


@pytest.fixture(scope="module")
def chromium():
    with browser() as instance:
        yield instance


@pytest.mark.parametrize("width", [390, 1280])
def test_a_visitor_sees_the_sample_records_and_picks_an_organisation(built_site, chromium, width, tmp_path):
    with serve(built_site) as base:
        context = chromium.new_context(viewport={"width": width, "height": 844 if width < 600 else 900}, locale="fr-FR")
        page_ = context.new_page()
        page_.set_default_timeout(30_000)
        errors, outside, fonts = [], [], []

        def route(request_route):
            # Nothing may leave the site: its fonts too are served by the site (plugins/directory_admin FONTS).
            if request_route.request.url.startswith(base):
                if request_route.request.url.endswith(".woff2"):
                    fonts.append(request_route.request.url.rsplit("/", 1)[1])
                request_route.continue_()
            else:
                outside.append(request_route.request.url)
                request_route.abort()

        page_.route("**/*", route)
        page_.on("pageerror", lambda error: errors.append(str(error)))
        page_.on("console", lambda message: message.type == "error" and message.location.get("url", "").startswith(base) and errors.append(message.text))
        try:
            page_.goto(base + "admin/")
            assert page_.locator("#annuaire-demo").is_visible()
            page_.get_by_role("button", name="Travailler avec un dépôt de test").click()  # French: strings served by the site
            page_.goto(base + "admin/#/collections/organisations")
            page_.get_by_text("Les Jardins du Plateau (exemple) — mis à jour le").wait_for()
            page_.get_by_text("Atelier Bois & Co (exemple) — mis à jour le").wait_for()
            page_.screenshot(path=tmp_path / f"admin-{width}-liste.png")
            page_.goto(base + "admin/#/collections/offers/new")
            page_.get_by_text("Choisissez l'organisation dans la liste").wait_for()
            menu = page_.get_by_role("combobox", name="Organisation")
            menu.click()
            search = page_.locator(f"input[aria-controls='{menu.get_attribute('id')}-listbox']")
            search.fill("zzzz")
            page_.get_by_text("Aucune option correspondante trouvée").wait_for()
            search.fill("jardins")
            page_.get_by_role("option", name="Les Jardins du Plateau (exemple)").click()
            assert "Les Jardins du Plateau (exemple)" in menu.inner_text()
            page_.screenshot(path=tmp_path / f"admin-{width}-offre.png")
            page_.locator("#annuaire-demo-hide").click()
            assert page_.locator("#annuaire-demo").is_hidden()
        finally:
            context.close()
    assert errors == []
    assert outside == []
    assert "material-symbols-outlined-latin-wght-normal.woff2" in fonts  # the icons are drawn, not written as words


def test_a_large_directory_shows_part_of_itself_in_the_demonstration():
    from annuaire.records.loader import load_directory

    directory = load_directory(ROOT / "data")
    files = _PLUGIN.demo_files(directory, ROOT / "data", limit=3)
    kept = sorted(record.slug for record in directory.records["organisation"])[:3]
    assert sorted(path for path in files if path.startswith("data/organisations/")) == [f"data/organisations/{slug}.yaml" for slug in kept]
    for path, text in files.items():
        record = yaml.safe_load(text)
        cited = [record.get("organisation")] if "organisation" in record else [partner["organisation"] for partner in record.get("partenaires", [])]
        assert set(filter(None, cited)) <= set(kept), path
    assert any(path.startswith("data/offers/") for path in files)  # the offers of those organisations come along
