"""Build the search files: one lunr index with the facet data, and display shards.

Layout under the output folder (``<hash>`` is a digest of the content, so
that every file can be cached for ever and a new build never mixes files):

- ``search/<hash>/index.json``: the lunr index, result types and facet
  values of every document as small integers: all a first search needs;
- ``search/<hash>/docs-<n>.json``: title, URL, snippet, place and
  organisation of documents ``n*SHARD_SIZE`` onwards, loaded when a result
  in that range is shown;
- a ``.gz`` twin of each, for hosts that serve precompressed files.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from dataclasses import dataclass

from lunr.builder import Builder

from . import french
from .documents import FIELDS, TYPE_LABELS, SearchDocument

SHARD_SIZE = 500


@dataclass(frozen=True)
class SearchFiles:
    folder: str  # e.g. "search/3f2a9c1b", relative to the output folder
    files: dict[str, bytes]  # name inside `folder` -> content


def ref(position: int) -> str:
    """Short document reference: it is repeated in every posting list of the index."""
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    text = ""
    while True:
        position, remainder = divmod(position, 36)
        text = digits[remainder] + text
        if not position:
            return text


def build_lunr_index(documents: list[SearchDocument]) -> dict:
    builder = french.configure(Builder())
    builder.ref("ref")
    for name, boost in FIELDS.items():
        builder.field(name, boost=boost)
    for position, document in enumerate(documents):
        builder.add({"ref": ref(position), **document.fields})
    return builder.build().serialize()


def _dictionary(values) -> list:
    return sorted(set(values))


def facet_data(documents: list[SearchDocument], labels: dict[str, dict[str, str]]) -> dict:
    """Facet values as indexes into small dictionaries of (value, label) pairs."""
    types = list(TYPE_LABELS)
    categories = _dictionary(d.category for d in documents if d.category)
    themes = _dictionary(t for d in documents for t in d.themes)
    communes = _dictionary(c for d in documents for c in d.communes)
    position = {name: {value: i for i, value in enumerate(values)} for name, values in
                (("type", types), ("categorie", categories), ("theme", themes), ("commune", communes))}
    rows = [
        [
            position["type"][d.type],
            position["categorie"].get(d.category, -1),
            [position["theme"][t] for t in d.themes],
            [position["commune"][c] for c in d.communes],
        ]
        for d in documents
    ]
    return {
        "type": [[value, TYPE_LABELS[value]] for value in types],
        "categorie": [[value, labels["categorie"].get(value, value)] for value in categories],
        "theme": [[value, labels["theme"].get(value, value)] for value in themes],
        "commune": [[value, labels["commune"].get(value, value)] for value in communes],
        "rows": rows,
    }


def _json(value) -> bytes:
    # Compact, and safe to inline anywhere: no raw "<" or "&" in strings.
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026").encode("utf-8")


def build(documents: list[SearchDocument], labels: dict[str, dict[str, str]]) -> SearchFiles:
    index = {
        "count": len(documents),
        "shardSize": SHARD_SIZE,
        "facets": facet_data(documents, labels),
        "index": build_lunr_index(documents),
    }
    files = {"index.json": _json(index)}
    for start in range(0, len(documents), SHARD_SIZE):
        shard = [[d.type, d.title, d.url, d.snippet, d.place, d.organisation] for d in documents[start : start + SHARD_SIZE]]
        files[f"docs-{start // SHARD_SIZE}.json"] = _json(shard)
    digest = hashlib.sha256(b"".join(name.encode() + content for name, content in sorted(files.items()))).hexdigest()[:10]
    for name in list(files):
        files[name + ".gz"] = gzip.compress(files[name], compresslevel=9, mtime=0)
    return SearchFiles(f"search/{digest}", files)
