"""`make bench`: the search at 1,000 and 10,000 records, against a naive lunr.py index.

For each size it generates a synthetic directory (bench/synthetic.py), then
measures, each build in its own process so that peak memory is its own:
- ours: the search files as the site ships them (directory_search);
- naive: lunr.py's default English pipeline over every text field, one JSON.
Query latency is measured in Node with lunr.js over a fixed list of French
queries: ours through search-core.js (the browser's code), naive with
`index.search`. The browser download counts the files fetched before the
first result is shown. Figures are ratios against the naive baseline
measured in the same run, since this machine is shared and noisy.
"""

from __future__ import annotations

import argparse
import gzip
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

QUERIES = [
    "salle", "salle de réunion", "salles", "salarié partagé", "salaries", "temps partagé", "comptable", "comptabilité",
    "bénévoles", "benevole", "accueil", "locaux", "local de stockage", "bureau", "atelier", "vidéoprojecteur",
    "sonorisation", "tables chaises", "barnum", "outillage", "jardin", "jardins partagés", "fourgon", "minibus",
    "camionnette", "vélo cargo", "remorque", "transport solidaire", "transports", "impression", "garde d'enfants",
    "traduction", "réparation informatique", "informatique", "numérique", "formation", "communication", "juridique",
    "gestion", "compost", "semences", "livres", "théâtre", "costumes", "réemploi", "mutualiser", "mutualisation",
    "coopération", "cooperatives", "l'association", "d'entraide", "solidarité", "seniors", "personnes âgées",
    "jeunes du quartier", "familles", "handicap", "insertion", "emploi", "environnement", "musique", "sport",
    "culture", "santé", "mobilité", "ressourcrie", "benevolat", "informatiqe", "mutu", "coopé",
]


def _gzip_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9, mtime=0))


def build_ours(data: Path, out: Path) -> dict:
    from annuaire.records.loader import load_directory
    from annuaire.search.documents import collect, facet_labels
    from annuaire.search.index import build

    directory = load_directory(data)
    for items in directory.records.values():
        for record in items:
            record.url = f"{record.kind.name}/{record.slug}/"
            record.description_html = record.data.get("description", "")
    started = time.perf_counter()
    documents = collect(directory)
    files = build(documents, facet_labels(directory))
    seconds = time.perf_counter() - started
    for name, content in files.files.items():
        (out / name).write_bytes(content)
    # The index: index.json (its head, facets...) and its chunks of terms and vocabulary, if any.
    index = [name for name in files.files if name in ("index.json", "words.json") or (name.startswith("terms-") and name.endswith(".json"))]
    return {"seconds": seconds, "raw": sum(len(files.files[name]) for name in index), "gzip": sum(len(files.files[name + ".gz"]) for name in index),
            "head_gzip": len(files.files["index.json.gz"]), "chunks": sum(name.startswith("terms-") for name in index),
            "shard_gzip": len(files.files["docs-0.json.gz"]), "documents": len(documents)}


def build_naive(data: Path, out: Path) -> dict:
    import yaml
    from lunr import lunr

    documents = []
    for folder in ("organisations", "offers", "needs", "projects"):
        for path in sorted((data / folder).glob("*.yaml")):
            record = yaml.safe_load(path.read_text("utf-8"))
            text = {key: value for key, value in record.items() if isinstance(value, str)}
            text["ref"] = f"{folder}/{path.stem}/"
            documents.append(text)
    fields = sorted({key for document in documents for key in document if key != "ref"})
    started = time.perf_counter()
    index = lunr(ref="ref", fields=fields, documents=[{field: d.get(field, "") for field in fields} | {"ref": d["ref"]} for d in documents])
    content = json.dumps(index.serialize(), separators=(",", ":")).encode("utf-8")
    seconds = time.perf_counter() - started
    (out / "naive.json").write_bytes(content)
    return {"seconds": seconds, "raw": len(content), "gzip": _gzip_size(content), "documents": len(documents)}


