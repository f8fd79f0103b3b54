"""Gate 7: the same data gives byte-identical sites, built in other folders, at another time, by another process.

tests/test_site.py builds the sample twice in one process; here the second build runs in a
fresh process (another hash seed, so set and dict orders would show), from a copy of the data
in another folder whose files have other modification times, into another folder, after a pause.
"""

from __future__ import annotations

import filecmp
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from .conftest import FIGURES, ROOT
from .torture import TODAY, write_torture_data


def differences(first: Path, second: Path) -> list[str]:
    """Files that exist on one side only or differ in content (compared byte by byte)."""
    found = []

    def walk(comparison, prefix=""):
        found.extend(prefix + name for name in comparison.left_only + comparison.right_only + comparison.funny_files)
        _same, different, errors = filecmp.cmpfiles(comparison.left, comparison.right, comparison.common_files, shallow=False)
        found.extend(prefix + name for name in different + errors)
        for name, sub in comparison.subdirs.items():
            walk(sub, f"{prefix}{name}/")

    walk(filecmp.dircmp(first, second))
    return sorted(found)


def build_elsewhere(data: Path, workdir: Path, today: str | None = None) -> Path:
    """Copy `data` into `workdir`, age its files, wait, and build it in a new process with another hash seed."""
    copy = workdir / "donnees copiées"
    shutil.copytree(data, copy)
    for path in copy.rglob("*"):
        os.utime(path, (946_684_800, 946_684_800))  # 2000-01-01
    time.sleep(1.1)
    output = workdir / "ailleurs" / "site"
    env = {key: value for key, value in os.environ.items() if key not in ("SITEURL", "OUTPUT", "DATA", "ANNUAIRE_TODAY")}
    env.update(PYTHONHASHSEED="4242", TZ="Pacific/Kiritimati", **({"ANNUAIRE_TODAY": today} if today else {}))
    started = time.perf_counter()
    completed = subprocess.run(
        [sys.executable, "-m", "annuaire", "build", "--data", str(copy), "--output", str(output), "--settings", str(ROOT / "pelican.conf.py")],
        cwd=workdir, env=env, capture_output=True, text=True, timeout=600, check=False,
    )
    assert completed.returncode == 0, completed.stderr
    FIGURES[f"construction dans un autre processus ({data.name})"] = f"{time.perf_counter() - started:.1f} s"
    return output


def test_sample_site_is_the_same_built_elsewhere_and_later(built_site, tmp_path):
    assert differences(built_site, build_elsewhere(ROOT / "data", tmp_path)) == []


def test_torture_data_and_site_are_the_same_generated_and_built_elsewhere(torture_data, torture_site, tmp_path):
    again = write_torture_data(tmp_path / "torture-again")
    assert differences(torture_data, again) == []
    assert differences(torture_site, build_elsewhere(again, tmp_path, TODAY)) == []


def test_planted_differences_are_reported(built_site, tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(built_site, copy)
    page = copy / "a-propos" / "index.html"
    page.write_bytes(page.read_bytes().replace(b"</h1>", b" </h1>", 1))
    (copy / "themes" / "en-trop.html").write_text("x", "utf-8")
    (copy / "robots.txt").unlink(missing_ok=True)
    expected = ["a-propos/index.html", "themes/en-trop.html"] + (["robots.txt"] if (built_site / "robots.txt").exists() else [])
    assert differences(built_site, copy) == sorted(expected)
