"""A contributor's mistake, reported as `file:line:column: field: message`."""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dataclass_field
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    """`line` and `column` count from 1; 0 means unknown (the whole file, or the whole line)."""

    file: str
    line: int
    column: int = dataclass_field(default=0, kw_only=True)  # keyword-only: `Problem(file, line, field, message)` still works
    field: str
    message: str

    def __str__(self) -> str:
        location = self.file
        if self.line:
            location += f":{self.line}" + (f":{self.column}" if self.column else "")
        field = f" {self.field}:" if self.field else ""
        return f"{location}:{field} {self.message}"


def ordinal(number: int) -> str:
    """A position in French, said of a « valeur » (feminine): 1re, 2e, 3e…"""
    return "1re" if number == 1 else f"{number}e"


def field_name(path) -> str:
    """A field's place as a volunteer reads it, items counted from 1.

    ('contact', 'email') → `contact.email`; ('themes', 1) → `themes (2e valeur)`;
    ('partenaires', 1, 'role') → `partenaires (2e valeur), role`; in a list file,
    (2, 'id') → `3e valeur, id`.
    """
    text = ""
    after_item = False
    for part in path:
        if isinstance(part, int):
            position = f"{ordinal(part + 1)} valeur"
            text += f" ({position})" if text else position
        elif not text:
            text = str(part)
        else:
            text += f"{', ' if after_item else '.'}{part}"
        after_item = isinstance(part, int)
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

    def __reduce__(self):  # rebuilt from its problems when it comes back from a worker process
        return InvalidDirectory, (self.problems,)


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
