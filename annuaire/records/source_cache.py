"""What an incremental build keeps of the data files it read: each file's checked Source and problems.

Reading a record file (YAML with positions, empty fields dropped, the schema
checked) is most of loading; a file whose bytes are unchanged, read by the same
code, gives the same Source and the same problems. They are kept, keyed by the
file's type, name and bytes and by the package's code, in one pickle file of
the build's cache folder (`<output>.cache/sources.pickle`). Only this program
writes that folder; a file it cannot read back is ignored, never trusted
partly. The checks across files (references, identifiers, images) always run.
"""

from __future__ import annotations

import os
import pickle
import tempfile
from pathlib import Path

from annuaire.code_version import digest, package_digest

FILE = "sources.pickle"


class SourceCache:
    def __init__(self, folder: Path):
        self.path = Path(folder) / FILE
        self.key = package_digest()
        self.known: dict[str, tuple] = self._load()
        self.used: dict[str, tuple] = {}
        self.read = 0  # files read, not found in the cache

    def _load(self) -> dict:
        try:
            with self.path.open("rb") as stored:
                key, entries = pickle.load(stored)
        except Exception:  # missing, truncated, from another version: start afresh
            return {}
        return entries if key == self.key and isinstance(entries, dict) else {}

    @staticmethod
    def entry(path: Path, kind: str) -> str:
        """The key of one file as it is now: its type, name and bytes."""
        try:
            content = path.read_bytes()
        except OSError:
            content = b"\0unreadable"  # read again, and its problem reported, by the loader
        return digest(kind.encode(), str(path).encode(), content)

    def get(self, key: str):
        found = self.known.get(key)
        if found is not None:
            self.used[key] = found
        return found

    def put(self, key: str, value: tuple) -> None:
        self.used[key] = value
        self.read += 1

    def save(self) -> None:
        """Keep the entries of this build's files only, written whole then renamed: never half a cache."""
        if not self.read and len(self.used) == len(self.known):
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=self.path.parent, suffix=".tmp")
        with os.fdopen(handle, "wb") as out:
            pickle.dump((self.key, self.used), out, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, self.path)
