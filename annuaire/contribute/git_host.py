"""The git host's pages of a record file (GitHub, GitLab), for those who propose a change there."""

from __future__ import annotations

from annuaire.record_types import RecordType


def file_links(repository: dict | None, kind: RecordType, slug: str) -> dict[str, str]:
    """{"edit": the page editing an existing file, "new": the folder's new-file page}; {} without a host.

    `repository`: {"host": "github" or "gitlab", "url": ..., "branch": "main", "data": the data
    folder in the repository, "data" by default}. GitHub and GitLab both fork for a person who may
    not write to the repository, then propose the change.
    """
    if not repository:
        return {}
    base, branch = repository["url"].rstrip("/"), repository.get("branch", "main")
    folder = f"{repository.get('data', 'data')}/{kind.folder}"
    separator = "/-/" if repository.get("host") == "gitlab" else "/"
    return {
        "edit": f"{base}{separator}edit/{branch}/{folder}/{slug}.yaml",
        "new": f"{base}{separator}new/{branch}/{folder}",
    }
