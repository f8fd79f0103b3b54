"""The lists behind the form's searchable choices (organisations, communes), cut into small files.

A département has 15,000 organisations and the country 35,000 communes: one file
of them all would be hundreds of kilobytes on a phone. Each name is filed under
the first letters of each of its words (`ressourcerie des etangs` under `re`, `de`
and `et`): two letters, more where two would make a file of more than `CAP` names
(`ass`, `ast` instead of `as`), and a word found in more than `CAP` names
(« association ») is not filed at all. `index.json` says each file's count, how many
letters each two-letter start takes, and the words too common to be filed. The browser
fetches the file of the typed word whose file is smallest, then keeps the names whose
words begin with every typed word. A name is in as many files as it has distinct starts
of words: three or four for most.
"""

from __future__ import annotations

import re

from annuaire.meeting.keywords import fold
from annuaire.publish.output import compact_json

PREFIX = 2  # letters of a word naming its file, at least
CAP = 1500  # names a file holds at most, unless one word alone has more (then it is not filed)


def words(text: str) -> list[str]:
    """Folded words of a name or an identifier: `Saint-Quentin` → [`saint`, `quentin`]."""
    return [word for word in re.split(r"[^a-z0-9]+", fold(text).replace("œ", "oe").replace("æ", "ae")) if word]


def _key(word: str, depth: dict[str, int]) -> str:
    return word[: depth.get(word[:PREFIX], PREFIX)]


def index_and_shards(entries: list[tuple[str, str, str]], cap: int = CAP) -> tuple[dict, dict[str, list[list[str]]]]:
    """({"files": {key: count}, "depth": {start: letters}, "common": [word]}, {key: [[identifier, name, detail]]})."""
    rows = sorted(entries, key=lambda entry: (words(entry[1]), entry[0]))
    own = [{word for word in words(name) + words(identifier) if len(word) >= PREFIX} for identifier, name, _detail in rows]
    counts: dict[str, int] = {}
    for found in own:
        for word in found:
            counts[word] = counts.get(word, 0) + 1
    common = {word for word, count in counts.items() if count > cap}
    depth: dict[str, int] = {}
    while True:  # deepen the starts whose file is too big, until none is
        files = _files(own, common, depth)
        big = {key for key, members in files.items() if len(members) > cap and len(key) == depth.get(key[:PREFIX], PREFIX)}
        if not big:
            break
        for key in big:
            depth[key[:PREFIX]] = len(key) + 1
    shards = {key: [list(rows[position]) for position in sorted(members)] for key, members in sorted(files.items())}
    index = {"files": {key: len(found) for key, found in shards.items()}, "depth": dict(sorted(depth.items())), "common": sorted(common)}
    return index, shards


def _files(own: list[set[str]], common: set[str], depth: dict[str, int]) -> dict[str, set[int]]:
    files: dict[str, set[int]] = {}
    for position, found in enumerate(own):
        for word in found - common:
            files.setdefault(_key(word, depth), set()).add(position)
    return files


def files(entries: list[tuple[str, str, str]], cap: int = CAP) -> dict[str, bytes]:
    """{file name: bytes}: one `<key>.json` per start of words, and `index.json`."""
    index, shards = index_and_shards(entries, cap)
    found = {f"{key}.json": compact_json(rows) for key, rows in shards.items()}
    found["index.json"] = compact_json(index)
    return found

