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
    return {"seconds": seconds, "raw": len(files.files["index.json"]), "gzip": len(files.files["index.json.gz"]),
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


def browser_bytes(ours: Path, shards_needed: float) -> int:
    """Gzip bytes fetched before the first result: the page's script, stemmer, index, display shards."""
    from annuaire.search.bundle import search_script

    vendor = ROOT / "node_modules"
    stemmer = [vendor / "multilingual-stemmer" / "dist" / "browser" / name for name in ("index.js", "index_bg.wasm")]
    total = _gzip_size(search_script(vendor / "lunr" / "lunr.min.js")[1]) + sum(_gzip_size(path.read_bytes()) for path in stemmer)
    total += (ours / "index.json.gz").stat().st_size
    if json.loads((ours / "index.json").read_bytes()).get("eagerShards"):  # all fetched with the index
        return total + sum(path.stat().st_size for path in ours.glob("docs-*.json.gz"))
    return total + int(shards_needed * (ours / "docs-0.json.gz").stat().st_size)


def build_site(data: Path, output: Path) -> float:
    """Build the whole site, as `make html` does; returns the seconds it took."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "annuaire", "build", "--data", str(data), "--output", str(output)],
                   check=True, capture_output=True)
    return time.perf_counter() - started


def ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}" if b else "-"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--one", nargs=3, metavar=("KIND", "DATA", "OUT"))
    parser.add_argument("--no-browser", action="store_true", help="skip the full site build and the Chromium measure")
    args = parser.parse_args()
    if args.one:
        one(args.one[0], Path(args.one[1]), Path(args.one[2]))
        return 0
    from bench.synthetic import write_directory

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in (int(s) for s in args.sizes.split(",")):
            data, ours, naive = Path(tmp) / f"data-{size}", Path(tmp) / f"ours-{size}", Path(tmp) / f"naive-{size}"
            ours.mkdir()
            naive.mkdir()
            write_directory(data, size)
            o, n = measure_build("ours", data, ours), measure_build("naive", data, naive)
            q = measure_queries(ours, naive / "naive.json")
            download = browser_bytes(ours, q["ours"]["shards_per_query"])
            naive_download = n["gzip"] + _gzip_size((ROOT / "node_modules" / "lunr" / "lunr.min.js").read_bytes())
            if not args.no_browser:
                from bench.search_browser import first_result_ms

                site = Path(tmp) / f"site-{size}"
                o["site_seconds"] = build_site(data, site)
                q["browser"] = first_result_ms(site, naive / "naive.json")
            rows.append((size, o, n, q, download, naive_download))
    print(f"Search benchmark: {len(QUERIES)} French queries; ratios are ours / naive, measured in this run.\n")
    header = f"{'records':>8} | {'measure':<34} | {'ours':>12} | {'naive':>12} | {'ratio':>6}"
    print(header)
    print("-" * len(header))
    for size, o, n, q, download, naive_download in rows:
        lines = [
            ("index build time (s)", o["seconds"], n["seconds"], "{:.2f}"),
            ("peak memory of the build (MiB)", o["peak_mib"], n["peak_mib"], "{:.0f}"),
            ("index bytes, raw (KB)", o["raw"] / 1000, n["raw"] / 1000, "{:.0f}"),
            ("index bytes, gzip (KB)", o["gzip"] / 1000, n["gzip"] / 1000, "{:.0f}"),
            ("downloaded before 1st result, gzip (KB)", download / 1000, naive_download / 1000, "{:.0f}"),
            ("query latency, median (ms)", q["ours"]["median_ms"], q["naive"]["median_ms"], "{:.2f}"),
            ("query latency, p95 (ms)", q["ours"]["p95_ms"], q["naive"]["p95_ms"], "{:.2f}"),
            ("index load in Node (ms)", q["ours"]["load_ms"], q["naive"]["load_ms"], "{:.0f}"),
        ]
        if "browser" in q:
            lines.append(("1st result in Chromium (ms) [a]", q["browser"]["ours_ms"], q["browser"]["naive_ms"], "{:.0f}"))
            lines.append(("  of which after DOMContentLoaded (ms)", q["browser"]["ours_after_dom_ms"], q["browser"]["naive_after_dom_ms"], "{:.0f}"))
            lines.append(("a plain page, for scale (ms) [a]", q["browser"]["floor_ms"], q["browser"]["floor_ms"], "{:.0f}"))
            lines.append(("whole site build (s) [b]", o["site_seconds"], o["site_seconds"], "{:.1f}"))
        for label, ours_value, naive_value, fmt in lines:
            print(f"{size:>8} | {label:<34} | {fmt.format(ours_value):>12} | {fmt.format(naive_value):>12} | {ratio(ours_value, naive_value):>6}")
        print("-" * len(header))
    if not args.no_browser:
        print("[a] from navigation to the first result, query 'salle', median of 11 cold loads, the pages in turn (bench/search_browser.py):")
        print("    ours: the search page; naive: a page loading lunr.js and the naive index, listing its results.")
        print("    A plain page: DOMContentLoaded of the about page, what this browser needs to show any page.")
        print("[b] all pages, search included, with make html's command; no naive counterpart (ratio 1).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
