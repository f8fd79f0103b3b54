"""Python decoders of the index codec, for the tests only: the oracle annuaire/search/codec.py is checked against.

The browser reads the index with browser/search-codec.js and search-core.js's
loadIndex; these are their Python twins, under codec.py's names (decode_numbers
reads encode_numbers, decode_fixed encode_fixed, decode_postings
encode_postings, decode_words encode_words; expand_index does what loadIndex does). The format is
described in codec.py's docstring.
"""

from __future__ import annotations

import math

from annuaire.search.codec import DIGITS, ref


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


def decode_words(text: str) -> list[str]:
    """The words of `encode_words`: each entry shares its first code units (UTF-16) with the word before."""
    words, previous = [], ""
    for entry in text.split(" ") if text else []:
        shared = previous.encode("utf-16-le")[: 2 * DIGITS.index(entry[0])]
        previous = shared.decode("utf-16-le") + entry[1:]  # fails on half a character: never written
        words.append(previous)
    return words


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


def chunk_postings(head: dict, chunks: list[dict]) -> list[tuple[str, list[list[tuple[int, int, int]]]]]:
    """`[(term, [field] -> [(position, tf, length of the field there), ...])]` of every term of `chunk_index`'s chunks, in order."""
    terms = []
    for chunk in chunks:
        for term, text in zip(chunk["terms"], chunk["postings"]):
            numbers = iter(decode_numbers(text))
            entry = []
            for _field in head["fields"]:
                triples, position = [], 0
                for _ in range(next(numbers)):
                    code = next(numbers)
                    position += code >> 1
                    tf = next(numbers) + 2 if code & 1 else 1
                    triples.append((position, tf, next(numbers)))
                entry.append(triples)
            if next(numbers, None) is not None:
                raise ValueError("a term's postings go on after its last field")
            terms.append((term, entry))
    return terms
