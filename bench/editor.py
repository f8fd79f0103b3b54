"""The web editor with a département's worth of organisations, in headless Chromium.

    .venv/bin/python -m bench.editor --sizes 150 1500 15000 [--runs 3] [--editors decap sveltia]

For each size, bench/synthetic.py writes a data folder (N organisations, and
0.75 N offers that cite them); only organisations and offers are given to the
editor. Each editor gets the site's generated config.yml with its test backend,
fed the cheapest faithful way:

- Decap CMS (npm decap-cms): `test-repo` reads the tree `window.repoFiles`,
  written here as a script loaded before Decap's bundle;
- Sveltia CMS (npm @sveltia/cms): `test-repo` reads the browser's private
  file system (OPFS, folder `sveltia-cms-test`), filled by the page from a
  JSON file before Sveltia's bundle is loaded (not timed).

Measured in a fresh browser each run, with wall-clock time from Playwright:

- list: from navigation to the first entry of the organisations collection
  shown (the test backend's sign-in button is clicked as soon as it shows);
- relation: on a new offer, from typing the last organisation's name into the
  organisation menu to that organisation offered as a choice ("-" when it is
  not offered within the time limit);
- heap: JSHeapUsedSize (CDP Performance.getMetrics) after a garbage collection,
  once the relation search is done.

Requests to other hosts are answered from node_modules where Sveltia fetches
its translations from a CDN, and refused otherwise (no network here).

Two departures from the site's configuration, both for Decap's test backend only:
its `window.repoFiles` holds each folder under its full path too (it lists
"data/organisations" as one key but reads files through nested keys), and its
collections keep images in the global media folder (it takes every file of a
media folder for an image, so with images beside the records a new offer fails
on its YAML files). Sveltia gets the site's config.yml unchanged.

Sveltia is taken from node_modules/@sveltia/cms, or from --sveltia-package.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from annuaire.contribute import decap_config
from bench.synthetic import write_directory

ROOT = Path(__file__).resolve().parents[1]
NODE_MODULES = ROOT / "node_modules"
SVELTIA = {"package": NODE_MODULES / "@sveltia" / "cms"}  # --sveltia-package: an unpacked `npm pack @sveltia/cms`
TIMEOUT_MS = 120_000
SUMMARY_TEXT = "mis à jour le"  # every collection's summary holds it

DECAP_PAGE = """<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>bench decap</title></head>
<body><script src="repo-files.js"></script><script src="vendor/decap-cms.js"></script></body></html>
"""
SVELTIA_PAGE = """<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>bench sveltia</title>
<link rel="cms-config-url" type="application/yaml" href="config.yml"></head>
<body><script>
(async function () {
  const files = await (await fetch('files.json')).json();
  const root = await navigator.storage.getDirectory();
  await root.removeEntry('sveltia-cms-test', {recursive: true}).catch(function () {});
  const base = await root.getDirectoryHandle('sveltia-cms-test', {create: true});
  const folders = {};
  for (const [path, text] of Object.entries(files)) {
    const parts = path.split('/');
    const folderPath = parts.slice(0, -1).join('/');
    if (!folders[folderPath]) {
      let folder = base;
      for (const part of parts.slice(0, -1)) folder = await folder.getDirectoryHandle(part, {create: true});
      folders[folderPath] = folder;
    }
    const writable = await (await folders[folderPath].getFileHandle(parts.at(-1), {create: true})).createWritable();
    await writable.write(text);
    await writable.close();
  }
  console.log('bench-seeded');
  const script = document.createElement('script');
  script.src = 'vendor/sveltia-cms.js';
  document.body.append(script);
})();
</script></body></html>
"""


def synthetic_records(folder: Path, organisations: int) -> tuple[dict[str, str], dict]:
    """({repository path: YAML text} of the organisations and offers, the editor's choices of themes and communes)."""
    write_directory(folder, round(organisations / 0.4))
    files = {}
    for kind in ("organisations", "offers"):
        for path in sorted((folder / kind).glob("*.yaml")):
            files[f"data/{kind}/{path.name}"] = path.read_text("utf-8")
    choices = {}
    for name, file in (("theme", "themes.yaml"), ("commune", "communes.yaml")):
        items = yaml.safe_load((folder / file).read_text("utf-8"))
        choices[name] = {item["id"]: item["nom"] for item in items}
    return files, choices


def write_site(site: Path, editor: str, files: dict[str, str], choices: dict) -> None:
    admin = site / "admin"
    vendor = admin / "vendor"
    vendor.mkdir(parents=True)
    configuration = decap_config.config({"name": "test-repo"}, choices)
    if editor == "decap":
        # Decap's test backend takes every file of a media folder for an image: with images beside the
        # records (media_folder ""), opening a new offer fails on its YAML files (normalizeAsset).
        for collection in configuration["collections"]:
            collection.pop("media_folder", None)
            collection.pop("public_folder", None)
    (admin / "config.yml").write_bytes(decap_config.to_yaml(configuration))
    if editor == "decap":
        for path in (NODE_MODULES / "decap-cms" / "dist").iterdir():
            if path.name.endswith((".js", ".wasm")) and not path.name.endswith(".cms.js"):
                shutil.copyfile(path, vendor / path.name)
        tree: dict = {}
        for path, text in files.items():
            *folders, name = path.split("/")
            node = tree
            for part in folders:
                node = node.setdefault(part, {})
            node[name] = {"content": text}
        # Decap's test backend lists a folder as one key ("data/organisations") but reads a file through
        # nested keys (data → organisations → file): both name the same object.
        script = (
            "window.repoFiles = " + json.dumps(tree, ensure_ascii=False).replace("</", "<\\/") + ";\n"
            "for (const kind of Object.keys(window.repoFiles.data)) window.repoFiles['data/' + kind] = window.repoFiles.data[kind];\n"
        )
        (admin / "repo-files.js").write_text(script, "utf-8")
        (admin / "index.html").write_text(DECAP_PAGE, "utf-8")
    else:
        dist = SVELTIA["package"] / "dist"
        shutil.copyfile(dist / "sveltia-cms.js", vendor / "sveltia-cms.js")
        shutil.copytree(dist / "chunks", vendor / "chunks")
        (admin / "files.json").write_text(json.dumps(files, ensure_ascii=False), "utf-8")
        (admin / "index.html").write_text(SVELTIA_PAGE, "utf-8")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def route_outside(page) -> None:
    """Sveltia's translations from node_modules (as its CDN would send them); any other outside request refused."""
    locales = SVELTIA["package"] / "locales"

    def handle(route):
        url = route.request.url
        if url.startswith("http://127.0.0.1"):
            route.continue_()
        elif "/@sveltia/cms@" in url and "/locales/" in url and (locales / url.rsplit("/", 1)[-1]).is_file():
            route.fulfill(path=str(locales / url.rsplit("/", 1)[-1]), content_type="application/json")
        else:
            route.abort()

    page.route("**/*", handle)


def heap_bytes(page) -> int:
    session = page.context.new_cdp_session(page)
    session.send("HeapProfiler.enable")
    session.send("HeapProfiler.collectGarbage")
    session.send("Performance.enable")
    metrics = {item["name"]: item["value"] for item in session.send("Performance.getMetrics")["metrics"]}
    return int(metrics["JSHeapUsedSize"])


def one_run(browser, base: str, editor: str, last_name: str) -> dict:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    page = context.new_page()
    route_outside(page)
    page.set_default_timeout(TIMEOUT_MS)
    result = {}
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        if editor == "sveltia":
            seeded = []
            page.on("console", lambda message: seeded.append(time.perf_counter()) if message.text == "bench-seeded" else None)
        start = time.perf_counter()
        page.goto(base + "admin/#/collections/organisations")
        if editor == "decap":
            page.get_by_text("Se connecter", exact=True).click()
        else:
            page.get_by_role("button", name=re.compile("dépôt de test|test repository", re.IGNORECASE)).click()
            start = seeded[0]  # the seeding stands for the repository: not the editor's time
        page.get_by_text(SUMMARY_TEXT).first.wait_for()
        result["list_s"] = time.perf_counter() - start
        page.goto(base + "admin/#/collections/offers/new")
        if editor == "decap":
            field = page.locator("input[id^='organisation-field']")
            try:
                field.wait_for(state="attached", timeout=30_000)  # react-select's input is 1 px wide until typed in
            except PlaywrightTimeout:  # the form never opened: noted with the page's errors
                result.update(relation_s=None, heap_mb=heap_bytes(page) / 2**20, errors=errors)
                return result
            field.focus()
            start = time.perf_counter()
            page.keyboard.insert_text(last_name)
            option = page.locator("[class*='option']").filter(has_text=last_name)
        else:
            combobox = page.get_by_role("combobox", name="Organisation")
            combobox.click()
            field = page.locator(f"input[aria-controls='{combobox.get_attribute('id')}-listbox']")
            start = time.perf_counter()
            field.fill(last_name)
            option = page.get_by_role("option").filter(has_text=last_name)
        try:
            option.first.wait_for(timeout=60_000)
            result["relation_s"] = time.perf_counter() - start
        except PlaywrightTimeout:  # a choice never offered is a result, not a failure of the bench
            result["relation_s"] = None
        result["heap_mb"] = heap_bytes(page) / 2**20
        result["errors"] = errors
    finally:
        context.close()
    return result


def measure(editor: str, organisations: int, runs: int, work: Path) -> list[dict]:
    from playwright.sync_api import sync_playwright

    files, choices = synthetic_records(work / "data", organisations)
    last = yaml.safe_load(files[f"data/organisations/org-{organisations - 1}.yaml"])["nom"]
    site = work / f"site-{editor}"
    shutil.rmtree(site, ignore_errors=True)
    write_site(site, editor, files, choices)
    port = free_port()
    server = subprocess.Popen([sys.executable, str(ROOT / "bench" / "static_server.py"), str(site), str(port)])
    try:
        time.sleep(1)
        chromium = shutil.which("chromium") or shutil.which("chromium-browser")
        with sync_playwright() as playwright:
            results = []
            for _run in range(runs):
                browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
                try:
                    results.append(one_run(browser, f"http://127.0.0.1:{port}/", editor, last))
                finally:
                    browser.close()
                print(f"  {editor} {organisations}: {results[-1]}", file=sys.stderr, flush=True)
            return results
    finally:
        server.terminate()
        server.wait()


def median(values):
    values = [value for value in values if value is not None]
    return statistics.median(values) if values else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[150, 1500, 15000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--editors", nargs="+", default=["decap", "sveltia"], choices=["decap", "sveltia"])
    parser.add_argument("--sveltia-package", type=Path, default=SVELTIA["package"])
    arguments = parser.parse_args(argv)
    SVELTIA["package"] = arguments.sveltia_package
    bundles = {"decap": NODE_MODULES / "decap-cms" / "dist" / "decap-cms.js", "sveltia": SVELTIA["package"] / "dist" / "sveltia-cms.js"}
    for editor in arguments.editors:
        if not bundles[editor].is_file():
            parser.error(f"{bundles[editor]} introuvable : npm install --no-save {'decap-cms@3.16.3' if editor == 'decap' else '@sveltia/cms'}")
    print("| éditeur | organisations | liste affichée (s) | organisation trouvée dans le menu (s) | tas JS (Mio) | essais |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    with tempfile.TemporaryDirectory() as work:
        for organisations in arguments.sizes:
            for editor in arguments.editors:
                results = measure(editor, organisations, arguments.runs, Path(work))
                relation = median([result["relation_s"] for result in results])
                found = sum(result["relation_s"] is not None for result in results)
                print(
                    f"| {editor} | {organisations} | {median([r['list_s'] for r in results]):.2f} | "
                    f"{'non trouvée' if relation is None else f'{relation:.2f}'} ({found}/{len(results)}) | "
                    f"{median([r['heap_mb'] for r in results]):.0f} | {len(results)} |",
                    flush=True,
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
