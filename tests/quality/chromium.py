"""Visit many pages of a served site in headless Chromium, two at a time, and probe each one.

Every visit records what a real browser saw: requests (those to any other host than the
local server are aborted and reported), console errors, uncaught exceptions and dialogs
(`alert()`, `confirm()`...). A probe, an async function given the Playwright page, adds
its own findings (axe-core results, focus order...).

Playwright's async client runs Debian's Chromium (`tests/browser.py` finds it): the
visits of a whole site share one browser, and two pages run at once on two cores.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from browser import CHROMIUM_ARGS, chromium_path, serve

PHONE, DESKTOP = 390, 1280

# Resolves once the page's scripts have stopped changing the document for 300 ms (5 s at most).
QUIET_DOM = """() => new Promise(resolve => {
  let timer = setTimeout(done, 300);
  const observer = new MutationObserver(() => { clearTimeout(timer); timer = setTimeout(done, 300); });
  const limit = setTimeout(done, 5000);
  function done() { observer.disconnect(); clearTimeout(limit); resolve(); }
  observer.observe(document, {subtree: true, childList: true, attributes: true, characterData: true});
})"""


@dataclass(frozen=True)
class Visit:
    url: str  # relative to the site root, query string allowed
    width: int = DESKTOP
    settle: str = "load"  # Playwright's wait_until; "networkidle" also waits until the page's scripts stop changing it


@dataclass
class Seen:
    """What the browser saw during one visit."""

    requests: list[tuple[str, str]] = field(default_factory=list)  # (resource type, URL) served locally
    other_hosts: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    status: int | None = None
    probe: object = None

    @property
    def incidents(self) -> list[str]:
        return (
            [f"requête vers un autre hôte : {url}" for url in self.other_hosts]
            + [f"erreur de console : {text}" for text in self.console_errors]
            + [f"exception : {text}" for text in self.page_errors]
            + [f"boîte de dialogue : {text}" for text in self.dialogs]
            + ([f"statut HTTP {self.status}"] if self.status not in (200, 304) else [])
        )


def visit_all(site: Path, visits, probe=None, concurrency: int = 2) -> dict[Visit, Seen]:
    """Serve `site` on 127.0.0.1 and make every visit; skips the test when no browser is available."""
    executable = chromium_path()
    pytest.importorskip("playwright.async_api", reason="the Python package playwright is not installed")
    with serve(site) as base:
        return asyncio.run(_visit_all(executable, base, list(visits), probe, concurrency))


async def _visit_all(executable, base, visits, probe, concurrency):
    from playwright.async_api import async_playwright

    results: dict[Visit, Seen] = {}
    queue = list(visits)
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)

        async def worker():
            pages = {}  # one tab per width, reused: opening a tab costs more than loading a page
            while queue:
                visit = queue.pop(0)
                if visit.width not in pages:
                    # Reduced motion: focus scrolls at once (no smooth scrolling), so positions can be read.
                    context = await browser.new_context(viewport={"width": visit.width, "height": 800}, reduced_motion="reduce")
                    pages[visit.width] = await _watched_page(context, urlsplit(base).netloc)
                page, current = pages[visit.width]
                current[0] = seen = Seen()
                response = await page.goto(base + visit.url, wait_until=visit.settle)
                seen.status = response.status if response else None
                if visit.settle == "networkidle":
                    await page.evaluate(QUIET_DOM)
                if probe is not None:
                    seen.probe = await probe(page, visit)
                results[visit] = seen
            for page, _current in pages.values():
                await page.context.close()

        try:
            await asyncio.gather(*(worker() for _ in range(concurrency)))
        finally:
            await browser.close()
    return results


async def _watched_page(context, local_host):
    """A tab whose requests, console, exceptions and dialogs are written into `current[0]`."""
    page = await context.new_page()
    current = [Seen()]

    async def route(route):
        url = route.request.url
        if urlsplit(url).scheme in ("http", "https", "ws", "wss") and urlsplit(url).netloc != local_host:
            current[0].other_hosts.append(url)
            await route.abort()
        else:
            current[0].requests.append((route.request.resource_type, url))
            await route.continue_()

    async def dialog(dialog):
        current[0].dialogs.append(f"{dialog.type}: {dialog.message}")
        await dialog.dismiss()

    await page.route("**/*", route)
    page.on("dialog", dialog)
    page.on("console", lambda message: message.type == "error" and current[0].console_errors.append(message.text))
    page.on("pageerror", lambda error: current[0].page_errors.append(str(error)))
    return page, current
