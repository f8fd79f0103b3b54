"""The pull-request checks: GitHub Actions workflows and GitLab CI, valid for their hosts and running our make commands.

Each file is checked against its host's published schema (SchemaStore's, vendored in
check-jsonschema, so no network), its jobs are read, every `make` command it runs must be
a target of the Makefile (`make -n`), and the commands are run: `make validate` as each
host runs it (annotations, Code Quality report), `make html` as the Pages jobs run it.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys

import pytest
import yaml
from conftest import ROOT

from annuaire.contribute import reporting

WORKFLOWS = ROOT / ".github" / "workflows"
GITLAB = ROOT / ".gitlab-ci.yml"
# Values a host would give its expressions and variables, for running the commands here.
SAMPLES = {
    "${{ steps.pages.outputs.base_url }}": "https://exemple.github.io/annuaire",
    "$CI_PAGES_URL": "https://exemple.gitlab.io/annuaire",
}


def load(path):
    return yaml.safe_load(path.read_text("utf-8"))


def workflow(name):
    document = load(WORKFLOWS / name)
    document["on"] = document.pop(True, document.get("on"))  # YAML 1.1 reads the key `on` as true
    return document


def github_commands(document):
    return [step["run"] for job in document["jobs"].values() for step in job["steps"] if "run" in step]


def gitlab_jobs(document):
    return {name: job for name, job in document.items() if isinstance(job, dict) and "script" in job}


def make_commands(commands):
    """Every `make …` line, its arguments split as the shell would."""
    found = []
    for command in commands:
        for line in command.splitlines():
            for expression, value in SAMPLES.items():
                line = line.replace(expression, value)
            if line.strip().startswith("make"):
                found.append(shlex.split(line)[1:])
    return found


def run_make(arguments, env=None, dry=False):
    environment = {key: value for key, value in os.environ.items() if key not in ("GITHUB_ACTIONS", "GITLAB_CI", "SITEURL", "DATA", "OUTPUT", "MAKEFLAGS", "MAKELEVEL", "MFLAGS")}
    environment.update(env or {})
    return subprocess.run(
        ["make", "--no-print-directory", *(["-n"] if dry else []), *arguments],
        cwd=ROOT, env=environment, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=600, check=False,
    )


@pytest.mark.parametrize(("schema", "paths"), [
    ("vendor.github-workflows", sorted(WORKFLOWS.glob("*.yml"))),
    ("vendor.gitlab-ci", [GITLAB]),
])
def test_ci_files_are_valid_for_their_hosts(schema, paths):
    pytest.importorskip("check_jsonschema")
    assert paths
    result = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, *map(str, paths)],
        capture_output=True, text=True, timeout=120, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_github_checks_every_pull_request_with_our_make_commands():
    checks = workflow("verifier.yml")
    assert "pull_request" in checks["on"]
    assert checks["permissions"] == {"contents": "read"}
    commands = github_commands(checks)
    assert commands == ["make setup", "make validate", "make test", "make html"]
    uses = [step["uses"].split("@")[0] for job in checks["jobs"].values() for step in job["steps"] if "uses" in step]
    assert uses == ["actions/checkout", "actions/setup-python", "actions/setup-node"]


def test_github_deploys_main_to_pages_with_the_official_actions():
    pages = workflow("publier.yml")
    assert pages["on"]["push"]["branches"] == ["main"]
    assert pages["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    build, deploy = pages["jobs"]["construire"], pages["jobs"]["publier"]
    steps = {step["uses"].split("@")[0]: step for step in build["steps"] if "uses" in step}
    assert steps["actions/upload-pages-artifact"]["with"]["path"] == "output"  # the Makefile's OUTPUT
    assert "actions/configure-pages" in steps
    assert deploy["needs"] == "construire" and deploy["environment"]["name"] == "github-pages"
    assert [step["uses"].split("@")[0] for step in deploy["steps"]] == ["actions/deploy-pages"]
    assert github_commands(pages) == ["make validate", 'make html SITEURL="${{ steps.pages.outputs.base_url }}"']
    assert build["steps"][-2]["env"] == {"ANNUAIRE_ADMIN_BACKEND": "${{ vars.ANNUAIRE_ADMIN_BACKEND }}"}


def test_gitlab_checks_merge_requests_and_publishes_the_default_branch():
    document = load(GITLAB)
    conditions = [rule["if"] for rule in document["workflow"]["rules"]]
    assert conditions == ['$CI_PIPELINE_SOURCE == "merge_request_event"', "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"]
    jobs = gitlab_jobs(document)
    assert {name: job["script"] for name, job in jobs.items()} == {
        "donnees": ["make validate"],
        "tests": ["make test"],
        "site": ["make html"],
        "pages": ['make html OUTPUT=public SITEURL="$CI_PAGES_URL"'],
    }
    assert jobs["donnees"]["artifacts"]["reports"]["codequality"] == reporting.GITLAB_REPORT
    assert jobs["donnees"]["artifacts"]["when"] == "always"
    assert jobs["pages"]["artifacts"]["paths"] == ["public"]
    assert jobs["pages"]["rules"] == [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]
    assert jobs["site"]["rules"] == [{"if": '$CI_PIPELINE_SOURCE == "merge_request_event"'}]
    assert set(job["stage"] for job in jobs.values()) <= set(document["stages"])
    # The image brings Node.js 20; Python, venv and make come from Debian, as the README asks.
    assert document["default"]["image"].startswith("node:20")


def test_every_make_command_of_the_ci_files_is_a_makefile_target():
    commands = [command for path in sorted(WORKFLOWS.glob("*.yml")) for command in github_commands(workflow(path.name))]
    commands += [line for job in gitlab_jobs(load(GITLAB)).values() for line in job["script"]]
    arguments = make_commands(commands)
    assert {args[0] for args in arguments} == {"setup", "validate", "test", "html"}
    targets = set(re.findall(r"^([a-z][a-z-]*):", (ROOT / "Makefile").read_text("utf-8"), re.MULTILINE))
    for args in arguments:
        assert args[0] in targets
        dry = run_make(args, dry=True)
        assert dry.returncode == 0, (args, dry.stderr)


def test_make_validate_as_github_runs_it_annotates_nothing_on_valid_data():
    result = run_make(["validate"], env={"GITHUB_ACTIONS": "true"})
    assert result.returncode == 0, result.stderr
    assert "Données valides" in result.stdout
    assert not any(line.startswith("::error") for line in result.stdout.splitlines())


def test_make_validate_as_gitlab_runs_it_writes_the_code_quality_report():
    report = ROOT / reporting.GITLAB_REPORT
    existed = report.exists()
    try:
        result = run_make(["validate"], env={"GITLAB_CI": "true"})
        assert result.returncode == 0, result.stderr
        issues = json.loads(report.read_text("utf-8"))
        assert all(issue["severity"] == "minor" for issue in issues)  # valid data: warnings at most
    finally:
        if not existed:
            report.unlink(missing_ok=True)


def test_make_html_as_the_pages_jobs_run_it(tmp_path):
    """The GitLab `pages` command (OUTPUT sent to a temporary folder), with a GitLab backend for the editor."""
    backend = {"name": "gitlab", "repo": "exemple/annuaire", "branch": "main", "auth_type": "pkce", "app_id": "abc"}
    (pages_command,) = make_commands(gitlab_jobs(load(GITLAB))["pages"]["script"])
    arguments = [argument if not argument.startswith("OUTPUT=") else f"OUTPUT={tmp_path / 'public'}" for argument in pages_command]
    result = run_make(arguments, env={"ANNUAIRE_ADMIN_BACKEND": json.dumps(backend)})
    assert result.returncode == 0, result.stderr
    public = tmp_path / "public"
    assert (public / "index.html").is_file()
    config = yaml.safe_load((public / "admin" / "config.yml").read_text("utf-8"))
    assert config["backend"] == backend and config["site_url"] == "https://exemple.gitlab.io/annuaire"
    assert (public / "sitemap.xml").is_file()  # SITEURL given: the absolute sitemap is written


def test_pull_request_template_and_contributing_guide_exist_in_french():
    template = (ROOT / ".github" / "pull_request_template.md").read_text("utf-8")
    assert "make validate" in template and "Vérifications" in template
    guide = (ROOT / "CONTRIBUTING.md").read_text("utf-8")
    for command in ("make new TYPE=offer", "make validate", "make stale", "ANNUAIRE_ADMIN_BACKEND", "editorial workflow"):
        assert command in guide
