"""sitemap.xml (sitemaps.org protocol 0.9) and robots.txt.

A sitemap lists absolute addresses only: it is written when the site's
address (SITEURL) is known. `lastmod` comes from the data, never from the clock.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"


def sitemap(entries: dict[str, str | None]) -> bytes:
    """`entries`: {absolute address: ISO date of last modification or None}, written sorted."""
    ET.register_namespace("", SITEMAP)
    root = ET.Element(f"{{{SITEMAP}}}urlset")
    for address in sorted(entries):
        url = ET.SubElement(root, f"{{{SITEMAP}}}url")
        ET.SubElement(url, f"{{{SITEMAP}}}loc").text = address
        if entries[address]:
            ET.SubElement(url, f"{{{SITEMAP}}}lastmod").text = entries[address]
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def robots(sitemap_url: str | None) -> bytes:
    lines = ["# Tout le site peut être exploré.", "User-agent: *", "Disallow:"]
    if sitemap_url:
        lines += ["", f"Sitemap: {sitemap_url}"]
    else:
        lines += ["", "# Pas de plan du site : il faut l'adresse publique du site (make html SITEURL=https://…)."]
    return ("\n".join(lines) + "\n").encode("utf-8")
