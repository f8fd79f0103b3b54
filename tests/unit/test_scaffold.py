"""`make new`: the file written from the schema, the questions asked, the answers checked."""

import datetime
import re
import shutil

import pytest
from conftest import MINIMAL, TODAY
from PIL import Image

from annuaire import cli
from annuaire.contribute import questions, scaffold
from annuaire.record_types import RECORD_TYPES
from annuaire.records.loader import validate
from annuaire.records.yaml_source import parse

DAY = datetime.date.fromisoformat(TODAY)

ANSWERS = {
    "organisation": ["nom=Atelier du Lien", "type=association", "resume=Une association qui répare les objets du quotidien.", "themes=environnement"],
    "offer": ["titre=Salle de 20 places", "organisation=asso-verte", "categorie=locaux", "resume=Notre salle, prêtée le mardi soir.", "conditions.type=gratuit"],
    "need": ["titre=Un vidéoprojecteur", "organisation=mairie-test", "categorie=materiel", "resume=Pour projeter un film en plein air.", "conditions.type=a-definir"],
    "project": [
        "nom=Fête des voisins", "forme=partenariat", "resume=Une fête de quartier préparée à plusieurs.", "statut=idee",
        "partenaires.organisation=asso-verte", "partenaires.role=porteur", "themes=solidarite,environnement",
    ],
}


@pytest.fixture
def data(tmp_path):
    return shutil.copytree(MINIMAL, tmp_path / "data")


@pytest.mark.parametrize("kind", RECORD_TYPES, ids=lambda kind: kind.name)
def test_an_empty_record_lists_every_field_with_its_help(kind):
    text = scaffold.render(kind, {}, DAY)
    assert text.startswith(f"# yaml-language-server: $schema=../../annuaire/schemas/{kind.schema}\n")
    for field in scaffold.fields(kind):
        assert f"# {field.node['title']} (" in text, field.path
        if field.choices:
            assert all(f"{value} ({label})" in text for value, label in field.choices.items())
    document = parse(text)  # valid YAML: the optional fields are comments
    for field in scaffold.top_fields(kind):
        assert (field.name in document.data) == (field.required), field.path
    assert document.data["mis_a_jour"] == TODAY
    assert "À COMPLÉTER" in text


