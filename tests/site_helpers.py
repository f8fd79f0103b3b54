"""Reading a built site the way a browser would: pages, links and their targets."""

from __future__ import annotations

import posixpath
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup


def page(site: Path, url: str) -> BeautifulSoup:
    """The parsed page at a site URL such as 'offres/' or 'index.html'."""
    path = site / url
    if url == "" or url.endswith("/"):
        path = path / "index.html"
    return BeautifulSoup(path.read_text("utf-8"), "html.parser")


def html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def internal_targets(site: Path, html_file: Path, base_url: str = ""):
    """Yield (attribute value, resolved file path or None, fragment) for each internal link and asset."""
    soup = BeautifulSoup(html_file.read_text("utf-8"), "html.parser")
    page_dir = "/" + html_file.parent.relative_to(site).as_posix()
    for element in soup.find_all(href=True) + soup.find_all(src=True):
        value = element.get("href") or element.get("src")
        parts = urlsplit(value)
        if parts.scheme in ("mailto", "tel") or (parts.scheme and not value.startswith(base_url or "\0")):
            continue
        if base_url and value.startswith(base_url):
            path = "/" + value[len(base_url):].lstrip("/")
            path = urlsplit(path).path
        elif parts.path == "":
            yield value, html_file, parts.fragment
            continue
        else:
            path = posixpath.normpath(posixpath.join(page_dir, unquote(parts.path)))
            if parts.path.endswith("/"):
                path += "/"
        target = site / path.lstrip("/")
        if path.endswith("/") or target.is_dir():
            target = target / "index.html"
        yield value, target if target.is_file() else None, parts.fragment
