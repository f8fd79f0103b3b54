"""Problems told to people and to CI hosts: the terminal, GitHub Actions, GitLab CI.

The same `Problem` objects feed every form. Errors stop publication; warnings
(records to check again) do not, and always come after the errors.

- Terminal: `path:line:column: field: message`, in French.
- GitHub Actions (GITHUB_ACTIONS=true): workflow commands on standard output,
  `::error file=…,line=…,col=…,title=…::message`, shown on the pull request's lines.
- GitLab CI (GITLAB_CI=true): a Code Quality report (JSON), which the merge
  request shows once `.gitlab-ci.yml` declares it in `artifacts:reports:codequality`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping

from annuaire.problems import Problem

GITLAB_REPORT = "gl-code-quality-report.json"


def _count(number: int, word: str) -> str:
    return f"{number} {word}{'s' if number > 1 else ''}"


def terminal(errors: list[Problem], warnings: list[Problem]) -> str:
    """The text a person reads: errors first, then warnings, each block with its heading."""
    blocks = []
    if errors:
        blocks.append(f"{_count(len(errors), 'problème')} dans les données, rien n'est publié :\n" + "\n".join(map(str, errors)))
    if warnings:
        blocks.append(
            f"{_count(len(warnings), 'avertissement')} (la publication n'est pas bloquée) :\n" + "\n".join(map(str, warnings))
        )
    return "\n\n".join(blocks)


def ci_host(environ: Mapping[str, str]) -> str | None:
    """'github' or 'gitlab' when running on that host's CI, else None."""
    if environ.get("GITHUB_ACTIONS") == "true":
        return "github"
    if environ.get("GITLAB_CI") == "true":
        return "gitlab"
    return None


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_command(problem: Problem, level: str = "error") -> str:
    """One workflow command; GitHub places it on the file's line in the pull request."""
    properties = [f"file={_escape_property(problem.file)}"]
    if problem.line:
        properties.append(f"line={problem.line}")
        if problem.column:
            properties.append(f"col={problem.column}")
    title = problem.field or ("avertissement" if level == "warning" else "données")
    properties.append(f"title={_escape_property(title)}")
    return f"::{level} {','.join(properties)}::{_escape_data(problem.message)}"


def github_commands(errors: list[Problem], warnings: list[Problem]) -> list[str]:
    return [github_command(problem) for problem in errors] + [github_command(problem, "warning") for problem in warnings]


def gitlab_issue(problem: Problem, severity: str) -> dict:
    """One entry of GitLab's Code Quality report (a subset of the Code Climate format)."""
    fingerprint = hashlib.sha256("\0".join((problem.file, problem.field, problem.message)).encode("utf-8")).hexdigest()
    description = f"{problem.field} : {problem.message}" if problem.field else problem.message
    return {
        "description": description,
        "check_name": "annuaire-validate",
        "fingerprint": fingerprint,
        "severity": severity,
        "location": {"path": problem.file, "lines": {"begin": max(problem.line, 1)}},
    }


def gitlab_report(errors: list[Problem], warnings: list[Problem]) -> str:
    issues = [gitlab_issue(problem, "major") for problem in errors] + [gitlab_issue(problem, "minor") for problem in warnings]
    return json.dumps(issues, ensure_ascii=False, indent=2) + "\n"
