"""From the register's social objects to the directory's themes (data/themes-rna.yaml).

A code takes the themes listed for it under `codes`, else those of its family
(its first three digits followed by 000) under `familles`; an association none of
whose codes has a theme takes `par_defaut`. The mapping is the maintainer's to edit.
"""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from annuaire.problems import Problem, display_path
from annuaire.records import schema_check
from annuaire.records.loader import IMPORT_SETTINGS
from annuaire.records.yaml_source import load_file

FILE = IMPORT_SETTINGS
NOMENCLATURE = Path(__file__).with_name("objets-sociaux.csv")


@cache
def nomenclature() -> dict[str, str]:
    """Every code of the register's nomenclature of social objects, with its label."""
    with NOMENCLATURE.open(encoding="utf-8", newline="") as file:
        return {row["code"]: row["libelle"] for row in csv.DictReader(file, delimiter=";")}


def family(code: str) -> str:
    return code[:3] + "000"


@dataclass
class ThemesMapping:
    default: list[str]
    families: dict[str, list[str]]
    codes: dict[str, list[str]]
    unmapped: Counter = field(default_factory=Counter)  # codes met that gave no theme, for the report

    def themes(self, codes: list[str]) -> list[str]:
        found: list[str] = []
        for code in codes:
            if not code or set(code) == {"0"}:
                continue  # an empty or « 000000 » column: no social object given
            themes = self.codes.get(code) or (self.families.get(family(code)) if code in nomenclature() else None)
            if themes:
                found += [theme for theme in themes if theme not in found]
            else:
                self.unmapped[code] += 1
        return found or list(self.default)


def load(data: Path, known_themes: set[str]) -> tuple[ThemesMapping | None, list[Problem]]:
    """The mapping of a data folder, checked against its schema and the known themes."""
    path = Path(data) / FILE
    shown = display_path(path)
    document, problems = load_file(path, shown)
    if document is None:
        return None, problems
    problems = schema_check.check(document, "themes-rna.schema.json", shown)
    if problems:
        return None, problems
    mapping = document.data
    for section in ("familles", "codes"):
        for code, themes in mapping.get(section, {}).items():
            if code not in nomenclature():
                problems.append(Problem(shown, document.line_of((section, code)), f"{section}.{code}", "code absent de la nomenclature des objets sociaux du registre"))
            if section == "familles" and code != family(code):
                problems.append(Problem(shown, document.line_of((section, code)), f"{section}.{code}", f"ce n'est pas un code de famille : les familles finissent par 000 (par exemple {family(code)})"))
            for position, theme in enumerate(themes):
                if theme not in known_themes:
                    problems.append(Problem(shown, document.line_of((section, code, position)), f"{section}.{code}", f"thème « {theme} » inconnu de themes.yaml"))
    for position, theme in enumerate(mapping["par_defaut"]):
        if theme not in known_themes:
            problems.append(Problem(shown, document.line_of(("par_defaut", position)), "par_defaut", f"thème « {theme} » inconnu de themes.yaml"))
    if problems:
        return None, problems
    return ThemesMapping(mapping["par_defaut"], mapping["familles"], mapping.get("codes", {})), []
