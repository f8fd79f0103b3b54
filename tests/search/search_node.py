"""Run the JavaScript side of the search (lunr.js + search-fr.js) in Node, for the tests here.

A helper module, not a conftest.py: the suite's tests import names from the top-level
conftest, which a second conftest module would shadow.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HARNESS = Path(__file__).with_name("lunr_fr_harness.js")
NODE_MODULES = ("lunr",)


def run_node(request: dict):
    """Send one JSON request to the Node harness and return its JSON answer.

    Skips the test (CI installs both) when `node` or the npm packages are missing.
    """
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed: the JavaScript half of the search is not tested")
    missing = [name for name in NODE_MODULES if not (ROOT / "node_modules" / name).is_dir()]
    if missing:
        pytest.skip(f"node_modules lacks {', '.join(missing)}: run `npm ci` (or `make setup`)")
    completed = subprocess.run(
        [node, str(HARNESS)],
        input=json.dumps(request, ensure_ascii=False),
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    return json.loads(completed.stdout)
