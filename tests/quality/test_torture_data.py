"""The torture data is what it claims: valid for the project's own loader, every optional field empty
in one record and full, at its maximum length, in another, of every record type."""

from __future__ import annotations

import datetime

import pytest
import yaml

from annuaire.record_types import RECORD_TYPES
from annuaire.records import schemas
from annuaire.records.loader import validate

from .torture import TODAY


def test_torture_data_is_valid(torture_data):
    assert validate(torture_data, datetime.date.fromisoformat(TODAY)) == []


@pytest.mark.parametrize("record_type", RECORD_TYPES, ids=lambda record_type: record_type.name)
def test_one_record_has_no_optional_field_and_one_has_them_all_at_their_limit(torture_data, record_type):
    top = {path: (node, required) for path, node, required in schemas.fields(record_type.schema) if "." not in path}
    folder = torture_data / record_type.folder
    empty = yaml.safe_load((folder / "champs-vides.yaml").read_text("utf-8"))
    full = yaml.safe_load((folder / "champs-pleins.yaml").read_text("utf-8"))
    assert set(empty) == {path for path, (_node, required) in top.items() if required}
    assert set(full) == set(top)
    short = {path: (len(full[path]), node["maxLength"]) for path, (node, _r) in top.items()
             if "maxLength" in node and isinstance(full[path], str) and len(full[path]) != node["maxLength"]}
    assert short == {}
