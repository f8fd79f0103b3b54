"""Reading a built site the way a browser would: pages, links, their targets and the assets they load."""

from __future__ import annotations

import functools
import posixpath
import re
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


@functools.lru_cache(maxsize=400)
def _parsed(path: Path, mtime_ns: int, size: int) -> BeautifulSoup:
    return BeautifulSoup(path.read_text("utf-8"), "html.parser")


def parsed(path: Path) -> BeautifulSoup:
    """An HTML file through the parser, cached while the file is unchanged: read it, never modify it."""
    stat = path.stat()
    return _parsed(path, stat.st_mtime_ns, stat.st_size)


def internal_targets(site: Path, html_file: Path, base_url: str = ""):
    """Yield (attribute value, resolved file path or None, fragment) for each internal link and asset."""
    soup = parsed(html_file)
    page_dir = "/" + html_file.parent.relative_to(site).as_posix()
    for element in soup.find_all(href=True) + soup.find_all(src=True):
        value = element.get("href") or element.get("src")
        parts = urlsplit(value)
        if parts.scheme in ("mailto", "tel") or ((parts.scheme or parts.netloc) and not value.startswith(base_url or "\0")):
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


def broken_links(site: Path, base_url: str = "", pages: list[Path] | None = None) -> list[tuple[str, str]]:
    """(page, link) for every internal link or asset whose file, or whose #fragment in it, is missing.

    `base_url` is the SITEURL of a site built with absolute links; links must then stay under it.
    `pages` limits the pages read (all HTML files by default; the stylesheets are always read).
    """
    ids: dict[Path, set[str]] = {}

    def has_id(target: Path, fragment: str) -> bool:
        if target not in ids:
            soup = parsed(target) if target.suffix == ".html" else None
            ids[target] = {element["id"] for element in soup.find_all(id=True)} if soup else set()
        return unquote(fragment) in ids[target]

    broken = []
    for html_file in html_files(site) if pages is None else pages:
        shown = html_file.relative_to(site).as_posix()
        for value, target, fragment in internal_targets(site, html_file, base_url):
            if base_url and value.startswith("/"):
                broken.append((shown, value))  # root-relative: escapes the sub-path
            elif target is None or (fragment and not has_id(target, fragment)):
                broken.append((shown, value))
    for stylesheet in sorted(site.rglob("*.css")):  # url() and @import of the stylesheets
        for value in css_urls(stylesheet.read_text("utf-8")):
            parts = urlsplit(value)
            if parts.scheme or parts.netloc or not parts.path:
                continue
            target = site / parts.path.lstrip("/") if parts.path.startswith("/") else stylesheet.parent / unquote(parts.path)
            if not target.resolve().is_file():
                broken.append((stylesheet.relative_to(site).as_posix(), value))
    return broken


# What a browser fetches on its own when it renders a page (links to follow are not in it).
_ASSET_ATTRIBUTES = {
    "script": ("src",), "img": ("src", "srcset"), "source": ("src", "srcset"), "video": ("src", "poster"),
    "audio": ("src",), "track": ("src",), "iframe": ("src",), "embed": ("src",), "object": ("data",),
    "input": ("src",), "image": ("href", "xlink:href"), "use": ("href", "xlink:href"),
}
_LOADED_LINK_RELS = {"stylesheet", "icon", "preload", "modulepreload", "prefetch", "manifest", "apple-touch-icon"}


def asset_urls(soup: BeautifulSoup):
    """Yield (tag name, URL) for every resource the page makes the browser load, CSS url() and @import included."""
    for element in soup.find_all(True):
        names = _ASSET_ATTRIBUTES.get(element.name, ())
        if element.name == "link" and _LOADED_LINK_RELS & set(element.get("rel") or ()):
            names = ("href",)
        for name in names:
            value = element.get(name)
            if not value:
                continue
            urls = [part.strip().split()[0] for part in value.split(",") if part.strip()] if name == "srcset" else [value]
            for url in urls:
                yield element.name, url
        for css in ([element.get("style")] if element.get("style") else []) + ([element.string or ""] if element.name == "style" else []):
            for url in css_urls(css):
                yield element.name, url


_CSS_URL = re.compile(r"""url\(\s*(['"]?)(.*?)\1\s*\)|@import\s+(['"])(.*?)\3""", re.IGNORECASE | re.DOTALL)


def css_urls(css: str) -> list[str]:
    return [match.group(2) or match.group(4) for match in _CSS_URL.finditer(css)]


def other_host(url: str, base_url: str = "") -> bool:
    """True when `url` points to another host than the site's own (given by its SITEURL, if absolute)."""
    parts = urlsplit(url.strip())
    if parts.scheme in ("data", "blob"):
        return False
    if not (parts.scheme or parts.netloc):
        return False  # relative: same host
    return not (base_url and url.strip().startswith(base_url.rstrip("/") + "/"))
