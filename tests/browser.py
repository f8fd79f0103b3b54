"""Headless Chromium for the tests: a built site served on loopback, and a Playwright page.

Debian's chromium is driven by Playwright's Python client (no browser download).
Tests skip with a clear reason when either is missing; CI installs both.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import shutil
import threading
from pathlib import Path

import pytest

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    pytest.skip("no Chromium installed (apt-get install chromium): browser tests skipped")


class _Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".wasm": "application/wasm", ".js": "text/javascript"}

    def log_message(self, format, *args):
        pass


@contextlib.contextmanager
def serve(site: Path, content_types: dict[str, str] | None = None):
    """Serve `site` on 127.0.0.1 (a free port); yields the base URL ending in '/'.

    content_types: {".wasm": "application/octet-stream"}, to play a host that serves some
    files with another type than the usual one.
    """
    handler = type("Handler", (_Handler,), {"extensions_map": {**_Handler.extensions_map, **(content_types or {})}})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def browser():
    """A headless Chromium driven by Playwright."""
    executable = chromium_path()
    sync_api = pytest.importorskip("playwright.sync_api", reason="the Python package playwright is not installed")
    with sync_api.sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield instance
        finally:
            instance.close()
