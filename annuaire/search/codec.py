"""The search index's transport form, written here and read by browser/search-codec.js.

Python half of the index codec. Its JavaScript twin, browser/search-codec.js,
holds the decoders under the same names (``encode_numbers`` here,
``decodeNumbers`` there; ``DIGITS`` in both); the Python decoders, used only
to test this module, are in tests/search/codec_oracle.py. Change the two
files together: tests/search/ checks that what one writes the other reads.

The format, once:

- **Document references**: lunr refers to document number ``n`` as ``ref(n)``,
  ``n`` in base 36 ("0", "9", "a", "10"...): short, since every posting repeats one.
- **Lists of numbers** (``encode_numbers``): natural numbers as text, because a
  JSON string parses many times faster than an array of numbers, and compresses
  as well. Each number is written in digits of the alphabet ``DIGITS``
  (base64url's, safe in JSON, HTML and URLs) holding five bits each, lowest
  first; a digit of 32 or more says another digit follows. 0-31 take one
  digit, up to 1023 two.
- **Fixed-width numbers** (``encode_fixed``): numbers read at random, such as
  the field length of one document, take ``width`` digits each (same alphabet,
  six bits a digit, most significant first): the n-th starts at ``n * width``.
- **The index** (``compact_index``): lunr's serialised index, much smaller.
  lunr's JSON holds every posting twice (term -> documents in the inverted
  index, document -> terms with BM25 scores in the field vectors) and repeats
  references, field names and empty objects everywhere. Here only the postings
  and the field lengths travel; the browser recomputes the field vectors and
  their scores with lunr's own formula (search-core.js's loadIndex;
  codec_oracle.py's ``expand_index`` does the same in Python). Its keys:

  - ``fields``, ``boosts``, ``count`` (documents), ``k1``, ``b``, ``pipeline``:
    lunr's settings, as its builder had them;
  - ``terms``: every term, sorted in JavaScript's string order (UTF-16 code
    units), so that the browser's term tree needs no sorting;
  - ``postings``: one list of numbers per term, so that the browser decodes
    only the terms a query reads: for each field, the number of documents
    holding the term, then for each document the gap from the previous one's
    position, doubled, plus 1 when the term occurs more than once there, in
    which case the term frequency minus 2 follows;
  - ``lengths``: for each field, the length of that field (in terms, as lunr
    counts them) in each document, fixed-width numbers of ``lengthWidth``
    digits, so that the browser reads only those of the documents a query
    finds; ``averages`` holds their average in each field. BM25 needs both,
    and adding them up from the postings would mean reading every term.

- **The index in chunks** (``chunk_index``), as the site ships it: what a query
  reads and no more. The terms, sorted as above, are cut into runs of about
  ``target`` characters of postings (term ranges, as Pagefind cuts its index);
  each run is one file, ``{"terms": [...], "postings": [...]}``, and the
  index's head keeps, for each, its first term and the number of its first
  term (lunr's term index, which the query vectors are keyed on), so that the
  browser fetches only the chunks holding a query's terms and prefixes. A
  chunk's postings (``encode_postings`` with lengths) are those above with, after each
  document, the length of that field in that document: the head holds only the
  averages, and a query reads the lengths of the documents it finds from the
  postings it fetched, where a table of every length would grow with the
  directory.

- **A sorted list of words** (``encode_words``, the vocabulary of typo
  corrections): front-coded, in JavaScript's string order. Each word is one
  digit (the number of UTF-16 code units it shares with the word before,
  at most 63) and the rest of the word; words are separated by one space,
  which no word holds. ``["cooperation", "cooperations", "cooperative"]``
  is ``"Acooperation Ls Jve"``.
"""

from __future__ import annotations

from collections.abc import Iterable

from lunr.builder import Builder
from lunr.field_ref import FieldRef

# The alphabet of every number written as text: base64url's, digit value = position.
DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


def ref(position: int) -> str:
    """Short document reference: it is repeated in every posting list of the index."""
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    text = ""
    while True:
        position, remainder = divmod(position, 36)
        text = digits[remainder] + text
        if not position:
            return text


def _digits(number: int) -> str:
    if number < 0:
        raise ValueError(f"only natural numbers are encoded, not {number}")
    text = ""
    while number >= 32:
        text += DIGITS[32 | (number & 31)]
        number >>= 5
    return text + DIGITS[number]


_SMALL_NUMBERS = [_digits(number) for number in range(4096)]


def encode_numbers(numbers: Iterable[int]) -> str:
    """A list of natural numbers as text, five bits a digit (read by decodeNumbers)."""
    return "".join(_SMALL_NUMBERS[n] if 0 <= n < 4096 else _digits(n) for n in numbers)


