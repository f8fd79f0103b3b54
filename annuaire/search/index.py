"""Build the search files: one lunr index with the facet data, and display shards.

Layout under the output folder (``<hash>`` is a digest of the content, so
that every file can be cached for ever and a new build never mixes files):

- ``search/<hash>/index.json``: the lunr index (in the compact form of
  ``compact_index``), result types and facet values of every document as
  small integers (lists of numbers travel as text, see ``encode_numbers``):
  all a first search needs;
- ``search/<hash>/docs-<n>.json``: title, URL, snippet, place and
  organisation of documents ``n*SHARD_SIZE`` onwards, loaded when a result
  in that range is shown, or with the index when they are all small
  (``eagerShards``);
- a ``.gz`` twin of each, for hosts that serve precompressed files.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import math
import re
from collections import Counter
from dataclasses import dataclass

from lunr.builder import Builder
from lunr.field_ref import FieldRef

from annuaire.search import french
from annuaire.search.documents import FIELDS, TYPE_LABELS, SearchDocument

SHARD_SIZE = 500
# Display shards are fetched with the index, before any search, when all of them together weigh
# no more than this compressed (about 1,500 records): little more than the two or three shards
# a first page of results needs anyway, and the first results then wait for no fetch.
EAGER_SHARDS_GZIP = 50_000


@dataclass(frozen=True)
class SearchFiles:
    folder: str  # e.g. "search/3f2a9c1b", relative to the output folder
    files: dict[str, bytes]  # name inside `folder` -> content
    preload: list[str]  # names the search page fetches at once: the index, and the eager shards


def ref(position: int) -> str:
    """Short document reference: it is repeated in every posting list of the index."""
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    text = ""
    while True:
        position, remainder = divmod(position, 36)
        text = digits[remainder] + text
        if not position:
            return text


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
        builder.add({"ref": ref(position), **document.fields})
    return builder


# Lists of numbers travel as text: a JSON string parses many times faster than arrays of
# numbers, and compresses as well. Each number is written in base-64 digits (base64url's
# alphabet) of five bits, lowest first; a digit of 32 or more says another digit follows.
# search-core.js reads them back (NumberReader).
DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


def _digits(number: int) -> str:
    if number < 0:
        raise ValueError(f"only natural numbers are encoded, not {number}")
    text = ""
    while number >= 32:
        text += DIGITS[32 | (number & 31)]
        number >>= 5
    return text + DIGITS[number]


_SMALL_NUMBERS = [_digits(number) for number in range(4096)]


def encode_numbers(numbers) -> str:
    return "".join(_SMALL_NUMBERS[n] if 0 <= n < 4096 else _digits(n) for n in numbers)


def decode_numbers(text: str) -> list[int]:
    numbers, value, shift = [], 0, 0
    for char in text:
        digit = DIGITS.index(char)
        value |= (digit & 31) << shift
        shift += 5
        if digit < 32:
            numbers.append(value)
            value, shift = 0, 0
    if shift:
        raise ValueError("the text ends inside a number")
    return numbers


# Numbers read at random, such as the field length of one document, travel in a fixed number of
# base-64 digits each (same alphabet, most significant first): the n-th is at n * width.
def fixed_width(largest: int) -> int:
    """The number of digits that can write every number up to `largest`."""
    width = 1
    while largest >= 64**width:
        width += 1
    return width


def encode_fixed(numbers, width: int) -> str:
    text = []
    for number in numbers:
        if not 0 <= number < 64**width:
            raise ValueError(f"{number} does not fit in {width} digits")
        text.append("".join(DIGITS[(number >> (6 * (width - 1 - i))) & 63] for i in range(width)))
    return "".join(text)


def decode_fixed(text: str, width: int) -> list[int]:
    if len(text) % width:
        raise ValueError("the text ends inside a number")
    numbers = []
    for start in range(0, len(text), width):
        number = 0
        for char in text[start : start + width]:
            number = number * 64 + DIGITS.index(char)
        numbers.append(number)
    return numbers


def _js_order(term: str) -> bytes:
    # lunr.js rebuilds its token set from the terms in JavaScript's string order (UTF-16).
    return term.encode("utf-16-be")


def compact_index(builder: Builder) -> dict:
    """lunr's serialised index in a much smaller transport form, rebuilt by search-core.js.

    lunr's JSON holds every posting twice (term -> documents in the inverted
    index, document -> terms with BM25 scores in the field vectors) and
    repeats references, field names and empty objects everywhere. Here only
    the postings and the field lengths travel; the field vectors and their
    scores are recomputed with lunr's own formula. `expand_index` is the
    Python twin of that.

    `postings` holds one list of numbers (see `encode_numbers`) per term, so
    that the browser reads only the terms a query reads: for each field, the
    number of documents holding the term, then for each document the gap from
    the previous one's position, doubled, plus 1 when the term occurs more
    than once there, in which case the term frequency minus 2 follows.

    `lengths` holds, for each field, the length of that field (in terms, as
    lunr counts it) in each document, each in `lengthWidth` digits (see
    `encode_fixed`), so that the browser reads only those of the documents a
    query finds; `averages` holds their average in each field. BM25 needs
    both, and adding them up from the postings would mean reading every term.
    """
    terms = sorted(builder.inverted_index, key=_js_order)
    fields = list(builder._fields)
    # (position, tf) of each term in each field, gathered in one pass over the documents.
    occurrences = {term: [[] for _ in fields] for term in terms}
    field_number = {field: number for number, field in enumerate(fields)}
    for field_ref, counts in builder.field_term_frequencies.items():
        field, doc_ref = field_ref.split("/", 1)
        number, position = field_number[field], int(doc_ref, 36)
        for term, tf in counts.items():
            occurrences[term][number].append((position, tf))
    postings = []
    for term in terms:
        numbers = []
        for pairs in occurrences[term]:
            pairs.sort()
            numbers.append(len(pairs))
            previous = 0
            for position, tf in pairs:
                numbers.append(2 * (position - previous) + (tf != 1))
                if tf != 1:
                    numbers.append(tf - 2)
                previous = position
        postings.append(encode_numbers(numbers))
    count = builder.document_count
    lengths = [
        [builder.field_lengths.get(str(FieldRef(ref(position), field)), 0) for position in range(count)]
        for field in fields
    ]
    width = fixed_width(max((n for field in lengths for n in field), default=0))
    return {
        "fields": fields,
        "boosts": [builder._fields[field].boost for field in fields],
        "count": builder.document_count,
        "k1": builder._k1,
        "b": builder._b,
        "pipeline": builder.search_pipeline.serialize(),
        "terms": terms,
        "postings": postings,
        "lengthWidth": width,
        "lengths": encode_fixed([n for field in lengths for n in field], width),
        "averages": [sum(field) / count if count else 0 for field in lengths],
    }


def decode_postings(compact: dict) -> list[list[list[tuple[int, int]]]]:
    """`[term][field] -> [(position, tf), ...]` from the `postings` of `compact_index`."""
    postings = []
    for text in compact["postings"]:
        numbers = iter(decode_numbers(text))
        entry = []
        for _field in compact["fields"]:
            pairs, position = [], 0
            for _ in range(next(numbers)):
                code = next(numbers)
                position += code >> 1
                pairs.append((position, next(numbers) + 2 if code & 1 else 1))
            entry.append(pairs)
        if next(numbers, None) is not None:
            raise ValueError("a term's postings go on after its last field")
        postings.append(entry)
    return postings


def expand_index(compact: dict) -> dict:
    """lunr's serialised index from `compact_index`, as search-core.js's loadIndex rebuilds it."""
    fields, count = compact["fields"], compact["count"]
    k1, b = compact["k1"], compact["b"]
    numbers = decode_fixed(compact["lengths"], compact["lengthWidth"])
    lengths = [numbers[f * count : (f + 1) * count] for f in range(len(fields))]
    inverted, frequencies = [], [{} for _ in fields]
    for number, (term, entry) in enumerate(zip(compact["terms"], decode_postings(compact))):
        posting = {"_index": number}
        for f, (field, pairs) in enumerate(zip(fields, entry)):
            refs = {}
            for position, tf in pairs:
                refs[ref(position)] = {}
                frequencies[f].setdefault(position, []).append((number, tf))
            posting[field] = refs
        inverted.append([term, posting])
    documents_with_term = [sum(len(posting[field]) for field in fields) for _term, posting in inverted]
    idf = [math.log(1 + abs((count - n + 0.5) / (n + 0.5))) for n in documents_with_term]
    field_vectors = []
    for f, field in enumerate(fields):
        average = compact["averages"][f]
        boost = compact["boosts"][f]
        for position in range(count):
            elements = []
            for number, tf in frequencies[f].get(position, ()):
                score = idf[number] * ((k1 + 1) * tf) / (k1 * (1 - b + b * (lengths[f][position] / average)) + tf)
                score *= boost
                elements += [number, round(score, 3)]
            field_vectors.append([f"{field}/{ref(position)}", elements])
    return {"version": "2.3.9", "fields": fields, "fieldVectors": field_vectors, "invertedIndex": inverted, "pipeline": compact["pipeline"]}


def _dictionary(values) -> list:
    return sorted(set(values))


def facet_data(documents: list[SearchDocument], labels: dict[str, dict[str, str]]) -> dict:
    """Facet values as indexes into small dictionaries of (value, label) pairs.

    `rows` is one list of numbers (see `encode_numbers`): for each document,
    for each facet in the order type, categorie, theme, commune, how many
    values it has, then their indexes.
    """
    types = list(TYPE_LABELS)
    categories = _dictionary(d.category for d in documents if d.category)
    themes = _dictionary(t for d in documents for t in d.themes)
    communes = _dictionary(c for d in documents for c in d.communes)
    position = {name: {value: i for i, value in enumerate(values)} for name, values in
                (("type", types), ("categorie", categories), ("theme", themes), ("commune", communes))}
    rows = []
    for d in documents:
        for values in ([position["type"][d.type]], [position["categorie"][d.category]] if d.category else [],
                       [position["theme"][t] for t in d.themes], [position["commune"][c] for c in d.communes]):
            rows += [len(values), *values]
    return {
        "type": [[value, TYPE_LABELS[value]] for value in types],
        "categorie": [[value, labels["categorie"].get(value, value)] for value in categories],
        "theme": [[value, labels["theme"].get(value, value)] for value in themes],
        "commune": [[value, labels["commune"].get(value, value)] for value in communes],
        "rows": encode_numbers(rows),
    }


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
        shard = [[d.type, d.title, d.url, d.snippet, d.place, d.organisation] for d in documents[start : start + SHARD_SIZE]]
        shards[f"docs-{start // SHARD_SIZE}.json"] = _json(shard)
    compressed = {name: _gzip(content) for name, content in shards.items()}
    index = {
        "count": len(documents),
        "shardSize": SHARD_SIZE,
        # Small enough to fetch with the index: the first results then need no fetch of their own.
        "eagerShards": sum(len(content) for content in compressed.values()) <= EAGER_SHARDS_GZIP,
        "facets": facet_data(documents, labels),
        "index": compact_index(build_lunr_index(documents)),
    }
    files = {"index.json": _json(index), **shards}
    digest = hashlib.sha256(b"".join(name.encode() + content for name, content in sorted(files.items()))).hexdigest()[:10]
    compressed["index.json"] = _gzip(files["index.json"])
    files.update({name + ".gz": content for name, content in compressed.items()})
    preload = ["index.json"] + (sorted(shards, key=lambda name: int(name[5:-5])) if index["eagerShards"] else [])
    return SearchFiles(f"search/{digest}", files, preload)
