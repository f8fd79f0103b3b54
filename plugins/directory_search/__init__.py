"""Pelican plugin: build the client-side search of the directory.

In the output phase it indexes every record of `context["directory"]` and
every Pelican page and article (see `documents.py`), writes the index and
its display shards (`search_index.py`), copies lunr.js and the Snowball
stemmer from node_modules, and writes the search page. The French text
pipeline lives in `french.py`, twinned with `theme/static/js/search-fr.js`.
"""

from __future__ import annotations

import logging
import shutil
import time
from pathlib import Path

from pelican import signals
from pelican.generators import Generator

from annuaire.settings import apply_defaults, build_date

from . import search_index
from .documents import collect, facet_labels

logger = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[2]

# Third-party browser files, copied from node_modules at build time (never committed).
VENDOR_FILES = {
    "lunr/lunr.min.js": "lunr.min.js",
    "lunr/LICENSE": "lunr.LICENSE.txt",
    "multilingual-stemmer/LICENSE": "multilingual-stemmer/LICENSE.txt",
}
STEMMER_DIST = "multilingual-stemmer/dist"


class MissingNodeModules(Exception):
    exitcode = 1


def vendor_files(node_modules: Path) -> dict[str, Path]:
    """`{path under search/vendor/: source}` for every browser file the search needs."""
    files = {target: node_modules / source for source, target in VENDOR_FILES.items()}
    dist = node_modules / STEMMER_DIST
    for path in sorted(dist.rglob("*")):
        if path.suffix in (".js", ".wasm") and not path.name.endswith(".d.ts"):
            files[f"multilingual-stemmer/{path.relative_to(dist).as_posix()}"] = path
    missing = [str(path) for path in files.values() if not path.is_file()] or ([] if dist.is_dir() else [str(dist)])
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
        node_modules = Path(self.settings.get("ANNUAIRE_NODE_MODULES") or ROOT / "node_modules")
        vendor = vendor_files(node_modules)
        for target, source in vendor.items():
            path = output / "search" / "vendor" / target
            path.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, path)
        # The stemmer is a chain of ES modules and a WebAssembly file: the page asks for them all
        # at once (modulepreload) instead of discovering them one import after another.
        stemmer_files = sorted(
            f"search/vendor/{target}"
            for target in vendor
            if target.startswith("multilingual-stemmer/") and not target.endswith(".txt")
            and target.replace(".js", ".browser.js") not in vendor  # the Node twin of a browser module
        )
        index_bytes = len(files.files["index.json"])
        logger.info(
            "directory_search: %d documents indexés en %.1f s (index : %d Kio, %d Kio compressé)",
            len(documents), time.perf_counter() - started, index_bytes // 1024, len(files.files["index.json.gz"]) // 1024,
        )
        writer.write_file(
            self.settings["SEARCH_SAVE_AS"],
            self.get_template("search"),
            self.context,
            relative_urls=self.settings["RELATIVE_URLS"],
            url=self.settings["SEARCH_URL"],
            search_folder=files.folder,
            stemmer_modules=[name for name in stemmer_files if name.endswith(".js")],
            stemmer_wasm=[name for name in stemmer_files if name.endswith(".wasm")],
            record_count=len(documents),
        )


def initialized(pelican):
    apply_defaults(pelican.settings)


def get_generators(pelican):
    return DirectorySearchGenerator


def register():
    signals.initialized.connect(initialized)
    signals.get_generators.connect(get_generators)
