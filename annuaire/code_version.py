"""Digests of files and of the code that reads or renders data: what a build's caches are keyed by.

A cache entry is valid only for the code that made it: `package_digest()` covers
the package (its Python, schemas and scripts), the Python version and the pinned
dependencies, so that an upgrade or an edit of the code empties every cache.
"""

from __future__ import annotations

import functools
import hashlib
import sys
from pathlib import Path

from annuaire.settings import CHECKOUT

PACKAGE = CHECKOUT / "annuaire"
PINNED = ("requirements.txt", "package-lock.json", "pyproject.toml")


def digest(*parts: bytes) -> str:
    """A digest of several byte strings, each length-prefixed so that no two lists give the same bytes."""
    hasher = hashlib.blake2b(digest_size=16)
    for part in parts:
        hasher.update(len(part).to_bytes(8, "little"))
        hasher.update(part)
    return hasher.hexdigest()


def folder_digest(folder: Path) -> str:
    """Every file of a folder, by relative name and content (compiled Python left out)."""
    parts = []
    for path in sorted(folder.rglob("*")) if folder.is_dir() else ():
        if path.is_file() and "__pycache__" not in path.parts:
            parts += [path.relative_to(folder).as_posix().encode(), path.read_bytes()]
    return digest(*parts)


@functools.cache
def package_digest() -> str:
    parts = [sys.version.encode(), folder_digest(PACKAGE).encode()]
    parts += [(CHECKOUT / name).read_bytes() for name in PINNED if (CHECKOUT / name).is_file()]
    return digest(*parts)
