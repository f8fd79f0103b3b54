"""Writing a built file that no template renders (JSON, CSV, iCalendar, XML): bytes, as they are.

Pelican's writer renders templates into text; exports are bytes built by the
core modules (a byte order mark, CRLF line ends), so they are written here,
inside the output folder only, and never over a file another part has written.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

logger = logging.getLogger(__name__)


def write_bytes(output_path: str | Path, save_as: str, content: bytes, plugin: str) -> Path:
    root = Path(output_path).resolve()
    path = (root / save_as).resolve()
    if root != path and root not in path.parents:
        raise ValueError(f"{plugin}: « {save_as} » sort du dossier du site")
    if path.exists():
        raise FileExistsError(f"{plugin}: « {save_as} » a déjà été écrit par une autre partie du site")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    logger.info("%s: %s écrit", plugin, save_as)
    return path


def compact_json(value) -> bytes:
    """A data file the browser reads: compact UTF-8 JSON, one line, ending with a line break."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n"
