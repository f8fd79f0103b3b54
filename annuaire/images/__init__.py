"""Logos and photos that contributors put beside their records' YAML files.

An organisation may have a `logo`, an offer or a need up to four `photos`;
each names a file (`fichier`) in the record's own folder and gives its
alternative text (`texte`, required by the schema). `checks` refuses, in
French and before anything is published, a file that is missing, outside the
record's folder, not a JPEG, PNG or WebP image (by its content), too heavy,
too large or unreadable. `responsive` turns each image into a few widths of
WebP with a JPEG (or, with transparency, PNG) fallback, without any metadata,
under content-hashed names.
"""

from __future__ import annotations

# Where a record type keeps its images: a single one (`logo`) or a list (`photos`).
IMAGE_FIELDS: dict[str, tuple[str, bool]] = {"organisation": ("logo", False), "offer": ("photos", True), "need": ("photos", True)}
# Their names: left out of the open data exports, where a file name beside a YAML file would mean nothing.
IMAGE_FIELD_NAMES = frozenset(field for field, _many in IMAGE_FIELDS.values())
# Files with these endings in a record folder are images, checked here rather than read as records.
IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".jpe", ".png", ".webp", ".svg", ".svgz", ".gif", ".avif", ".heic", ".heif", ".tif", ".tiff", ".bmp"})


def image_entries(kind: str, data) -> list[tuple[tuple, dict]]:
    """The image entries of a record's data, with their path: [(("logo",), {...})] or [(("photos", 0), {...}), ...]."""
    if kind not in IMAGE_FIELDS or not isinstance(data, dict):
        return []
    field, many = IMAGE_FIELDS[kind]
    value = data.get(field)
    if many:
        items = value if isinstance(value, list) else []
        return [((field, index), item) for index, item in enumerate(items) if isinstance(item, dict)]
    return [((field,), value)] if isinstance(value, dict) else []
