"""Adding a record type takes three steps: a registry entry, a JSON Schema, a page template.

The test makes them in a temporary copy of the project, a throwaway type « Lieu »
(`place`), and builds a site from it: the type gets its pages, its listing and
filters, a menu entry, search results, its open data tables, a feed and a place
in `make new`, with nothing else changed.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import MINIMAL, ROOT, TODAY
from site_helpers import page

ENTRY = '''
RECORD_TYPES += (
    RecordType(
        name="place", folder="places", schema="place.schema.json",
        label="Lieu", label_plural="Lieux", title_field="nom",
        segment="lieux-partages", table="lieux-partages", table_title="Lieux partagés",
        facets=(THEMES_FACET, COMMUNE_FACET), references=(THEMES, COMMUNE, OWNER),
        aliases=("lieu",), feed=Feed("Nouveaux lieux", "Les lieux que les organisations partagent."),
    ),
)
KINDS = RECORD_TYPES + LIST_TYPES
BY_NAME = {kind.name: kind for kind in KINDS}
REFERENCES = {ref.path: ref.target for kind in RECORD_TYPES for ref in kind.references}
'''

SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://annuaire.invalid/schemas/place.schema.json",
    "title": "Lieu",
    "description": "Un lieu qu'une organisation partage. Un fichier par lieu dans data/places/.",
    "type": "object",
    "additionalProperties": False,
    "required": ["nom", "organisation", "resume", "themes", "mis_a_jour"],
    "properties": {
        "nom": {"$ref": "common.schema.json#/$defs/texte_court", "title": "Nom"},
        "organisation": {"$ref": "common.schema.json#/$defs/identifiant", "title": "Organisation"},
        "resume": {"$ref": "common.schema.json#/$defs/resume"},
        "description": {"$ref": "common.schema.json#/$defs/description"},
        "themes": {"$ref": "common.schema.json#/$defs/themes", "minItems": 1},
        "commune": {"$ref": "common.schema.json#/$defs/commune"},
        "mis_a_jour": {"$ref": "common.schema.json#/$defs/mis_a_jour"},
    },
}

TEMPLATE = """{% extends "base.html" %}
{% block title %}{{ record.title }} · {{ kind.label }} · {{ SITENAME }}{% endblock %}
{% block content %}
<article class="record">
  <h1>{{ record.title }}</h1>
  <p>{{ record.data.resume }}</p>
  <p>Proposé par <a href="{{ SITEURL }}/{{ record.organisation.url }}">{{ record.organisation.title }}</a></p>
</article>
{% endblock %}
"""

RECORD = """nom: Grange des Étangs
organisation: asso-verte
resume: Une grange aménagée, prêtée aux associations pour leurs fêtes et leurs ateliers.
themes:
  - environnement
