"""What a new import may change in a record, so that it never overwrites a person's edit.

The import keeps, in the record's `registre.empreintes`, a short fingerprint of each
value it wrote. At the next import a field is the register's to update only while
its value still has that fingerprint: once someone edits or removes it, it is theirs.
A field the import never wrote (a record made by hand) is only filled when empty.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

from annuaire.register.record_file import DELETE

# The fields a register row gives, in the order of the schema.
REGISTER_FIELDS = (
    "nom", "titre_officiel", "sigle", "type", "resume", "description", "themes", "adresse", "code_postal", "commune",
    "site_web", "contact", "rna", "siret", "fondee_en", "dissoute", "mis_a_jour",
)
# Never fingerprinted, only filled when missing: the number says which association a record is.
IDENTITY = ("rna", "type")  # `type` too: always « association » from the register, a person's choice otherwise


def fingerprint(value) -> str:
    canonical = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:8]


@dataclass
class Plan:
    """The changes to one record's top-level fields, and the fields a person's edit kept."""

    changes: dict = field(default_factory=dict)
    kept_edits: list[str] = field(default_factory=list)


def new_record(imported: dict, provenance: dict) -> dict:
    """A record the import creates: every field fingerprinted."""
    prints = {name: fingerprint(imported[name]) for name in REGISTER_FIELDS if name in imported and name not in IDENTITY}
    return {**imported, "registre": {**provenance, "empreintes": prints}}


def plan(existing: dict, imported: dict, provenance: dict) -> Plan:
    """The changes that bring `existing` up to date with the register, field by field."""
    result = Plan()
    registre = existing.get("registre") if isinstance(existing.get("registre"), dict) else {}
    old_prints = registre.get("empreintes") if isinstance(registre.get("empreintes"), dict) else {}
    prints = dict(old_prints)
    for name in REGISTER_FIELDS:
        new, current = imported.get(name), existing.get(name)
        if name in IDENTITY:
            if current is None and new is not None:
                result.changes[name] = new
            continue
        if name in old_prints:
            if current is None or fingerprint(current) != old_prints[name]:
                result.kept_edits.append(name)  # edited or removed since the last import: the person's choice stands
                continue
            if new is None:
                result.changes[name] = DELETE
                del prints[name]
            elif new != current:
                result.changes[name] = new
                prints[name] = fingerprint(new)
        elif current is None and new is not None:
            result.changes[name] = new
            prints[name] = fingerprint(new)
    if result.changes or registre.get("maj") != provenance["maj"] or registre.get("source") != provenance["source"] or prints != old_prints:
        # The provenance follows the register's own update time, not the file's: a new monthly file alone changes nothing.
        result.changes["registre"] = {**provenance, "empreintes": prints}
    return result
