"""A contributor's mistake, reported as `file:line: field: message`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        location = f"{self.file}:{self.line}" if self.line else self.file
        field = f" {self.field}:" if self.field else ""
        return f"{location}:{field} {self.message}"


def field_name(path) -> str:
    """`partenaires[2].role` for the path ('partenaires', 1, 'role'): items count from 1."""
    text = ""
    for part in path:
        text += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


class InvalidDirectory(Exception):
    """Raised to stop a build: carries every problem found, sorted."""

    exitcode = 1

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems))
        count = len(self.problems)
        plural = "s" if count > 1 else ""
        super().__init__(
            f"{count} problème{plural} dans les données, rien n'est publié :\n"
            + "\n".join(str(p) for p in self.problems)
        )


def display_path(path: Path, root: Path | None = None) -> str:
    """Path as a contributor types it: relative to the working folder if possible."""
    path = Path(path)
    for base in (Path.cwd(), root):
        if base is None:
            continue
        try:
            return path.resolve().relative_to(Path(base).resolve()).as_posix()
        except ValueError:
            continue
    return path.as_posix()
