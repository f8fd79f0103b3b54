"""`make communes`: a territory's communes added to `communes.yaml`, every existing line kept.

New communes are appended as text after the existing ones, so that a person's
entries, comments and coordinates stay byte for byte. Identifiers are the names
made plain (`saint-cyr-l-ecole`); a name met twice takes its département's code,
then its INSEE code. The official geography has no coordinates: communes come
without them (distances then say « distance inconnue »; `make geocode` can add them).
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

from annuaire.contribute.scaffold import scalar, slugify
from annuaire.problems import Problem, display_path
from annuaire.records.yaml_source import MAX_LIST_BYTES, load_file
from annuaire.register.territory import PACKAGE, Commune, Geography, Territory
from annuaire.settings import CHECKOUT

FILE = "communes.yaml"
HEADER = "# yaml-language-server: $schema=../annuaire/schemas/communes.schema.json\n# Les communes couvertes par l'annuaire ; chaque fiche cite la sienne par son identifiant.\n"
# A new data folder starts with the sample's themes and their mapping from the register's social objects.
STARTER_FILES = ("themes.yaml", "themes-rna.yaml")


class CommunesFileError(Exception):
    """`communes.yaml` cannot be read: its problems, to fix first."""

    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(map(str, problems)))
        self.problems = problems


@dataclass
class CommunesReport:
    territory: str
    added: list[Commune] = field(default_factory=list)
    already: int = 0
    without_postal_code: list[Commune] = field(default_factory=list)
    started: list[str] = field(default_factory=list)  # files of a new data folder

    def __str__(self) -> str:
        lines = [f"Communes de {self.territory} : {len(self.added) + self.already + len(self.without_postal_code)}"]
        lines.append(f"  ajoutées à {FILE} : {len(self.added)}")
        lines.append(f"  déjà présentes (gardées telles quelles) : {self.already}")
        if self.without_postal_code:
            names = ", ".join(commune.nom for commune in self.without_postal_code[:5])
            lines.append(f"  sans code postal, non ajoutées : {len(self.without_postal_code)} ({names})")
        if self.started:
            lines.append(f"Nouveau dossier de données : {', '.join(self.started)} copiés de l'exemple, à adapter.")
        if self.added:
            lines.append("Sans coordonnées : les distances diront « distance inconnue » ; « make geocode » peut les ajouter.")
        return "\n".join(lines)


def existing_communes(data: Path) -> list[dict]:
    path = Path(data) / FILE
    if not path.exists():
        return []
    document, problems = load_file(path, display_path(path), MAX_LIST_BYTES)
    if problems or not isinstance(document.data, list):
        raise CommunesFileError(problems or [Problem(display_path(path), 1, "", "une liste de communes est attendue")])
    return [item for item in document.data if isinstance(item, dict)]


def add_communes(data: Path, territory: Territory, geography: Geography, write: bool = True) -> CommunesReport:
    data = Path(data)
    report = CommunesReport(territory.description)
    existing = existing_communes(data)
    known_codes = {item.get("insee") for item in existing}
    taken = {item.get("id") for item in existing}
    names = _names_count(territory, existing)
    entries = []
    for commune in territory.communes:
        if commune.insee in known_codes:
            report.already += 1
            continue
        if not commune.codes_postaux:
            report.without_postal_code.append(commune)
            continue
        identifier = _identifier(commune, taken, names)
        taken.add(identifier)
        entries.append(_entry(identifier, commune))
        report.added.append(commune)
    if write:
        report.started = _start_folder(data)
        if entries:
            _append(data / FILE, territory, entries, geography.version)
    return report


def _names_count(territory: Territory, existing: list[dict]) -> dict[str, int]:
    """How many communes of the file and the territory share each plain name."""
    counts: dict[str, int] = {}
    for name in [item.get("nom", "") for item in existing] + [commune.nom for commune in territory.communes]:
        counts[slugify(name)] = counts.get(slugify(name), 0) + 1
    return counts


def _identifier(commune: Commune, taken: set, names: dict[str, int]) -> str:
    plain = slugify(commune.nom)
    for candidate in (plain, f"{plain}-{commune.departement.lower()}", f"{plain}-{commune.insee.lower()}"):
        if candidate not in taken and (candidate != plain or names.get(plain, 0) == 1):
            return candidate
    raise ValueError(f"identifiant introuvable pour {commune.nom} ({commune.insee})")


def _entry(identifier: str, commune: Commune) -> str:
    postal = ", ".join(f'"{code}"' for code in commune.codes_postaux)
    return f'- id: {identifier}\n  nom: {scalar(commune.nom)}\n  insee: "{commune.insee}"\n  codes_postaux: [{postal}]\n'


def _append(path: Path, territory: Territory, entries: list[str], version: str) -> None:
    """Written whole to a temporary file, then renamed: never a half-written list."""
    before = path.read_text(encoding="utf-8") if path.exists() else HEADER
    if before and not before.endswith("\n"):
        before += "\n"
    note = f"# Ajoutées par « make communes » ({territory.description}), d'après {PACKAGE} {version}.\n"
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(before + note + "".join(entries), encoding="utf-8")
    temporary.replace(path)


def _start_folder(data: Path) -> list[str]:
    """A new data folder gets the sample's themes and their mapping, never over existing files."""
    data.mkdir(parents=True, exist_ok=True)
    started = []
    for name in STARTER_FILES:
        target = data / name
        if not target.exists():
            shutil.copyfile(CHECKOUT / "data" / name, target)
            started.append(name)
    return started
