"""The search page's one script: lunr.js, then the browser half of the search, in loading order.

One file instead of five: on HTTP/1.1 a browser opens six connections to a
host, and the page also needs its index, the stemmer and its display shards
before the first result. The French stemmer is one of the parts, plain
JavaScript, so it costs no request of its own. The name holds a digest of the content, so that the
file can be cached for ever. Each part is a whole program; they are joined by
";" so that none can run on into the next.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

BROWSER = Path(__file__).resolve().parent / "browser"
# Each part needs those before it: search-fr.js stems with stemmer-fr.js, search-core.js reads the
# index with search-codec.js.
PARTS = ("stemmer-fr.js", "search-fr.js", "search-codec.js", "search-core.js", "search-ui.js")


def search_script(lunr_js: Path) -> tuple[str, bytes]:
    """(path in the output, content) of the search page's script."""
    parts = [lunr_js.read_bytes()] + [(BROWSER / name).read_bytes() for name in PARTS]
    content = b"\n;\n".join(part.strip() for part in parts) + b"\n"
    return f"search/search-{hashlib.sha256(content).hexdigest()[:10]}.js", content
