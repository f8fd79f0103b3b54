"""Contributors' Markdown, rendered to HTML that is safe to publish.

Markdown is rendered first, then the HTML is cleaned by nh3 (the Ammonia
sanitiser): raw HTML written by a contributor loses every tag and
attribute not listed here, and links keep only safe URL schemes.
"""

from __future__ import annotations

import functools

import markdown
import nh3
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

SAFE_URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})

_TAGS = {
    "p", "br", "strong", "em", "b", "i", "a", "ul", "ol", "li", "blockquote",
    "code", "pre", "h3", "h4", "h5", "h6", "hr", "abbr", "sup", "sub",
}
_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "ol": {"start"}}


class _DemoteHeadings(Treeprocessor):
    """A description sits under the page's h1 and section h2: its `#` becomes h3.

    A heading never goes more than one level below the previous one (`##` then `####`
    gives h4 then h5): skipped levels break the outline that screen readers navigate.
    """

    def run(self, root):
        previous = 2
        for element in root.iter():
            if element.tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
                level = min(int(element.tag[1]) + 2, 6, previous + 1)
                element.tag = f"h{level}"
                previous = level


class _DemoteHeadingsExtension(Extension):
    def extendMarkdown(self, md):
        md.treeprocessors.register(_DemoteHeadings(md), "demote_headings", 5)


@functools.cache
def _converter() -> markdown.Markdown:
    """One converter, reset between texts: building one loads every extension, and costs more than most descriptions."""
    return markdown.Markdown(extensions=["sane_lists", _DemoteHeadingsExtension()], output_format="html")


def render_markdown(text: str) -> str:
    if not text or not text.strip():
        return ""
    html = _converter().reset().convert(text)
    return nh3.clean(
        html,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes=set(SAFE_URL_SCHEMES),
        link_rel="nofollow noreferrer",  # no `target` survives, and noreferrer implies noopener anyway
        strip_comments=True,
    )


def safe_url(url: str | None) -> str | None:
    """A contributor's URL if its scheme is safe to put in an href, else None."""
    if not url:
        return None
    scheme = url.split(":", 1)[0].strip().lower() if ":" in url else ""
    return url if scheme in SAFE_URL_SCHEMES else None
