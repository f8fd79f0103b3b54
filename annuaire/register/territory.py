"""A territory's communes, from the official geography (npm @etalab/decoupage-administratif).

A territory is a département, an EPCI (intercommunalité, by its SIREN) or a list of
INSEE codes. The register writes a commune's office under the code it had when the
association declared it: a former commune merged since (« commune déléguée » or
« associée ») or a municipal district of Paris, Lyon or Marseille is brought back to
the current commune it belongs to.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

PACKAGE = "@etalab/decoupage-administratif"
CURRENT = "commune-actuelle"


class TerritoryError(ValueError):
    """A territory that the official geography does not know: one clear message, in French."""


@dataclass(frozen=True)
class Commune:
    insee: str
    nom: str
    codes_postaux: tuple[str, ...]
    departement: str


@dataclass(frozen=True)
class Territory:
    description: str  # « département 78 (Yvelines) », for reports
    communes: tuple[Commune, ...]

    @cached_property
    def codes(self) -> frozenset[str]:
        return frozenset(commune.insee for commune in self.communes)

    @cached_property
    def departements(self) -> frozenset[str]:
        return frozenset(commune.departement for commune in self.communes)


class Geography:
    """The official lists, read once from node_modules."""

    def __init__(self, node_modules: Path):
        self.folder = Path(node_modules) / PACKAGE / "data"
        if not (self.folder / "communes.json").is_file():
            raise TerritoryError(f"{PACKAGE} est introuvable dans {node_modules} : lancez « npm ci » (ou « make setup »)")

    @cached_property
    def version(self) -> str:
        """The package's version, said where its data is used."""
        return json.loads((self.folder.parent / "package.json").read_text(encoding="utf-8")).get("version", "")

    def _read(self, name: str) -> list[dict]:
        return json.loads((self.folder / name).read_text(encoding="utf-8"))

    @cached_property
    def _all_communes(self) -> list[dict]:
        return self._read("communes.json")

    @cached_property
    def current(self) -> dict[str, Commune]:
        return {
            entry["code"]: Commune(entry["code"], entry["nom"], tuple(entry.get("codesPostaux", ())), entry["departement"])
            for entry in self._all_communes
            if entry["type"] == CURRENT
        }

    @cached_property
    def _parents(self) -> dict[str, str]:
        """Former and delegated communes, and municipal districts, to their current commune."""
        parents = {}
        for entry in self._all_communes:
            parent = entry.get("chefLieu") or entry.get("commune")
            if entry["type"] != CURRENT and parent and entry["code"] != parent:
                parents[entry["code"]] = parent
        return parents

    def current_code(self, insee: str) -> str:
        """The current commune of a code the register may still use, or the code itself."""
        return self._parents.get(insee, insee)

    @cached_property
    def departements(self) -> dict[str, str]:
        return {entry["code"]: entry["nom"] for entry in self._read("departements.json")}

    def territory(self, departement: str | None = None, epci: str | None = None, communes: list[str] | None = None) -> Territory:
        """Exactly one of the three ways of naming a territory."""
        if sum(bool(choice) for choice in (departement, epci, communes)) != 1:
            raise TerritoryError("indiquez un seul territoire : DEPARTEMENT=78, EPCI=<SIREN de l'intercommunalité> ou COMMUNES=\"78621 78297\"")
        if departement:
            return self._departement(departement.strip().upper())
        if epci:
            return self._epci(epci.strip())
        return self._listed(communes)

    def _departement(self, code: str) -> Territory:
        if code.isdigit() and len(code) == 1:
            code = "0" + code
        if code not in self.departements:
            raise TerritoryError(f"département « {code} » inconnu ; exemples : 78, 2A, 974")
        found = tuple(commune for commune in self.current.values() if commune.departement == code)
        return Territory(f"département {code} ({self.departements[code]})", _sorted(found))

    def _epci(self, siren: str) -> Territory:
        for entry in self._read("epci.json"):
            if entry["code"] == siren:
                members = tuple(self.current[member["code"]] for member in entry["membres"] if member["code"] in self.current)
                return Territory(f"{entry['nom']} (EPCI {siren})", _sorted(members))
        raise TerritoryError(f"EPCI « {siren} » inconnu : donnez le numéro SIREN à 9 chiffres de l'intercommunalité (par exemple 200058782)")

    def _listed(self, codes: list[str]) -> Territory:
        unknown = [code for code in codes if self.current_code(code) not in self.current]
        if unknown:
            raise TerritoryError(f"code(s) INSEE inconnu(s) : {', '.join(unknown)} (cinq caractères, par exemple 78297)")
        found = {self.current_code(code): self.current[self.current_code(code)] for code in codes}
        return Territory(f"{len(found)} commune(s) choisie(s)", _sorted(found.values()))


def _sorted(communes) -> tuple[Commune, ...]:
    return tuple(sorted(communes, key=lambda commune: commune.insee))
