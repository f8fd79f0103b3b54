"""Atom feeds (RFC 4287) of new offers, needs and projects, built with the standard library.

Dates come from the records (`publie_le`, `mis_a_jour`), at midnight UTC, so a
feed never changes unless the data does. Identifiers are `urn:uuid:` names
derived from the record's type and identifier: they survive a change of
address of the site.
"""

from __future__ import annotations

import uuid
import xml.etree.ElementTree as ET
from dataclasses import dataclass

ATOM = "http://www.w3.org/2005/Atom"
NAMESPACE = uuid.UUID("6f0f4a4e-5c1b-4d7a-9a59-2b8f0e3c4d21")  # this directory's own namespace for ids


@dataclass(frozen=True)
class Entry:
    key: str  # e.g. "offer/atelier-bois-et-co-fourgon": the stable part of the id
    title: str
    href: str
    updated: str  # ISO date
    published: str | None
    summary: str
    author: str
    category: str = ""


def stable_id(key: str) -> str:
    return f"urn:uuid:{uuid.uuid5(NAMESPACE, key)}"


def timestamp(day: str) -> str:
    return f"{day}T00:00:00Z"


def atom(*, key: str, title: str, subtitle: str, self_href: str, alternate_href: str, author: str, entries: list[Entry]) -> bytes:
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": "fr"})
    _text(feed, "id", stable_id(f"feed/{key}"))
    _text(feed, "title", title)
    _text(feed, "subtitle", subtitle)
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "self", "type": "application/atom+xml", "href": self_href})
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "alternate", "type": "text/html", "href": alternate_href})
    dates = [entry.updated for entry in entries]
    _text(feed, "updated", timestamp(max(dates)) if dates else "1970-01-01T00:00:00Z")
    _text(ET.SubElement(feed, f"{{{ATOM}}}author"), "name", author)
    for entry in entries:
        element = ET.SubElement(feed, f"{{{ATOM}}}entry")
        _text(element, "id", stable_id(entry.key))
        _text(element, "title", entry.title)
        ET.SubElement(element, f"{{{ATOM}}}link", {"rel": "alternate", "type": "text/html", "href": entry.href})
        if entry.published:
            _text(element, "published", timestamp(entry.published))
        _text(element, "updated", timestamp(entry.updated))
        _text(ET.SubElement(element, f"{{{ATOM}}}author"), "name", entry.author)
        if entry.category:
            ET.SubElement(element, f"{{{ATOM}}}category", {"term": entry.category})
        _text(element, "summary", entry.summary)
    ET.indent(feed)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"


def _text(parent, name: str, value: str):
    element = ET.SubElement(parent, f"{{{ATOM}}}{name}")
    element.text = value
    return element
