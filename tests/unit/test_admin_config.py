"""The web editor's help texts speak to a volunteer: how to choose, never which file of data/."""

import pytest

from annuaire.contribute import decap_config
from annuaire.record_types import REFERENCES

CHOICES = {"theme": {"environnement": "Environnement"}, "commune": {"guyancourt": "Guyancourt"}}
GITHUB = {"name": "github", "repo": "exemple/annuaire", "branch": "main"}


def texts(configuration):
    """Every help text and collection description, with where it is."""
    found = []

    def walk(fields, where):
        for field in fields:
            if "hint" in field:
                found.append((f"{where}.{field['name']}", field["hint"]))
            walk(field.get("fields", []), f"{where}.{field['name']}")

    for collection in configuration["collections"]:
        found.append((collection["name"], collection["description"]))
        walk(collection["fields"], collection["name"])
    return found


def fields_by_name(collection):
    found = {}

    def walk(fields, prefix):
        for field in fields:
            found[prefix + field["name"]] = field
            walk(field.get("fields", []), prefix + field["name"] + ".")

    walk(collection["fields"], "")
    return found


@pytest.mark.parametrize("backend", [GITHUB, {"name": "test-repo"}], ids=["github", "test-repo"])
def test_help_texts_never_speak_of_files(backend):
    found = texts(decap_config.config(backend, CHOICES))
    assert len(found) > 50
    for where, text in found:
        assert text.strip(), where
        assert "data/" not in text and "nom du fichier" not in text and ".yaml" not in text, (where, text)


def test_menus_say_how_to_choose():
    collections = {c["name"]: c for c in decap_config.config(GITHUB, CHOICES)["collections"]}
    offer = fields_by_name(collections["offers"])
    assert offer["organisation"]["widget"] == "relation"
    assert offer["organisation"]["hint"] == "Choisissez l'organisation dans la liste : tapez quelques lettres de son nom."
    assert offer["themes"]["hint"] == "Choisissez un ou plusieurs thèmes dans la liste."
    assert offer["commune"]["hint"] == "Choisissez la commune dans la liste."
    project = fields_by_name(collections["projects"])
    assert project["partenaires.organisation"]["hint"].startswith("Choisissez l'organisation dans la liste")
    assert project["communes"]["hint"] == "Choisissez une ou plusieurs communes dans la liste."
    assert project["partenaires"]["hint"] == "Les organisations du projet et leur rôle."  # the schema's text, its file clause cut


def test_every_reference_has_a_choosing_hint():
    for path, target in REFERENCES.items():
        for multiple in (False, True):
            if (target, multiple) in decap_config.CHOICE_HINTS:
                assert decap_config.hint(path, {"type": "array" if multiple else "string"}).startswith("Choisissez"), path


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Identifiant de l'organisation concernée (un fichier de data/organisations/).", "Identifiant de l'organisation concernée."),
        ("Un projet. Un fichier par projet dans data/projects/ ; le nom du fichier est l'identifiant.", "Un projet."),
        ("Les organisations et leur rôle ; chacune a sa fiche dans data/organisations/.", "Les organisations et leur rôle."),
        ("Rien à retirer : un texte ordinaire.", "Rien à retirer : un texte ordinaire."),
    ],
)
def test_for_volunteers_cuts_what_speaks_of_files(text, expected):
    assert decap_config.for_volunteers(text) == expected
