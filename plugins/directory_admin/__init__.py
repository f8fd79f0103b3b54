"""Pelican plugin: the web editor for contributors, Decap CMS, at `ANNUAIRE_ADMIN_URL` (admin/).

In the output phase it writes three things into that folder:

- `index.html`, a page kept out of the navigation and of search engines (noindex),
  which loads Decap CMS;
- `config.yml`, generated from the JSON Schemas by `annuaire.decap_config`, with
  the theme and commune choices of the data folder and the backend of
  `ANNUAIRE_ADMIN_BACKEND` (where edits go: GitHub, GitLab, a local proxy...);
- `vendor/decap-cms/`, Decap's browser bundle copied from node_modules (npm
  package `decap-cms`, pinned in package.json; never committed).

An empty `ANNUAIRE_ADMIN_URL` leaves the editor out of the site.
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

from pelican import signals
from pelican.generators import Generator

from annuaire.contribute import decap_config
from annuaire.publish.output import write_bytes
from annuaire.record_types import LIST_TYPES
from annuaire.settings import apply_defaults

logger = logging.getLogger(__name__)

PLUGIN = "directory_admin"
ROOT = Path(__file__).resolve().parents[2]
DIST = "decap-cms/dist"
VENDOR = "vendor/decap-cms"


class MissingDecap(Exception):
    exitcode = 1


def vendor_files(node_modules: Path) -> dict[str, Path]:
    """{name under vendor/decap-cms/: source}: the bundle, the chunks it loads, its WebAssembly, the licence notices."""
    dist = node_modules / DIST
    files = {}
    if dist.is_dir():
        for path in sorted(dist.iterdir()):
            if path.name.endswith((".decap-cms.js", ".wasm")) or path.name in ("decap-cms.js", "decap-cms.js.LICENSE.txt"):
                files[path.name] = path
    if "decap-cms.js" not in files:
        raise MissingDecap(f"{PLUGIN} : {dist / 'decap-cms.js'} introuvable ; installez les paquets npm avec « make setup » (npm ci)")
    return files


class DirectoryAdminGenerator(Generator):
    def generate_output(self, writer):
        settings = self.settings
        folder = settings["ANNUAIRE_ADMIN_URL"]
        if not folder:
            return
        directory = self.context["directory"]
        choices = {kind.name: {item.slug: item.title for item in directory.records[kind.name]} for kind in LIST_TYPES}
        configuration = decap_config.config(settings["ANNUAIRE_ADMIN_BACKEND"], choices, site_url=settings.get("SITEURL", ""))
        write_bytes(self.output_path, f"{folder}config.yml", decap_config.to_yaml(configuration), PLUGIN)
        node_modules = Path(settings.get("ANNUAIRE_NODE_MODULES") or ROOT / "node_modules")
        output = Path(self.output_path) / folder / VENDOR
        output.mkdir(parents=True, exist_ok=True)
        for name, source in vendor_files(node_modules).items():
            shutil.copyfile(source, output / name)
        writer.write_file(
            f"{folder}index.html",
            self.get_template("admin"),
            self.context,
            relative_urls=settings["RELATIVE_URLS"],
            url=folder,
            template_name="admin",
            decap_script=f"{VENDOR}/decap-cms.js",
        )
        logger.info("%s: éditeur Decap CMS écrit dans %s (%s)", PLUGIN, folder, configuration["backend"]["name"])


def initialized(pelican):
    apply_defaults(pelican.settings)


def get_generators(pelican):
    return DirectoryAdminGenerator


def register():
    signals.initialized.connect(initialized)
    signals.get_generators.connect(get_generators)
