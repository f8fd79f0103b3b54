"""Build the search files: the index in chunks of terms, the facet data, and display shards.

Layout under the output folder (``<hash>`` is a digest of the content, so
that every file can be cached for ever and a new build never mixes files):

- ``search/<hash>/index.json``: what a first search needs and no more: the
  head of the index (lunr's settings, the fields' average lengths, the first
  term of each chunk: ``codec.chunk_index``), each document's result type
  (``types``, runs of type numbers) with the types' labels, the result types
  and fields ranked after the others (``secondary``, see
  ``documents.SECONDARY``);
- ``search/<hash>/terms-<n>.json``: chunk ``n`` of the index, a run of terms
  in order with their postings, fetched when a query needs one of its terms
  (or a prefix reaches into it);
- ``search/<hash>/words.json``: the vocabulary of typo corrections (see
  ``vocabulary``), fetched when a word of a query finds nothing;
- ``search/<hash>/facets.json``: every document's facet values as small
  integers (see ``facet_data``) with their labels, fetched once the first
  results are shown, or at once when the query has filters;
- ``search/<hash>/docs-<n>.json``: title, URL, snippet, place, organisation
  and terms line of documents ``n*SHARD_SIZE`` onwards, loaded when a result
  in that range is shown, or with the index when they are all small
  (``eagerShards``);
- a ``.gz`` twin of each, for hosts that serve precompressed files.

A small index (the sample site) travels whole in index.json: its chunks
(``index.inline``), vocabulary (``words``) and facets; there are then no
terms-, words.json or facets.json files, and a search waits for no other fetch.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from lunr.builder import Builder
from lunr.field_ref import FieldRef

from annuaire.search import french
from annuaire.search.codec import chunk_index, encode_numbers, encode_words, ref
from annuaire.search.documents import FIELDS, SECONDARY, SearchDocument

# Display rows a shard. The first page of results (20) mostly spreads over several shards: at
# 10,000 synthetic records « salle » fetched 18 kB of chunks and shards with 100 rows a shard
# (5 files), 22 kB with 200 (4 files), 16 kB with 25 but 10 files; 500 rows, 37 kB.
SHARD_SIZE = 100
# Characters of postings in a chunk of the index (codec.chunk_index), about 6 kB compressed: at
# 10,000 synthetic records the median query fetched 22 kB of chunks and shards, against 27 kB with
# chunks of 20,000 characters and 38 kB with 40,000. A term whose postings are longer is a chunk alone.
CHUNK_CHARS = 10_000
# An index whose chunks and vocabulary hold no more characters than this travels whole in
# index.json with its facets: one file, as the sample site's (47 documents, about 25,000 characters).
INLINE_CHARS = 60_000
# Display shards are fetched with the index, before any search, when all of them together weigh
# no more than this compressed (about 1,500 records): little more than the two or three shards
# a first page of results needs anyway, and the first results then wait for no fetch.
EAGER_SHARDS_GZIP = 50_000
# The browser forgives one typo from 5 letters (search-core.js's TYPO_MIN), which can be a letter
# added to a word of 4 ("vélos" for "vélo"): shorter words, and numbers, are left out of the
# vocabulary, which would otherwise grow with every one of them.
VOCABULARY_MIN = 4


@dataclass(frozen=True)
class SearchFiles:
    folder: str  # e.g. "search/3f2a9c1b", relative to the output folder
    files: dict[str, bytes]  # name inside `folder` -> content
    preload: list[str]  # names the search page fetches at once: the index, and the eager shards


# lunr.py's tokenizer: lower case, then split on these characters.
_LUNR_SEPARATORS = re.compile("[ \t\n\r\f\v\xa0-]+")


class FrenchBuilder(Builder):
    """lunr.py's builder with a faster `add`, for the French pipeline only.

    lunr.py runs every pipeline step on every token of every document, which
    is most of the time of a build. Here each distinct token goes through the
    pipeline once (`french.token_terms` is cached) and the builder's tables
    are filled as `Builder.add` fills them; `build()` and serialisation are
    lunr.py's own. No token metadata is kept (the metadata whitelist is
    empty), so only term strings matter. A test checks that both builders
    serialise the same index.
    """

    def add(self, doc, attributes=None):
        assert not self.metadata_whitelist, "FrenchBuilder keeps no token metadata"
        doc_ref = str(doc[self._ref])
        self._documents[doc_ref] = attributes or {}
        self.document_count += 1
        for field_name in self._fields:
            terms = [
                term
                for raw in _LUNR_SEPARATORS.split(str(doc[field_name] or "").lower())
                if raw
                for term in french.token_terms(raw)
            ]
            field_ref = str(FieldRef(doc_ref, field_name))
            counts = Counter(terms)
            self.field_term_frequencies[field_ref] = counts
            self.field_lengths[field_ref] = len(terms)
            for term in counts:
                posting = self.inverted_index.get(term)
                if posting is None:
                    posting = {name: {} for name in self._fields}
                    posting["_index"] = self.term_index
                    self.term_index += 1
                    self.inverted_index[term] = posting
                posting[field_name].setdefault(doc_ref, {})


@lru_cache(maxsize=500_000)
def _long_surfaces(raw: str) -> tuple[str, ...]:
    # A surface word is its own unaccented spelling: its terms are among its token's (french.py);
    # checked anyway, since the browser finds a corrected word's records by its terms.
    terms = set(french.token_terms(raw))
    return tuple(
        word for word in french.token_surfaces(raw)
        if len(word) >= VOCABULARY_MIN and any(char.isalpha() for char in word)
        and set(french.token_terms(word)) <= terms and french.token_terms(word)
    )


def vocabulary(documents: list[SearchDocument]) -> list[str]:
    """The surface words (french.surfaces: folded, not stemmed) of at least VOCABULARY_MIN characters,
    a letter among them, that the index holds, each once, sorted: the browser completes the last word
    of a query and corrects typos against them, then searches the terms of what it found
    (codec.encode_words writes them)."""
    words = set()
    for document in documents:
        for name in FIELDS:
            for raw in _LUNR_SEPARATORS.split(str(document.fields.get(name) or "").lower()):
                if raw:
                    words.update(_long_surfaces(raw))
    return sorted(words)


def build_lunr_index(documents: list[SearchDocument], builder_class=FrenchBuilder) -> Builder:
    """A lunr.py builder holding the documents (document n has the ref `ref(n)`).

    `compact_index` reads the builder's tables; `builder.build()` would give
    lunr.py's own index of the same documents, which the browser rebuilds.
    """
    builder = french.configure(builder_class())
    builder.ref("ref")
    for name, boost in FIELDS.items():
        builder.field(name, boost=boost)
    for position, document in enumerate(documents):
        builder.add({"ref": ref(position), **{name: document.fields.get(name, "") for name in FIELDS}})
    return builder


def _dictionary(values) -> list:
    return sorted(set(values))


def facet_data(documents: list[SearchDocument], labels: dict[str, dict[str, str]]) -> dict:
    """Facet values as indexes into small dictionaries of (value, label) pairs.

    `labels` are `documents.facet_labels`: French labels of each facet's
    values; every result type is listed, in the order of its labels. The
    browser shows those labels on the facets and the results' type badges.
    `rows` is one list of numbers (see `codec.encode_numbers`): for each
    document, for each facet in the order type, categorie, theme, commune,
    acces (FACETS in search-core.js), how many values it has, then their
    indexes. Access values (« gratuit », « disponible-maintenant ») follow
    their labels' order; only those some document holds are listed.
    """
    types = list(labels["type"])
    categories = _dictionary(d.category for d in documents if d.category)
    themes = _dictionary(t for d in documents for t in d.themes)
    communes = _dictionary(c for d in documents for c in d.communes)
    held = {a for d in documents for a in d.access}
    access = [value for value in labels.get("acces", {}) if value in held]
    access += sorted(held - set(access))
    position = {name: {value: i for i, value in enumerate(values)} for name, values in
                (("type", types), ("categorie", categories), ("theme", themes), ("commune", communes), ("acces", access))}
    rows = []
    for d in documents:
        for values in ([position["type"][d.type]], [position["categorie"][d.category]] if d.category else [],
                       [position["theme"][t] for t in d.themes], [position["commune"][c] for c in d.communes],
                       [position["acces"][a] for a in d.access]):
            rows += [len(values), *values]
    return {
        "type": [[value, labels["type"][value]] for value in types],
        "categorie": [[value, labels["categorie"].get(value, value)] for value in categories],
        "theme": [[value, labels["theme"].get(value, value)] for value in themes],
        "commune": [[value, labels["commune"].get(value, value)] for value in communes],
        "acces": [[value, labels.get("acces", {}).get(value, value)] for value in access],
        "rows": encode_numbers(rows),
    }


def type_runs(documents: list[SearchDocument], types: list[list[str]]) -> str:
    """Each document's result type (its number in the type facet), as runs: [type, how many documents
    in a row], a list of numbers (codec.encode_numbers). Documents come grouped by type (collect):
    a few runs."""
    number = {value: n for n, (value, _label) in enumerate(types)}
    runs = []
    for document in documents:
        if runs and runs[-2] == number[document.type]:
            runs[-1] += 1
        else:
            runs += [number[document.type], 1]
    return encode_numbers(runs)


def _json(value) -> bytes:
    # Compact, and safe to inline anywhere: no raw "<" or "&" in strings.
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026").encode("utf-8")


def _gzip(content: bytes) -> bytes:
    # Level 6: within 2% of level 9 on this JSON, in a fraction of the time.
    return gzip.compress(content, compresslevel=6, mtime=0)


def build(documents: list[SearchDocument], labels: dict[str, dict[str, str]]) -> SearchFiles:
    shards = {}
    for start in range(0, len(documents), SHARD_SIZE):
        shard = [[d.type, d.title, d.url, d.snippet, d.place, d.organisation, d.terms] for d in documents[start : start + SHARD_SIZE]]
        shards[f"docs-{start // SHARD_SIZE}.json"] = _json(shard)
    compressed = {name: _gzip(content) for name, content in shards.items()}
    head, chunks = chunk_index(build_lunr_index(documents), CHUNK_CHARS)
    words = encode_words(vocabulary(documents))
    chunk_files = {f"terms-{n}.json": _json(chunk) for n, chunk in enumerate(chunks)}
    # A small index travels whole in index.json: one file, and no wait for a chunk.
    inline = sum(len(content) for content in chunk_files.values()) + len(words) <= INLINE_CHARS
    if inline:
        head["inline"] = chunks
        chunk_files = {}
    facets = facet_data(documents, labels)
    index = {
        "count": len(documents),
        "shardSize": SHARD_SIZE,
        # Small enough to fetch with the index: the first results then need no fetch of their own.
        "eagerShards": sum(len(content) for content in compressed.values()) <= EAGER_SHARDS_GZIP,
        # Inline with an inline index; else only the result types (their labels, and each document's),
        # facets.json holding the rest, fetched once the first results are shown or a filter is set.
        "facets": facets if inline else {"type": facets["type"]},
        "types": type_runs(documents, facets["type"]),
        "secondary": SECONDARY,
        "index": head,
        # Inline with an inline index; else words.json, fetched when a word finds nothing.
        **({"words": words} if inline else {}),
    }
    files = {"index.json": _json(index), **shards, **chunk_files}
    if not inline:
        files["words.json"] = _json(words)
        files["facets.json"] = _json(facets)
    digest = hashlib.sha256(b"".join(name.encode() + content for name, content in sorted(files.items()))).hexdigest()[:10]
    compressed.update({name: _gzip(files[name]) for name in files if name not in compressed})
    files.update({name + ".gz": content for name, content in compressed.items()})
    preload = ["index.json"] + (sorted(shards, key=lambda name: int(name[5:-5])) if index["eagerShards"] else [])
    return SearchFiles(f"search/{digest}", files, preload)
