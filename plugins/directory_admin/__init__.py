"""Pelican plugin: the web editor for contributors, Sveltia CMS, at `ADMIN_URL` (admin/).

Sveltia CMS reads the same configuration as Decap CMS, which the site used until
December 2026. With 15,000 organisations (bench/editor.py, test backends), Decap
3.16.3 took 32 s to offer an organisation typed into a new offer's menu, Sveltia
2.7 s (after a 24-36 s first load); Decap's GitHub backend reads one file per
request for that search (15,000 requests, past GitHub's 5,000 an hour), and its
menus say « No options » in English.

In the output phase it writes into that folder:

- `index.html`, a page kept out of the navigation and of search engines (noindex),
  and `editor.js`, its script (beside this file), which loads Sveltia CMS;
- `config.yml`, generated from the JSON Schemas by `annuaire.contribute.decap_config`, with
  the theme and commune choices of the data folder and the backend of
  `ADMIN_BACKEND` (where edits go: GitHub, GitLab, Forgejo...);
- `vendor/sveltia-cms/`, Sveltia's browser bundle, its French strings and its licence,
  copied from node_modules (npm package `@sveltia/cms`, pinned in package.json;
  never committed), its fonts' CDN addresses turned into `vendor/fonts/`, the same
  files from their npm packages (`FONTS`);
- with the `test-repo` backend (the default: a demonstration), `demo-files.json`, the
  records of the data folder (of a large one, the first 200 organisations and what cites only them), which the page puts in the browser's private storage
  where Sveltia's test backend reads them; edits stay in that browser.

An empty `ADMIN_URL` leaves the editor out of the site.
"""

from __future__ import annotations

import hashlib
import json
import logging
import shutil
from pathlib import Path

from pelican.generators import Generator

from annuaire.contribute import decap_config
from annuaire.pelican_plugin import DirectoryPlugin
from annuaire.publish.output import write_bytes
from annuaire.record_types import LIST_TYPES, RECORD_TYPES
from annuaire.settings import Setting, node_modules

logger = logging.getLogger(__name__)

NAME = "directory_admin"
SETTINGS = (
    Setting("ADMIN_URL", "admin/", "folder of the web editor; empty: no editor"),
    # {"name": "test-repo"} keeps edits in the browser only (a trial); README and pelican.conf.py show GitHub and GitLab.
    Setting("ADMIN_BACKEND", {"name": "test-repo"}, "where the editor sends edits, a Decap/Sveltia CMS backend"),
)
PACKAGE = "@sveltia/cms"
VENDOR = "vendor/sveltia-cms"
DEMO_FILES = "demo-files.json"
SCRIPT = Path(__file__).with_name("editor.js")  # the page's own script: settings in, no inline code
DEMO_STORAGE = "sveltia-cms-test"  # the folder of the browser's private storage that Sveltia's test backend reads
DEMO_ORGANISATIONS = 200  # a département's directory shows a part of itself in the demonstration
# Sveltia's bundle loads its three fonts from a CDN: the same files come from their npm packages (pinned in
# package.json), served by the site, so that the editor makes no request to another host.
FONTS = {
    "https://cdn.jsdelivr.net/fontsource/fonts/material-symbols-outlined:vf@5.3.7/latin-wght-normal.woff2": (
        "@fontsource-variable/material-symbols-outlined", "material-symbols-outlined-latin-wght-normal.woff2"),
    "https://cdn.jsdelivr.net/fontsource/fonts/noto-mono@5.3.0/latin-400-normal.woff2": ("@fontsource/noto-mono", "noto-mono-latin-400-normal.woff2"),
    "https://cdn.jsdelivr.net/fontsource/fonts/source-sans-3:vf@5.3.0/latin-wght-normal.woff2": (
        "@fontsource-variable/source-sans-3", "source-sans-3-latin-wght-normal.woff2"),
}
FONTS_VENDOR = "vendor/fonts"


class MissingEditor(Exception):
    exitcode = 1


def vendor_files(folder: Path) -> dict[str, Path]:
    """{name under vendor/sveltia-cms/: source}: the bundle, the chunks it loads, its French strings, its version, its licence."""
    package = folder / PACKAGE
    bundle = package / "dist" / "sveltia-cms.js"
    if not bundle.is_file():
        raise MissingEditor(f"{NAME} : {bundle} introuvable ; installez les paquets npm avec « make setup » (npm ci)")
    files = {"sveltia-cms.js": bundle, "LICENSE.txt": package / "LICENSE.txt", "package.json": package / "package.json",
             "locales/fr.json": package / "locales" / "fr.json"}
    for chunk in sorted((package / "dist" / "chunks").glob("*.js")):
        files[f"chunks/{chunk.name}"] = chunk
    return files