def one(kind: str, data: Path, out: Path) -> None:
    """Child process: build one index and print its figures with its own peak memory."""
    figures = (build_ours if kind == "ours" else build_naive)(data, out)
    figures["peak_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(figures))


def measure_build(kind: str, data: Path, out: Path) -> dict:
    result = subprocess.run([sys.executable, "-m", "bench.search", "--one", kind, str(data), str(out)], capture_output=True, text=True, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def measure_queries(ours: Path, naive: Path) -> dict:
    script = ROOT / "bench" / "query_latency.js"
    result = subprocess.run(["node", str(script), str(ours), str(naive)], input=json.dumps(QUERIES), capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


def browser_bytes(ours: Path, shards_needed: float, query: str = "salle") -> int:
    """Gzip bytes fetched before the first results of `query`: the page's script (with the stemmer), index.json,
    the chunks of the index the query needs and the display shards of its first 20 results, or all of
    them when the index says to fetch them at once (bench/query_latency.js --fetched says which).
    `shards_needed` is no longer read: the shards are those of `query`."""
    from annuaire.search.bundle import search_script

    vendor = ROOT / "node_modules"
    total = _gzip_size(search_script(vendor / "lunr" / "lunr.min.js")[1])
    total += (ours / "index.json.gz").stat().st_size
    script = ROOT / "bench" / "query_latency.js"
    fetched = json.loads(subprocess.run(["node", str(script), "--fetched", str(ours), query], capture_output=True, text=True, check=True).stdout)
    return total + fetched["gzip"]


def measure_pagefind(data: Path, pages: Path, output: Path) -> dict:
    """Pagefind over the same records (bench/pagefind.py): its input pages, then its CLI's build, timed."""
    from bench import pagefind

    started = time.perf_counter()
    page_bytes = pagefind.write_pages(pagefind.search_documents(data), pages)
    figures = {"pages_seconds": time.perf_counter() - started, "pages_bytes": page_bytes, "version": pagefind.version()}
    figures |= pagefind.build(pages, output)
    shutil.rmtree(pages)
    return figures


def build_site(data: Path, output: Path) -> float:
    """Build the whole site, as `make html` does; returns the seconds it took."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "annuaire", "build", "--data", str(data), "--output", str(output)],
                   check=True, capture_output=True)
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000,10000", help="record counts, separated by commas or spaces")
    parser.add_argument("--one", nargs=3, metavar=("KIND", "DATA", "OUT"))
    parser.add_argument("--no-browser", action="store_true", help="skip the full site build and the Chromium measure")
    parser.add_argument("--no-pagefind", action="store_true", help="leave Pagefind out (bench/pagefind.py)")
    args = parser.parse_args()
    if args.one:
        one(args.one[0], Path(args.one[1]), Path(args.one[2]))
        return 0
    from bench.synthetic import write_directory

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in (int(s) for s in args.sizes.replace(",", " ").split()):
            data, ours, naive = Path(tmp) / f"data-{size}", Path(tmp) / f"ours-{size}", Path(tmp) / f"naive-{size}"
            ours.mkdir()
            naive.mkdir()
            write_directory(data, size)
            o, n = measure_build("ours", data, ours), measure_build("naive", data, naive)
            q = measure_queries(ours, naive / "naive.json")
            download = browser_bytes(ours, q["ours"]["shards_per_query"])
            naive_download = n["gzip"] + _gzip_size((ROOT / "node_modules" / "lunr" / "lunr.min.js").read_bytes())
            p = None if args.no_pagefind else measure_pagefind(data, Path(tmp) / f"pagefind-pages-{size}", Path(tmp) / f"pagefind-{size}")
            if not args.no_browser:
                from bench.search_browser import first_result_ms

                site = Path(tmp) / f"site-{size}"
                o["site_seconds"] = build_site(data, site)
                if p:
                    shutil.move(Path(tmp) / f"pagefind-{size}", site / "pagefind")
                q["browser"] = first_result_ms(site, naive / "naive.json", latency_queries=QUERIES)
                shutil.rmtree(site)
            shutil.rmtree(data)
            rows.append({"size": size, "ours": o, "naive": n, "pagefind": p, "queries": q, "download": download, "naive_download": naive_download})
            print(f"{size} records measured: {json.dumps(rows[-1], default=str)}", file=sys.stderr, flush=True)  # a long run's figures kept as they come
    from bench import report

    print(f"Search benchmark: {len(QUERIES)} French queries; ours, the naive lunr.py index and Pagefind"
          f"{'' if args.no_pagefind else ' ' + rows[0]['pagefind']['version']}, measured in this run.\n")
    print(report.table(rows))
    print("[a] (not measured: --no-browser)" if args.no_browser else "[a] Chromium, from navigation to the first result shown, query 'salle', median of 11 cold loads (a fresh context each), the pages")
    if not args.no_browser:
        print("    in turn (bench/search_browser.py), served on loopback with gzip as hosts do (bench/static_server.py); bytes: the response bodies")
        print("    as sent for the requests issued before the first result. Ours: the site's search page (its CSS, script, index, display")
        print("    shards); naive: a bare page loading lunr.js and the naive index; Pagefind: a bare page, Pagefind's JS API (pagefind.js, its")
        print("    worker, wasm, index chunks) and the display data (fragments) of the first 20 results, as many as our page shows.")
        print("    A plain page: DOMContentLoaded of the about page, what this browser needs to show any page.")
    print("[b] Pagefind: its whole bundle (index, fragments, filters, wasm, JS and its UIs), its own files gzip already.")
    print("[c] ours and naive in Node with lunr.js (bench/query_latency.js); Pagefind in Chromium through its JS API: the passes after the")
    print("    first (chunks loaded), and its first pass apart (each query's chunks fetched over loopback). Not the same runtime.")
    print("[d] all pages, search included, with make html's command; Pagefind's input pages are written apart, see [e].")
    print("[e] one minimal HTML page a record with the fields of our search documents (bench/pagefind.py), not counted in its build time.")
    print("\nTargets, and where Pagefind does better:")
    print("\n".join(report.verdicts(rows)))
    print("\nRaw figures of this run (JSON, a line a size):")
    print(report.raw(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
