"""Read every file of a built site and report markup that could run a contributor's code.

HTML: no element that loads or runs foreign content (iframe, object, base...), no event
handler attribute, no URL with a scheme other than http(s), mailto and tel, no script we
did not write. Scripts are allowed by `src` (a file of the site) or by type (JSON data that
parses and holds no raw « < », so no value can close the element); no inline code at all.
JSON must parse; Atom feeds must parse and their HTML content obeys the HTML rules;
iCalendar lines must all be properties; CSV cells must not start a formula.
"""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ElementTree
from pathlib import Path

from bs4 import BeautifulSoup
from site_helpers import other_host

SAFE_SCHEMES = {"http", "https", "mailto", "tel"}
MARKERS = ("alert(", "evil.example", "msgbox(")  # every hostile payload that would act carries one
FOREIGN_ELEMENTS = {"iframe", "frame", "frameset", "object", "embed", "applet", "base", "portal", "fencedframe"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "poster", "cite", "data", "background", "xlink:href", "ping", "srcset", "codebase", "longdesc"}
JSON_TYPES = {"application/json", "application/ld+json", "importmap", "speculationrules"}
_C0_AND_SPACE = "".join(map(chr, range(0x21)))
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):", re.IGNORECASE)
_ATOM = "{http://www.w3.org/2005/Atom}"


def scheme(url: str) -> str:
    """The scheme a browser would see: tabs and newlines removed, spaces and controls trimmed."""
    cleaned = re.sub(r"[\t\n\r]", "", url).strip(_C0_AND_SPACE)
    match = _SCHEME.match(cleaned)
    return match.group(1).lower() if match else ""


def html_problems(markup: str, site: Path | None = None, page: Path | None = None) -> list[str]:
    """Unsafe markup in an HTML document or fragment."""
    soup = BeautifulSoup(markup, "html.parser")
    problems = []
    for element in soup.find_all(True):
        where = f"<{element.name}>"
        if element.name in FOREIGN_ELEMENTS:
            problems.append(f"{where} interdit")
        if element.name == "meta" and element.get("http-equiv", "").lower() == "refresh":
            problems.append(f"{where} http-equiv=refresh")
        for name, value in element.attrs.items():
            value = " ".join(value) if isinstance(value, list) else value
            if name.lower().startswith("on"):
                problems.append(f"{where} attribut {name}={value[:60]!r}")
            elif name.lower() == "srcdoc" or (name.lower() == "style" and any(m in value for m in MARKERS + ("expression(", "javascript:"))):
                problems.append(f"{where} attribut {name}={value[:60]!r}")
            elif name.lower() in URL_ATTRIBUTES or name.lower() in ("values", "to", "from"):
                urls = [part.strip().split(" ")[0] for part in value.split(",")] if name.lower() == "srcset" else [value]
                for url in urls:
                    if scheme(url) and scheme(url) not in SAFE_SCHEMES:
                        problems.append(f"{where} {name}={url[:60]!r} (schéma {scheme(url)}:)")
        if element.name == "script":
            problems += _script_problems(element, site, page)
        elif element.name == "style" and any(marker in (element.string or "") for marker in MARKERS):
            problems.append(f"<style> étranger : {(element.string or '')[:60]!r}")
    return problems


def _script_problems(element, site, page) -> list[str]:
    source = element.get("src")
    kind = (element.get("type") or "").strip().lower()
    content = element.string or ""
    if source is not None:
        if other_host(source) or scheme(source):
            return [f"<script src={source[:60]!r}> hors du site"]
        if site is not None and page is not None:
            target = (page.parent / source.split("?")[0].split("#")[0]).resolve()
            if not target.is_file() or site.resolve() not in target.parents:
                return [f"<script src={source[:60]!r}> : fichier absent du site"]
        return []
    if kind in JSON_TYPES:
        problems = []
        if "<" in content:  # "</script>" or "<!--" in a value would end the element early: write \u003c
            problems.append(f"<script type={kind}> : « < » non échappé")
        try:
            json.loads(content)
        except ValueError as error:
            problems.append(f"<script type={kind}> : JSON illisible ({error})")
        return problems
    return [f"<script> en ligne (seuls nos fichiers et des données JSON sont permis) : {content[:80]!r}"]


def atom_problems(path: Path) -> list[str]:
    try:
        root = ElementTree.parse(path).getroot()
    except ElementTree.ParseError as error:
        return [f"XML illisible ({error})"]
    problems = []
    for element in root.iter():
        if element.tag.startswith(_ATOM) and element.get("type") == "html":
            problems += [f"{element.tag[len(_ATOM):]} : {problem}" for problem in html_problems(element.text or "")]
        elif element.tag == f"{_ATOM}link" and scheme(element.get("href", "")) not in SAFE_SCHEMES | {""}:
            problems.append(f"link href={element.get('href')!r}")
    return problems


_ICS_LINE = re.compile(r"^[A-Z][A-Z0-9-]*[;:]")


def ics_problems(text: str) -> list[str]:
    """Every unfolded line must be a property: a payload's line break must not start a new one."""
    unfolded = re.sub(r"\r?\n[ \t]", "", text)
    return [f"ligne iCalendar injectée : {line[:60]!r}" for line in unfolded.splitlines() if line and not _ICS_LINE.match(line)]


def csv_problems(text: str) -> list[str]:
    """A cell starting with = + - @ (or a tab or carriage return) is run as a formula by spreadsheets."""
    dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t") if text.strip() else csv.excel
    problems = []
    for row in csv.reader(io.StringIO(text), dialect):
        for cell in row:
            if cell[:1] in ("=", "+", "@", "\t", "\r") or (cell[:1] == "-" and not re.fullmatch(r"-[\d.,]+", cell)):
                problems.append(f"cellule CSV formule : {cell[:60]!r}")
    return problems


def site_problems(site: Path) -> list[tuple[str, str]]:
    """(file, problem) for every unsafe construct in every file of the site."""
    found = []
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        shown = path.relative_to(site).as_posix()
        name = path.name
        if name.endswith(".html"):
            problems = html_problems(path.read_text("utf-8"), site, path)
        elif name.endswith((".json", ".geojson", ".jsonld")):
            try:
                json.loads(path.read_text("utf-8"))
                problems = []
            except ValueError as error:
                problems = [f"JSON illisible ({error})"]
        elif name.endswith((".atom.xml", ".atom", ".rss")) or (name.endswith(".xml") and b"http://www.w3.org/2005/Atom" in path.read_bytes()[:2000]):
            problems = atom_problems(path)
        elif name.endswith(".ics"):
            problems = ics_problems(path.read_text("utf-8"))
        elif name.endswith(".csv"):
            problems = csv_problems(path.read_text("utf-8-sig"))
        else:
            problems = []
        found += [(shown, problem) for problem in problems]
    return found
