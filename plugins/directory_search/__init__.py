"""Pelican plugin: build the client-side search of the directory.

In the output phase it indexes every record of `context["directory"]` and
every Pelican page and article (see `documents.py`), writes the index and
its chunks, facets and display shards (`index.py`), the page's one script (lunr.js and
`browser/`, see `bundle.py`, with the French stemmer), copies lunr.js's licence
from node_modules, and writes the search page. The French text pipeline lives in `french.py`,
twinned with `browser/search-fr.js`.
"""

from __future__ import annotations

import logging
import shutil
import time
from pathlib import Path

from pelican.generators import Generator

from annuaire.pelican_plugin import DirectoryPlugin
from annuaire.search import index as search_index
from annuaire.search.bundle import search_script
from annuaire.search.documents import collect, facet_labels
from annuaire.settings import Setting, build_date, node_modules

logger = logging.getLogger(__name__)

SETTINGS = (
    Setting("SEARCH_URL", "recherche/", "address of the search page; the header's search box sends its query there"),
    Setting("SEARCH_SAVE_AS", "recherche/index.html", "file of the search page"),
)

# Third-party browser files, copied from node_modules at build time (never committed).
# lunr.js goes into the page's script (bundle.py), and so does the French stemmer, our own
# (browser/stemmer-fr.js).
LUNR_JS = "lunr/lunr.min.js"
VENDOR_FILES = {
    "lunr/LICENSE": "lunr.LICENSE.txt",
}


class MissingNodeModules(Exception):
    exitcode = 1


def vendor_files(folder: Path) -> dict[str, Path]:
    """`{path under search/vendor/: source}` for every browser file the search needs, from `folder` (node_modules)."""
    files = {target: folder / source for source, target in VENDOR_FILES.items()}
    missing = [str(path) for path in [*files.values(), folder / LUNR_JS] if not path.is_file()]
    if missing:
        raise MissingNodeModules(
            f"directory_search : fichiers JavaScript introuvables ({', '.join(missing)}) ; installez-les avec « make setup » (npm ci)"
        )
    return files


class DirectorySearchGenerator(Generator):
    def generate_output(self, writer):
        directory = self.context["directory"]
        started = time.perf_counter()
        documents = collect(directory, self.context.get("pages", ()), self.context.get("articles", ()), build_date(self.settings))
        files = search_index.build(documents, facet_labels(directory))
        output = Path(self.output_path)
        for name, content in files.files.items():
            path = output / files.folder / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
        installed = node_modules(self.settings)
        vendor = vendor_files(installed)
        for target, source in vendor.items():
            path = output / "search" / "vendor" / target
            path.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, path)
        script, content = search_script(installed / LUNR_JS)
        (output / script).write_bytes(content)
        chunks = [name for name in files.files if name.startswith("terms-") and name.endswith(".json")]
        logger.info(
            "directory_search: %d documents indexés en %.1f s (index.json : %d Kio compressé, %d morceaux de l'index : %d Kio compressés)",
            len(documents), time.perf_counter() - started, len(files.files["index.json.gz"]) // 1024,
            len(chunks), sum(len(files.files[name + ".gz"]) for name in chunks) // 1024,
        )
        writer.write_file(
            self.settings["SEARCH_SAVE_AS"],
            self.get_template("search"),
            self.context,
            relative_urls=self.settings["RELATIVE_URLS"],
            url=self.settings["SEARCH_URL"],
            search_folder=files.folder,
            search_preload=files.preload,
            search_script=script,
            record_count=len(documents),
        )


PLUGIN = DirectoryPlugin("directory_search", SETTINGS, generator=DirectorySearchGenerator)
register = PLUGIN.register
