"""Links written into exported files: absolute when the site's address is known, else relative.

`SITEURL` is the public address of the site (empty by default, when links
are relative so that the site works from any folder). A file that can be
read away from the site (a feed, a calendar, an export) needs absolute
addresses: they are written whenever SITEURL is set.
"""

from __future__ import annotations

import posixpath


def link(siteurl: str, from_file: str, target: str) -> str:
    """Address of the site URL `target` (e.g. 'offres/x/') as seen from the output file `from_file`."""
    if siteurl:
        return f"{siteurl.rstrip('/')}/{target}"
    base = posixpath.dirname(from_file) or "."
    relative = posixpath.relpath(target or ".", base)
    if target.endswith("/") or target == "":
        relative = relative.rstrip("/") + "/"
    return relative


def absolute(siteurl: str, target: str) -> str | None:
    """The absolute address of `target`, or None when the site's address is not known."""
    return f"{siteurl.rstrip('/')}/{target}" if siteurl else None