def fixed_width(largest: int) -> int:
    """The number of digits that can write every number up to `largest`."""
    width = 1
    while largest >= 64**width:
        width += 1
    return width


def encode_fixed(numbers: Iterable[int], width: int) -> str:
    """Natural numbers in `width` digits each, most significant first (read by decodeFixed)."""
    text = []
    for number in numbers:
        if not 0 <= number < 64**width:
            raise ValueError(f"{number} does not fit in {width} digits")
        text.append("".join(DIGITS[(number >> (6 * (width - 1 - i))) & 63] for i in range(width)))
    return "".join(text)


def encode_postings(fields: list[list[tuple[int, int]]], lengths: list[list[int]] | None = None) -> str:
    """One term's postings, `[field] -> [(position, tf), ...]`, as a list of numbers (read by decodePostings);
    with `lengths` (a chunk's postings), each document followed by the length of the field in it."""
    numbers = []
    for f, pairs in enumerate(fields):
        numbers.append(len(pairs))
        previous = 0
        for position, tf in sorted(pairs):
            numbers.append(2 * (position - previous) + (tf != 1))
            if tf != 1:
                numbers.append(tf - 2)
            if lengths is not None:
                numbers.append(lengths[f][position])
            previous = position
    return encode_numbers(numbers)


def _utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def encode_words(words: Iterable[str]) -> str:
    """Distinct words without spaces, front-coded in JavaScript's string order (read by decodeWords)."""
    entries = []
    previous = ""
    for word in sorted(set(words), key=_js_order):
        if not word or " " in word:
            raise ValueError(f"a word is not empty and holds no space: {word!r}")
        shared = 0
        while shared < min(len(word), len(previous)) and word[shared] == previous[shared]:
            shared += 1
        # Counted in code points, so that no character is cut in two, then written in UTF-16 code units.
        units = min(_utf16_length(word[:shared]), 63)
        while _utf16_length(word[:shared]) > units:
            shared -= 1
        units = _utf16_length(word[:shared])
        entries.append(DIGITS[units] + word[shared:])
        previous = word
    return " ".join(entries)


def _js_order(term: str) -> bytes:
    # lunr.js rebuilds its token set from the terms in JavaScript's string order (UTF-16).
    return term.encode("utf-16-be")


def _tables(builder: Builder):
    """(terms in JavaScript's order, fields, occurrences: term -> [field] -> [(position, tf)], lengths: [field] -> [length])."""
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
    count = builder.document_count
    lengths = [
        [builder.field_lengths.get(str(FieldRef(ref(position), field)), 0) for position in range(count)]
        for field in fields
    ]
    return terms, fields, occurrences, lengths


def _settings(builder: Builder, lengths: list[list[int]]) -> dict:
    count = builder.document_count
    return {
        "fields": list(builder._fields),
        "boosts": [builder._fields[field].boost for field in builder._fields],
        "count": count,
        "k1": builder._k1,
        "b": builder._b,
        "pipeline": builder.search_pipeline.serialize(),
        "averages": [sum(field) / count if count else 0 for field in lengths],
    }


def chunk_index(builder: Builder, target: int) -> tuple[dict, list[dict]]:
    """The index's head and its chunks (described above), chunks of about `target` characters of postings.

    The head: lunr's settings, the fields' average lengths, the number of terms
    (``termCount``) and ``chunks``, the [first term, number of the first term]
    of each chunk, in order. search-core.js's loadIndex reads it.
    """
    terms, fields, occurrences, lengths = _tables(builder)
    chunks, heads, size = [], [], target
    for number, term in enumerate(terms):
        postings = encode_postings(occurrences[term], lengths)
        if size >= target:
            heads.append([term, number])
            chunks.append({"terms": [], "postings": []})
            size = 0
        chunks[-1]["terms"].append(term)
        chunks[-1]["postings"].append(postings)
        size += len(postings) + len(term) + 6
    return {**_settings(builder, lengths), "termCount": len(terms), "chunks": heads}, chunks


def compact_index(builder: Builder) -> dict:
    """lunr's serialised index in the much smaller transport form described above, whole.

    The site ships it in chunks (chunk_index); this whole form is the tests' reference.
    """
    terms, fields, occurrences, lengths = _tables(builder)
    count = builder.document_count
    width = fixed_width(max((n for field in lengths for n in field), default=0))
    return {
        "fields": fields,
        "boosts": [builder._fields[field].boost for field in fields],
        "count": builder.document_count,
        "k1": builder._k1,
        "b": builder._b,
        "pipeline": builder.search_pipeline.serialize(),
        "terms": terms,
        "postings": [encode_postings(occurrences[term]) for term in terms],
        "lengthWidth": width,
        "lengths": encode_fixed([n for field in lengths for n in field], width),
        "averages": [sum(field) / count if count else 0 for field in lengths],
    }
