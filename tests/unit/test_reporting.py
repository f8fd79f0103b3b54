"""One Problem, every form: the terminal, GitHub Actions workflow commands, GitLab Code Quality."""

import json

from annuaire.contribute import reporting
from annuaire.problems import Problem
from annuaire.records.yaml_source import parse

ERROR = Problem("data/offers/salle.yaml", 4, "conditions.type", "valeur « gratis » inconnue ; valeurs permises : gratuit, location", column=3)
WARNING = Problem("data/organisations/asso.yaml", 12, "mis_a_jour", "fiche non vérifiée depuis le 2025-01-01 (400 jours)", column=1)
FILE_LEVEL = Problem("data/organisations/Ma Structure.yaml", 0, "", "nom de fichier invalide")


def test_a_problem_reads_path_line_column_field_message():
    assert str(ERROR) == "data/offers/salle.yaml:4:3: conditions.type: valeur « gratis » inconnue ; valeurs permises : gratuit, location"
    assert str(Problem("a.yaml", 2, "", "tabulation interdite")) == "a.yaml:2: tabulation interdite"  # column unknown
    assert str(FILE_LEVEL) == "data/organisations/Ma Structure.yaml: nom de fichier invalide"
    # Positional construction keeps working (file, line, field, message); problems sort by place.
    assert sorted([Problem("a", 1, "z", "m", column=9), Problem("a", 1, "b", "m", column=2)])[0].field == "b"


def test_yaml_positions_are_the_keys_and_the_items():
    document = parse("nom: X\ncontact:\n  email: a@b.fr\nthemes: [un, deux]\n")
    assert document.position_of(("contact", "email")) == (3, 3)
    assert document.position_of(("themes", 1)) == (4, 14)
    assert document.position_of(("contact", "absent")) == (2, 1)
    assert document.position_of(()) == (1, 1)


def test_terminal_report_puts_warnings_after_errors():
    text = reporting.terminal([ERROR], [WARNING])
    assert text.splitlines() == [
        "1 problème dans les données, rien n'est publié :",
        str(ERROR),
        "",
        "1 avertissement (la publication n'est pas bloquée) :",
        str(WARNING),
    ]
    assert reporting.terminal([], []) == ""


def test_ci_host_is_read_from_the_environment():
    assert reporting.ci_host({"GITHUB_ACTIONS": "true"}) == "github"
    assert reporting.ci_host({"GITLAB_CI": "true"}) == "gitlab"
    assert reporting.ci_host({"CI": "true"}) is None


def test_github_workflow_commands_escape_their_properties_and_message():
    assert reporting.github_command(ERROR) == (
        "::error file=data/offers/salle.yaml,line=4,col=3,title=conditions.type::"
        "valeur « gratis » inconnue ; valeurs permises : gratuit, location"
    )
    tricky = Problem("data/a,b:c.yaml", 1, "x", "100 % sûr\nsur deux lignes", column=2)
    assert reporting.github_command(tricky, "warning") == "::warning file=data/a%2Cb%3Ac.yaml,line=1,col=2,title=x::100 %25 sûr%0Asur deux lignes"
    assert reporting.github_command(FILE_LEVEL) == "::error file=data/organisations/Ma Structure.yaml,title=données::nom de fichier invalide"


def test_gitlab_code_quality_report():
    issues = json.loads(reporting.gitlab_report([ERROR, FILE_LEVEL], [WARNING]))
    assert [issue["severity"] for issue in issues] == ["major", "major", "minor"]
    assert issues[0]["location"] == {"path": "data/offers/salle.yaml", "lines": {"begin": 4}}
    assert issues[0]["description"].startswith("conditions.type : valeur « gratis » inconnue")
    assert issues[1]["location"]["lines"]["begin"] == 1  # GitLab wants a line: the file's first
    assert len({issue["fingerprint"] for issue in issues}) == 3
    assert all(set(issue) == {"description", "check_name", "fingerprint", "severity", "location"} for issue in issues)


def test_a_field_is_named_in_words_with_french_ordinals():
    from annuaire.problems import field_name, ordinal

    assert [ordinal(number) for number in (1, 2, 3, 10, 21)] == ["1re", "2e", "3e", "10e", "21e"]
    assert field_name(("contact", "email")) == "contact.email"
    assert field_name(("themes", 0)) == "themes (1re valeur)"
    assert field_name(("themes", 1)) == "themes (2e valeur)"
    assert field_name(("partenaires", 2, "role")) == "partenaires (3e valeur), role"
    assert field_name(("partenaires", 0, "contact", "email")) == "partenaires (1re valeur), contact.email"
    assert field_name((4, "id")) == "5e valeur, id"  # an item of a list file (themes.yaml)
    assert field_name(()) == ""


def test_a_field_named_in_words_stays_one_annotation_title():
    problem = Problem("data/projects/p.yaml", 8, "partenaires (2e valeur), role", "valeur « x » inconnue", column=5)
    assert reporting.github_command(problem) == (
        "::error file=data/projects/p.yaml,line=8,col=5,title=partenaires (2e valeur)%2C role::valeur « x » inconnue"
    )
    assert reporting.gitlab_issue(problem, "major")["description"] == "partenaires (2e valeur), role : valeur « x » inconnue"
