"""French text pipeline for lunr.py, the twin of `annuaire/search/browser/search-fr.js`.

The index is built here and queried by lunr.js in the browser, so both sides
must turn a word into exactly the same terms. A serialised lunr index only
carries the *labels* of its pipeline functions; lunr.js refuses to load it
unless functions with these labels are registered, and it trusts them to do
the same thing. Any change here must be made in search-fr.js too; the tests in
`tests/search/` run both on thousands of words and fail on any difference.

Steps, each registered under its label (the same list for indexing and for
queries, so that a query term is treated exactly like a document word):

- ``fr-split``: split on the white space that lunr.js's tokenizer splits on
  (`/[\\s\\-]+/`) but lunr.py's does not (narrow no-break space U+202F, thin
  spaces U+2009...). A no-op after the JS tokenizer, needed after lunr.py's.
- ``fr-normalise``: NFC, lower case, one apostrophe (' for ’ and ʼ), and no
  punctuation at either end ("(coopération)," -> "coopération").
- ``fr-elision``: "l'association" -> "association". lunr.js's tokenizer only
  splits on white space and hyphens and its query lexer hands each query term
  to the search pipeline, so a pipeline step is the one place that treats
  document words and query terms alike; overriding the tokenizer would need
  the same override in lunr.py's builder and lunr.js's query lexer.
- ``fr-stopwords``: drops the words of `stopwords-fr.json` (the one list, also
  embedded in search-fr.js).
- ``fr-stem``: Snowball French stem, then accent folding. It also emits the
  folded stem of the word typed without accents when that differs, because
  Snowball reads accents: "salariés" -> "salari" but "salaries" -> "salar".
  Emitting both variants lets "salaries" find "salariés" (and the reverse)
  while keeping the accent-aware stem that joins "emportées" to "emporter".

Beside the pipeline, ``surfaces`` gives the *surface* words of a text: the
steps up to the stop words, then accent folding, no stemming ("Coopérations"
-> "cooperations"). The index ships the directory's long surface words (its
vocabulary), and the browser corrects a typo on the word as typed rather than
on its stem, which a typo can change: `lunr.fr.surfaces` in search-fr.js is
its twin. A surface word is its own unaccented spelling, so its terms are
among those of the word it comes from (`stem` emits the stem of the
unaccented spelling): a correction found in the vocabulary finds its records.
"""

from __future__ import annotations

import json
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

from lunr.builder import Builder
from lunr.pipeline import Pipeline
from lunr.token import Token
from lunr.tokenizer import Tokenizer

# The pure-Python class, on purpose: `snowballstemmer.stemmer()` silently
# switches to PyStemmer when that is installed, which may be another Snowball
# release than the one the JS side was checked against.
from snowballstemmer.french_stemmer import FrenchStemmer

STOPWORDS_PATH = Path(__file__).with_name("stopwords-fr.json")
STOPWORDS = frozenset(json.loads(STOPWORDS_PATH.read_text(encoding="utf-8")))