@pytest.mark.parametrize("kind", RECORD_TYPES, ids=lambda kind: kind.name)
def test_a_record_made_from_answers_is_valid(kind, data, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    values = questions.parse_assignments(kind, ANSWERS[kind.name], questions.known_identifiers(data))
    slug = scaffold.suggested_slug(kind, values)
    path = scaffold.create(data, kind, slug, values, DAY)
    assert path.parent.name == kind.folder and path.stem == slug
    assert validate(data, DAY) == []
    with pytest.raises(scaffold.ScaffoldError, match="existe déjà"):
        scaffold.create(data, kind, slug, {}, DAY)
    assert parse(path.read_text("utf-8")).data[kind.title_field] == values[kind.title_field]


def test_every_optional_line_can_be_uncommented_into_a_valid_record(data, tmp_path, monkeypatch):
    """The examples in comments are right: uncomment them all and the record still passes."""
    monkeypatch.chdir(tmp_path)
    kind = scaffold.record_type("offer")
    values = questions.parse_assignments(kind, ANSWERS["offer"], questions.known_identifiers(data))
    text = scaffold.render(kind, values, DAY)
    commented_value = re.compile(r"^(\s*)# (\s*(- |[a-z_]+:).*)$")  # « # champ: valeur », « #   - valeur »; help starts upper case
    body = [commented_value.sub(r"\1\2", line) for line in text.splitlines()]
    uncommented = "\n".join(line for line in body if not line.lstrip().startswith("#")) + "\n"
    uncommented = uncommented.replace("expire_le: 2026-11-13", "expire_le: 2027-11-13").replace("debut: 2026-11-13", "debut: 2026-12-01")
    uncommented = uncommented.replace("fin: 2026-11-13", "fin: 2027-01-01").replace("commune: guyancourt", "commune: trappes")
    (data / "offers" / "toute-complete.yaml").write_text(uncommented, "utf-8")
    record = parse(uncommented).data
    assert {"description", "disponibilite", "capacite", "contact", "coordonnees", "exemple", "photos"} <= set(record)
    Image.new("RGB", (64, 48), "teal").save(data / "offers" / record["photos"][0]["fichier"])  # the photo the example names
    assert validate(data, DAY) == []


def test_slugs_follow_the_file_name_rules(data):
    offer = scaffold.record_type("offre")
    assert scaffold.slugify("Salle « Cœur » de l'Été !") == "salle-coeur-de-l-ete"
    assert scaffold.suggested_slug(offer, {"titre": "Salle de 20 places", "organisation": "asso-verte"}) == "asso-verte-salle-de-20-places"
    assert len(scaffold.slugify("mot " * 40)) <= scaffold.MAX_SLUG
    assert "invalide" in scaffold.slug_problem(offer, "Ma Salle", data)
    assert "réservé" in scaffold.slug_problem(offer, "categorie", data)
    assert "existe déjà" in scaffold.slug_problem(offer, "salle-verte", data)
    with pytest.raises(scaffold.ScaffoldError, match="types permis"):
        scaffold.record_type("evenement")


def test_answers_are_checked_with_french_hints(data):
    kind = scaffold.record_type("offer")
    known = questions.known_identifiers(data)
    fields = {field.path: field for field in scaffold.questions(kind)}
    assert list(fields) == ["titre", "organisation", "categorie", "resume", "themes", "conditions.type", "commune"]
    assert questions.parse_answer(fields["categorie"], "4", known) == "locaux"  # by its number in the list
    assert questions.parse_answer(fields["categorie"], "Locaux et salles", known) == "locaux"  # by its label
    assert questions.parse_answer(fields["themes"], "environnement, solidarite", known) == ["environnement", "solidarite"]
    for path, answer, message in (
        ("categorie", "locau", "vouliez-vous dire « locaux » ?"),
        ("organisation", "asso-vert", "organisation inconnue « asso-vert » ; vouliez-vous dire « asso-verte » ?"),
        ("themes", "environement", "thème inconnu « environement » ; vouliez-vous dire « environnement » ?"),
        ("commune", "guyancour", "commune inconnue « guyancour » ; vouliez-vous dire « guyancourt » ?"),
        ("resume", "court", "trop court (5 caractères, 10 au moins)"),
    ):
        with pytest.raises(questions.AnswerError) as raised:
            questions.parse_answer(fields[path], answer, known)
        assert message in str(raised.value)
    with pytest.raises(scaffold.ScaffoldError, match="titr: champ inconnu ; vouliez-vous dire « titre » ?"):
        questions.parse_assignments(kind, ["titr=Salle"], known)


def test_every_wrong_value_is_told_at_once_in_the_words_of_validate(data):
    kind = scaffold.record_type("offer")
    known = questions.known_identifiers(data)
    assignments = [
        "titre=Salle", "organisation=Association Verte", "categorie=locau", "themes=environement,solidarite,Solidarité",
        "commune=Guyancourt", "resume=court", "titr=x", "sans-egal",
    ]
    with pytest.raises(scaffold.ScaffoldError) as raised:
        questions.parse_assignments(kind, assignments, known)
    assert raised.value.messages == [
        "organisation: organisation inconnue « Association Verte » ; vouliez-vous dire « asso-verte » ?",
        "categorie: valeur « locau » inconnue ; valeurs permises : salarie-partage, competences, benevoles, locaux, materiel, "
        "vehicule, service, autre ; vouliez-vous dire « locaux » ?",
        "themes (1re valeur): thème inconnu « environement » ; vouliez-vous dire « environnement » ?",
        "themes (3e valeur): thème inconnu « Solidarité » ; vouliez-vous dire « solidarite » ?",
        "commune: commune inconnue « Guyancourt » ; vouliez-vous dire « guyancourt » ?",
        "resume: trop court (5 caractères, 10 au moins)",
        "titr: champ inconnu ; vouliez-vous dire « titre » ?",
        "« sans-egal » : écrivez champ=valeur (par exemple titre=\"Salle de réunion\")",
    ]
    with pytest.raises(scaffold.ScaffoldError) as raised:  # known values, but twice: the schema's rule, once
        questions.parse_assignments(kind, ["themes=solidarite,solidarite"], known)
    assert raised.value.messages == ["themes: la liste contient des doublons"]


def test_without_the_lists_a_reference_is_checked_against_its_own_example(data):
    """No data folder to look in: the format is checked, with an example from the right list, not an organisation's."""
    kind = scaffold.record_type("offer")
    with pytest.raises(scaffold.ScaffoldError) as raised:
        questions.parse_assignments(kind, ["commune=Guyancourt", "themes=Solidarité"], {})
    commune, theme = raised.value.messages
    assert commune.startswith("commune: format invalide « Guyancourt » : ") and commune.endswith("exemple : guyancourt")
    assert theme.startswith("themes (1re valeur): format invalide « Solidarité » : ") and theme.endswith("exemple : environnement")


def test_make_new_writes_nothing_and_says_every_problem(data, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    before = sorted(path.name for path in (data / "offers").iterdir())
    code = cli.new("offer", data, "Ma Salle", ["themes=environement", "commune=trapes", "conditions.type=gratuit"], DAY, interactive=False)
    assert code == 1
    assert capsys.readouterr().err.splitlines() == [
        "3 problèmes dans les valeurs, rien n'a été écrit :",
        "NAME: identifiant invalide « Ma Salle » : minuscules sans accents, chiffres et tirets seulement (par exemple « ma-structure »)",
        "themes (1re valeur): thème inconnu « environement » ; vouliez-vous dire « environnement » ?",
        "commune: commune inconnue « trapes » ; vouliez-vous dire « trappes » ?",
    ]
    assert sorted(path.name for path in (data / "offers").iterdir()) == before
    assert cli.new("offer", data, "ma-salle", ["themes=Environnement"], DAY, interactive=False) == 1
    assert capsys.readouterr().err.splitlines() == [
        "Rien n'a été écrit : themes (1re valeur): thème inconnu « Environnement » ; vouliez-vous dire « environnement » ?",
    ]
    assert not (data / "offers" / "ma-salle.yaml").exists()


def test_interactive_questions_insist_until_each_answer_fits(data, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    answers = iter([
        "Atelier vélo",  # nom
        "asociation", "association",  # type: a typo, then right
        "",  # resume: required, asked again
        "Un atelier où l'on apprend à réparer son vélo.",
        "mobilite", "environement, Solidarité", "environnement",  # themes: unknown in the minimal data, two typos, then right
        "",  # commune: optional, skipped
        "",  # identifier: the suggestion
    ])
    said = []
    code = cli.new("organisation", data, None, [], DAY, interactive=True, ask=lambda prompt: next(answers), say=said.append)
    assert code == 0
    text = "\n".join(said)
    assert "vouliez-vous dire « association » ?" in text
    assert "ce champ est obligatoire" in text
    assert "thème inconnu « mobilite »" in text
    assert "  → themes (1re valeur): thème inconnu « environement » ; vouliez-vous dire « environnement » ?" in said
    assert "  → themes (2e valeur): thème inconnu « Solidarité » ; vouliez-vous dire « solidarite » ?" in said
    assert "Fiche créée : data/organisations/atelier-velo.yaml" in text
    assert validate(data, DAY) == []
    record = parse((data / "organisations" / "atelier-velo.yaml").read_text("utf-8")).data
    assert record["type"] == "association" and record["themes"] == ["environnement"] and "commune" not in record


def test_without_a_terminal_missing_values_are_left_to_complete(data, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    said = []
    assert cli.new("need", data, "un-besoin", ["titre=Un besoin"], DAY, interactive=False, say=said.append) == 0
    text = "\n".join(said)
    assert "À compléter avant publication :" in text
    assert "data/needs/un-besoin.yaml:11:1: organisation: à remplir" in text  # left empty: to fill in, not a wrong value
    assert cli.new("need", data, "un-besoin", [], DAY, interactive=False, say=said.append) == 1  # never overwritten
    assert cli.new("need", data, None, [], DAY, interactive=False, say=said.append) == 1  # no title, no identifier
