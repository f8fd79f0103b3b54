"""Shared fixtures: data folders to validate, and the sample sites built once per test session."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from annuaire.cli import build

ROOT = Path(__file__).resolve().parents[1]

FIXTURES = Path(__file__).parent / "fixtures"
MINIMAL = FIXTURES / "minimal"
INVALID = FIXTURES / "invalid"
TODAY = "2026-11-26"  # fixed, so that checks against today's date do not drift


def data_with_case(case: Path, target: Path) -> Path:
    """The minimal valid data folder with one negative case laid over it.

    A case folder holds the files to add or replace; `name.delete` removes `name`.
    """
    shutil.copytree(MINIMAL, target)
    for path in sorted(case.rglob("*")):
        if path.is_dir() or path.name == "expected.txt":
            continue
        relative = path.relative_to(case)
        destination = target / relative
        if path.suffix == ".delete":
            destination.with_suffix("").unlink()
            continue
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, destination)
    return target


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The sample site, built from data/ with the real settings into a temporary folder."""
    output = tmp_path_factory.mktemp("site") / "output"
    assert build(ROOT / "data", output, ROOT / "pelican.conf.py") == 0
    return output


# What the national register of associations adds to the sample data, for `dissolved_site`.
SITEURL = "https://annuaire.example.org"
REGISTER_FIELDS = {
    # Dissolved according to the register: an offer, a need, a project, an RNA number.
    "compagnie-du-chapiteau-bleu": (
        'titre_officiel: "COMPAGNIE DU CHAPITEAU BLEU, FUNAMBULES ET ARTS DU CIRQUE DE VILLEPREUX"\ndissoute: true\n'
        'registre: {source: rna_waldec, fichier: "2025-09-01", maj: "2025-06-12 10:22:01", empreintes: {dissoute: "3fa2c1d0"}}\n'
    ),
    "e-graine": "dissoute: true\n",  # dissolved, said by hand: an offer, a project, suggested as a partner
    "codesqy": "dissoute: true\n",  # dissolved, said by hand: nothing else, no project
    # Current, with a title in the register holding a word found nowhere else: « maraîchers ».
    "jardins-du-plateau": (
        'titre_officiel: "ASSOCIATION DES JARDINIERS MARAICHERS DU PLATEAU"\n'
        'registre: {source: rna_import, maj: "2024-03-01 08:00:00", empreintes: {titre_officiel: "9b41e07a"}}\n'
    ),
    "octet-pour-tous": 'titre_officiel: "OCTET POUR TOUS (EXEMPLE)"\n',  # the name in capitals: nothing to show
}


def data_with_register_fields(target: Path) -> Path:
    """A copy of the sample data with `REGISTER_FIELDS` added to its organisations."""
    data = shutil.copytree(ROOT / "data", target)
    for slug, fields in REGISTER_FIELDS.items():
        path = data / "organisations" / f"{slug}.yaml"
        path.write_text(path.read_text("utf-8") + fields, "utf-8")
    return data


@pytest.fixture(scope="session")
def dissolved_site(tmp_path_factory) -> Path:
    """The sample site with two dissolved organisations and titles in the register, built at SITEURL on TODAY."""
    folder = tmp_path_factory.mktemp("dissolved")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ANNUAIRE_TODAY", TODAY)
        patch.setenv("SITEURL", SITEURL)  # the sitemap lists absolute addresses only
        assert build(data_with_register_fields(folder / "data"), folder / "output", ROOT / "pelican.conf.py") == 0
    return folder / "output"