commune: guyancourt
mis_a_jour: 2026-01-15
"""


@pytest.fixture(scope="module")
def project_with_places(tmp_path_factory) -> Path:
    """A copy of the project with the type « Lieu » added in three steps, and one place in its data."""
    copy = tmp_path_factory.mktemp("new-type") / "project"
    for name in ("annuaire", "plugins", "theme", "content"):
        shutil.copytree(ROOT / name, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pelican.conf.py", copy)
    (copy / "node_modules").symlink_to(ROOT / "node_modules")
    # 1. The registry entry.
    registry = copy / "annuaire" / "record_types.py"
    text = registry.read_text("utf-8")
    marker = "\nKINDS: tuple[Kind, ...]"
    registry.write_text(text.replace(marker, ENTRY + marker, 1), "utf-8")
    # 2. The schema; 3. the template.
    (copy / "annuaire" / "schemas" / "place.schema.json").write_text(json.dumps(SCHEMA, ensure_ascii=False, indent=2), "utf-8")
    (copy / "theme" / "templates" / "place.html").write_text(TEMPLATE, "utf-8")
    # The data: the minimal folder and one place.
    shutil.copytree(MINIMAL, copy / "data")
    (copy / "data" / "places").mkdir()
    (copy / "data" / "places" / "grange-des-etangs.yaml").write_text(RECORD, "utf-8")
    return copy


def run(project: Path, *arguments: str) -> subprocess.CompletedProcess:
    # The copy's package comes first: Python puts the working folder first on the path for `-m`.
    environment = {**os.environ, "ANNUAIRE_TODAY": TODAY, "SITEURL": ""}
    return subprocess.run([sys.executable, "-m", "annuaire", *arguments], cwd=project, env=environment,
                          capture_output=True, text=True, timeout=300, check=False)


@pytest.fixture(scope="module")
def site(project_with_places) -> Path:
    output = project_with_places / "output"
    result = run(project_with_places, "build", "--data", "data", "--output", str(output), "--settings", "pelican.conf.py")
    assert result.returncode == 0, result.stderr[-3000:]
    return output


def test_the_copy_runs_its_own_registry(project_with_places):
    result = run(project_with_places, "validate", "--data", "data")
    assert result.returncode == 0, result.stderr
    assert "1 lieu" in result.stdout  # counted as a record type of its own


def test_a_new_type_has_pages_a_listing_filters_and_a_menu_entry(site):
    place = page(site, "lieux-partages/grange-des-etangs/")
    assert place.h1.get_text() == "Grange des Étangs"
    assert place.find("a", string="Association verte")
    listing = page(site, "lieux-partages/")
    assert [a.get_text() for a in listing.select(".card-title a")] == ["Grange des Étangs"]
    assert page(site, "lieux-partages/theme/environnement/").select(".card-title a")
    menu = [a.get_text() for a in page(site, "").select(".site-nav a")]
    assert menu.index("Lieux") == menu.index("Projets") + 1
    # The commune's page lists what is there, places included, and the organisation's relations reach it.
    commune = page(site, "communes/guyancourt/")
    assert commune.find("h2", id="lieux-partages").get_text() == "Lieux"


def test_a_new_type_is_checked_like_the_others(project_with_places, tmp_path):
    data = shutil.copytree(project_with_places / "data", tmp_path / "data")
    (data / "places" / "grange-des-etangs.yaml").write_text(RECORD.replace("asso-verte", "asso-vert"), "utf-8")
    result = run(project_with_places, "validate", "--data", str(data))
    assert result.returncode == 1
    assert "organisation: organisation inconnue « asso-vert » ; vouliez-vous dire « asso-verte » ?" in result.stderr


def test_a_new_type_is_searched_exported_and_in_a_feed(site):
    folder = next(path.parent for path in (site / "search").glob("*/index.json"))
    index = json.loads((folder / "index.json").read_text("utf-8"))
    assert "Lieu" in json.dumps(index["facets"], ensure_ascii=False)  # its label travels with the index
    node = shutil.which("node")
    if node is not None:  # the browser's search code, run by Node on the built site
        found = subprocess.run([node, str(ROOT / "annuaire" / "search" / "query.js"), str(site), "grange"],
                               capture_output=True, text=True, timeout=120, check=True).stdout
        first = json.loads(found.splitlines()[0])
        assert (first["type"], first["ref"]) == ("place", "lieux-partages/grange-des-etangs/")
    rows = list(csv.DictReader((site / "donnees" / "lieux-partages.csv").read_text("utf-8-sig").splitlines()))
    assert [(row["id"], row["organisation"]) for row in rows] == [("grange-des-etangs", "asso-verte")]
    package = json.loads((site / "donnees" / "datapackage.json").read_text("utf-8"))
    resource = next(r for r in package["resources"] if r["name"] == "lieux-partages-csv")
    assert resource["schema"]["foreignKeys"] == [{"fields": ["organisation"], "reference": {"resource": "organisations-csv", "fields": ["id"]}}]
    feed = (site / "flux" / "lieux-partages.atom.xml").read_text("utf-8")
    assert "Grange des Étangs" in feed
    head = page(site, "")
    assert head.find("link", rel="alternate", title="Nouveaux lieux")


def test_make_new_knows_the_new_type(project_with_places, tmp_path):
    data = shutil.copytree(project_with_places / "data", tmp_path / "data")
    result = run(project_with_places, "new", "lieu", "nom=Atelier partagé", "organisation=asso-verte",
                 "resume=Un atelier équipé, ouvert aux bénévoles le samedi.", "themes=environnement",
                 "--data", str(data), "--no-input", "--today", TODAY)
    assert result.returncode == 0, result.stderr
    assert (data / "places" / "asso-verte-atelier-partage.yaml").is_file()