def font_files(folder: Path) -> dict[str, Path]:
    """{name under vendor/fonts/: source}: each font of FONTS and its package's licence."""
    files = {}
    for package, name in FONTS.values():
        files[name] = folder / package / "files" / name
        files[f"{name.split('-latin-')[0]}-LICENSE.txt"] = folder / package / "LICENSE"
    missing = [str(path) for path in files.values() if not path.is_file()]
    if missing:
        raise MissingEditor(f"{NAME} : fichiers introuvables ({', '.join(missing)}) ; installez les paquets npm avec « make setup » (npm ci)")
    return files


def with_own_fonts(bundle: str) -> str:
    """Sveltia's bundle with its fonts' CDN addresses turned into the site's own copies (relative to admin/)."""
    for url, (_package, name) in FONTS.items():
        if url not in bundle:
            raise MissingEditor(f"{NAME} : {PACKAGE} ne charge plus sa police depuis {url} ; mettez FONTS à jour dans plugins/{NAME}/__init__.py")
        bundle = bundle.replace(url, f"{FONTS_VENDOR}/{name}")
    return bundle


def demo_files(directory, data: Path, limit: int = DEMO_ORGANISATIONS) -> dict[str, str]:
    """{path in the repository: text} of the records shown in the demonstration: every record of a small
    directory; of a large one, the first `limit` organisations and the records that cite only them."""
    kept = {record.slug for record in sorted(directory.records["organisation"], key=lambda record: record.slug)[:limit]}
    files = {}
    for kind in RECORD_TYPES:
        for record in directory.records[kind.name]:
            cited = [slug for reference in kind.references if reference.target == "organisation" for _path, slug in reference.places(record.data)]
            if (kind.name == "organisation" and record.slug in kept) or (kind.name != "organisation" and set(cited) <= kept):
                files[f"data/{kind.folder}/{record.slug}.yaml"] = (data / kind.folder / f"{record.slug}.yaml").read_text("utf-8")
    return dict(sorted(files.items()))


class DirectoryAdminGenerator(Generator):
    def generate_output(self, writer):
        settings = self.settings
        folder = settings["ADMIN_URL"]
        if not folder:
            return
        directory = self.context["directory"]
        choices = {kind.name: {item.slug: item.title for item in directory.records[kind.name]} for kind in LIST_TYPES}
        backend = settings["ADMIN_BACKEND"]
        configuration = decap_config.config(backend, choices, site_url=settings.get("SITEURL", ""))
        write_bytes(self.output_path, f"{folder}config.yml", decap_config.to_yaml(configuration), NAME)
        output = Path(self.output_path) / folder / VENDOR
        for name, source in vendor_files(node_modules(settings)).items():
            (output / name).parent.mkdir(parents=True, exist_ok=True)
            if name == "sveltia-cms.js":
                write_bytes(self.output_path, f"{folder}{VENDOR}/{name}", with_own_fonts(source.read_text("utf-8")).encode("utf-8"), NAME)
            else:
                shutil.copyfile(source, output / name)
        write_bytes(self.output_path, f"{folder}editor.js", SCRIPT.read_bytes(), NAME)
        fonts = Path(self.output_path) / folder / FONTS_VENDOR
        fonts.mkdir(parents=True, exist_ok=True)
        for name, source in font_files(node_modules(settings)).items():
            shutil.copyfile(source, fonts / name)
        demo = backend.get("name") == "test-repo"
        demo_version = ""
        if demo:
            content = json.dumps(demo_files(directory, Path(settings["ANNUAIRE_DATA_PATH"])), ensure_ascii=False, sort_keys=True).encode("utf-8")
            write_bytes(self.output_path, f"{folder}{DEMO_FILES}", content, NAME)
            demo_version = hashlib.sha256(content).hexdigest()[:16]  # a new build replaces the browser's copy
        writer.write_file(
            f"{folder}index.html",
            self.get_template("admin"),
            self.context,
            relative_urls=settings["RELATIVE_URLS"],
            url=folder,
            template_name="admin",
            editor_script=f"{VENDOR}/sveltia-cms.js",
            editor_vendor=VENDOR,
            editor_version=json.loads((node_modules(settings) / PACKAGE / "package.json").read_text("utf-8"))["version"],
            demo=demo,
            demo_files=DEMO_FILES,
            demo_storage=DEMO_STORAGE,
            demo_version=demo_version,
        )
        logger.info("%s: éditeur Sveltia CMS écrit dans %s (%s)", NAME, folder, backend["name"])


PLUGIN = DirectoryPlugin(NAME, SETTINGS, generator=DirectoryAdminGenerator)
register = PLUGIN.register
