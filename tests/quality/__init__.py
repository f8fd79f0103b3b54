"""Quality gates run in real clients: accessibility, valid HTML, links, hostile content, weight, determinism.

A package, so that its conftest.py is `quality.conftest` and does not shadow the top-level
`conftest` module that other test files import names from.
"""
