"""Each record's own data, for « Proposer une modification », in files of about 64 records.

One file a record would double the number of files of a site (a département's 13,000 organisations:
13,000 more files, where some static hosts cap a site at 20,000). A record goes to the file numbered
by a hash of its identifier (32-bit FNV-1a, which the form's script repeats), so a phone fetches one
file of a few kilobytes whatever the size of the directory, and a new identifier is looked up the
same way to tell whether it is taken.
"""

from __future__ import annotations

import math

from annuaire.publish.output import compact_json

PER_FILE = 64  # records a file holds on average


def file_count(records: int) -> int:
    return max(1, math.ceil(records / PER_FILE))


def file_of(slug: str, files: int) -> int:
    """FNV-1a (32 bits) of the identifier's UTF-8 bytes, modulo the number of files."""
    value = 0x811C9DC5
    for byte in slug.encode("utf-8"):
        value = ((value ^ byte) * 0x01000193) & 0xFFFFFFFF
    return value % files


def files(contents: dict[str, dict]) -> dict[str, bytes]:
    """{"<n>.json": {identifier: content}} for `contents` ({identifier: what the form reads})."""
    count = file_count(len(contents))
    grouped: dict[int, dict[str, dict]] = {number: {} for number in range(count)}
    for slug in sorted(contents):
        grouped[file_of(slug, count)][slug] = contents[slug]
    return {f"{number}.json": compact_json(records) for number, records in grouped.items()}

