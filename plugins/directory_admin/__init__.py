"""Pelican plugin: the web editor for contributors, Decap CMS, at `ADMIN_URL` (admin/).

In the output phase it writes three things into that folder:

- `index.html`, a page kept out of the navigation and of search engines (noindex),
  which loads Decap CMS;
- `config.yml`, generated from the JSON Schemas by `annuaire.contribute.decap_config`, with
  the theme and commune choices of the data folder and the backend of
  `ADMIN_BACKEND` (where edits go: GitHub, GitLab, a local proxy...);
- `vendor/decap-cms/`, Decap's browser bundle copied from node_modules (npm
  package `decap-cms`, pinned in package.json; never committed).

An empty `ADMIN_URL` leaves the editor out of the site.
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

from pelican.generators import Generator

from annuaire.contribute import decap_config
from annuaire.pelican_plugin import DirectoryPlugin
from annuaire.publish.output import write_bytes
from annuaire.record_types import LIST_TYPES
from annuaire.settings import Setting, node_modules

logger = logging.getLogger(__name__)

NAME = "directory_admin"
SETTINGS = (
    Setting("ADMIN_URL", "admin/", "folder of the web editor; empty: no editor"),
    # {"name": "test-repo"} keeps edits in the browser only (a trial); README and pelican.conf.py show GitHub and GitLab.
    Setting("ADMIN_BACKEND", {"name": "test-repo"}, "where the editor sends edits, a Decap CMS backend"),
)
DIST = "decap-cms/dist"
VENDOR = "vendor/decap-cms"


class MissingDecap(Exception):
    exitcode = 1


def vendor_files(folder: Path) -> dict[str, Path]:
    """{name under vendor/decap-cms/: source}: the bundle, the chunks it loads, its WebAssembly, the licence notices."""
    dist = folder / DIST
    files = {}
    if dist.is_dir():
        for path in sorted(dist.iterdir()):
            if path.name.endswith((".decap-cms.js", ".wasm")) or path.name in ("decap-cms.js", "decap-cms.js.LICENSE.txt"):
                files[path.name] = path
    if "decap-cms.js" not in files:
        raise MissingDecap(f"{NAME} : {dist / 'decap-cms.js'} introuvable ; installez les paquets npm avec « make setup » (npm ci)")
    return files


class DirectoryAdminGenerator(Generator):
    def generate_output(self, writer):
        settings = self.settings
        folder = settings["ADMIN_URL"]
        if not folder:
            return
        directory = self.context["directory"]
        choices = {kind.name: {item.slug: item.title for item in directory.records[kind.name]} for kind in LIST_TYPES}
        configuration = decap_config.config(settings["ADMIN_BACKEND"], choices, site_url=settings.get("SITEURL", ""))
        write_bytes(self.output_path, f"{folder}config.yml", decap_config.to_yaml(configuration), NAME)
        output = Path(self.output_path) / folder / VENDOR
        output.mkdir(parents=True, exist_ok=True)
        for name, source in vendor_files(node_modules(settings)).items():
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
        logger.info("%s: éditeur Decap CMS écrit dans %s (%s)", NAME, folder, configuration["backend"]["name"])


PLUGIN = DirectoryPlugin(NAME, SETTINGS, generator=DirectoryAdminGenerator)
register = PLUGIN.register