# JavaScript's \s (what lunr.js's tokenizer splits on, with the hyphen),
# spelt out so that Python's notion of white space plays no part.
SEPARATORS = re.compile(
    "[\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff-]+"
)
APOSTROPHES = re.compile("[\u2019\u02bc]")
# Words that lose their vowel before another vowel ("qu'il", "jusqu'à").
ELIDED = frozenset(
    ["c", "d", "j", "l", "m", "n", "s", "t", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu"]
)
# Letters that NFD does not split into a base letter and accents.
LIGATURES = {"œ": "oe", "æ": "ae", "ß": "ss", "ø": "o", "đ": "d", "ł": "l"}

_stemmer = FrenchStemmer()


def _is_word_char(char: str) -> bool:
    # Letters, digits and combining marks: /[\p{L}\p{N}\p{M}]/u in search-fr.js.
    return unicodedata.category(char)[0] in "LNM"


def trim(word: str) -> str:
    """Strip everything but letters, digits and marks from both ends."""
    start, end = 0, len(word)
    while start < end and not _is_word_char(word[start]):
        start += 1
    while end > start and not _is_word_char(word[end - 1]):
        end -= 1
    return word[start:end]


def fold(word: str) -> str:
    """Remove accents: é -> e, à -> a, ç -> c, œ -> oe, æ -> ae..."""
    decomposed = unicodedata.normalize("NFD", word)
    bare = "".join(c for c in decomposed if not "\u0300" <= c <= "\u036f")
    bare = "".join(LIGATURES.get(c, c) for c in bare)
    # Recompose what else NFD split (Hangul, for one) so it stays as typed.
    return unicodedata.normalize("NFC", bare)


@lru_cache(maxsize=200_000)
def stem_variants(word: str) -> tuple[str, ...]:
    """Folded Snowball stem of the word, then that of its unaccented spelling.

    Cached: a directory repeats the same words thousands of times, and the
    pure-Python stemmer is the slowest part of building the index.
    """
    variants = [fold(_stemmer.stemWord(word))]
    bare = fold(word)
    if bare != word:
        other = _stemmer.stemWord(bare)  # no accents left to fold
        if other not in variants:
            variants.append(other)
    return tuple(variants)


def split(token, i=None, tokens=None):
    pieces = []
    offset = 0
    for piece in SEPARATORS.split(str(token)):
        if piece:
            metadata = dict(token.metadata)
            if "position" in metadata:
                start = str(token).index(piece, offset)
                metadata["position"] = [metadata["position"][0] + start, len(piece)]
                offset = start + len(piece)
            pieces.append(Token(piece, metadata))
    if len(pieces) == 1:
        return token  # the usual case: keep the token and its metadata as they are
    return pieces


def normalise(token, i=None, tokens=None):
    word = unicodedata.normalize("NFC", str(token)).lower()
    word = trim(APOSTROPHES.sub("'", word))
    if not word:
        return None
    token.string = word
    return token


def elision(token, i=None, tokens=None):
    word = str(token)
    apostrophe = word.find("'")
    if apostrophe > 0 and word[:apostrophe] in ELIDED:
        word = trim(word[apostrophe + 1 :])
        if not word:
            return None
        token.string = word
    return token


def stop_words(token, i=None, tokens=None):
    if str(token) in STOPWORDS:
        return None
    return token


def stem(token, i=None, tokens=None):
    variants = stem_variants(str(token))
    token.string = variants[0]
    if len(variants) == 1:
        return token
    return [token] + [Token(variant, token.metadata) for variant in variants[1:]]


LABELS = {
    split: "fr-split",
    normalise: "fr-normalise",
    elision: "fr-elision",
    stop_words: "fr-stopwords",
    stem: "fr-stem",
}
PIPELINE = tuple(LABELS)  # in this order

for _function, _label in LABELS.items():
    Pipeline.register_function(_function, _label)


def configure(builder: Builder) -> Builder:
    """Give a builder the French pipeline, for indexing and for queries.

    Usable as `builder.use(configure)`. Fields and documents are up to the caller.
    """
    builder.pipeline.reset()
    builder.search_pipeline.reset()
    builder.pipeline.add(*PIPELINE)
    builder.search_pipeline.add(*PIPELINE)
    return builder


def get_builder() -> Builder:
    """A new lunr builder with the French pipeline."""
    return configure(Builder())


@lru_cache(maxsize=500_000)
def token_terms(raw: str) -> tuple[str, ...]:
    """The index terms of one token as lunr's tokenizer cuts it: the whole pipeline, cached."""
    tokens = [Token(raw, {})]
    for step in PIPELINE:
        results = []
        for token in tokens:
            result = step(token)
            if isinstance(result, (list, tuple)):
                results.extend(result)
            elif result:
                results.append(result)
        tokens = results
    return tuple(str(token) for token in tokens)


def surface(word: str) -> str | None:
    """The folded surface form of one word, after fr-split: None for a stop word or for punctuation alone."""
    token = normalise(Token(word, {}))
    token = token and elision(token)
    token = token and stop_words(token)
    return fold(str(token)) if token else None


@lru_cache(maxsize=500_000)
def token_surfaces(raw: str) -> tuple[str, ...]:
    """The surface words of one token as lunr's tokenizer cuts it (fr-split may cut it again), cached."""
    pieces = split(Token(raw, {}))
    pieces = pieces if isinstance(pieces, list) else [pieces]
    return tuple(word for piece in pieces if (word := surface(str(piece))))


def surfaces(text: str) -> list[str]:
    """The surface words of a text: lunr's tokenizer, the steps up to the stop words, then accent folding."""
    return [word for token in Tokenizer(text) for word in token_surfaces(str(token))]


def analyse(text: str) -> list[str]:
    """The index terms of a text: lunr's tokenizer, then the French pipeline."""
    pipeline = get_builder().pipeline
    return [str(token) for token in pipeline.run(Tokenizer(text))]


# --- The copy of the stop words inside search-fr.js -----------------------------

JS_PATH = Path(__file__).resolve().parent / "browser" / "search-fr.js"
JS_BEGIN = "// BEGIN stopwords-fr.json"
JS_END = "// END stopwords-fr.json"


def stopwords_js_block() -> str:
    """The lines search-fr.js must hold between its BEGIN and END markers."""
    words = json.loads(STOPWORDS_PATH.read_text(encoding="utf-8"))
    quoted = [json.dumps(word, ensure_ascii=False) for word in words]
    lines = [", ".join(quoted[i : i + 10]) for i in range(0, len(quoted), 10)]
    return "  var STOPWORDS = [\n    " + ",\n    ".join(lines) + "\n  ]\n"


def sync_js_stopwords(js_path: Path = JS_PATH) -> bool:
    """Copy stopwords-fr.json into search-fr.js; True if the file changed."""
    text = js_path.read_text(encoding="utf-8")
    head, rest = text.split(JS_BEGIN + "\n", 1)
    _, tail = rest.split(JS_END, 1)
    updated = head + JS_BEGIN + "\n" + stopwords_js_block() + "  " + JS_END + tail
    if updated != text:
        js_path.write_text(updated, encoding="utf-8")
    return updated != text


if __name__ == "__main__":
    # After editing stopwords-fr.json: .venv/bin/python -m annuaire.search.french
    print("search-fr.js " + ("updated" if sync_js_stopwords() else "already up to date"))
