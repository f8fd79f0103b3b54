"""What a new import may change: the register's fields nobody edited, never a person's."""

from annuaire.register.record_file import DELETE
from annuaire.register.reimport import fingerprint, new_record, plan

PROVENANCE = {"source": "rna_waldec", "fichier": "2025-09-01", "maj": "2025-06-01 10:00:00"}
IMPORTED = {"nom": "Club", "type": "association", "resume": "Jouer au tennis ensemble.", "themes": ["sport"], "commune": "guyancourt", "rna": "W781000001", "mis_a_jour": "2025-06-01"}


def _existing():
    return new_record(dict(IMPORTED), PROVENANCE)


def test_a_new_record_fingerprints_what_it_was_given_but_its_number():
    record = _existing()
    assert set(record["registre"]["empreintes"]) == {"nom", "resume", "themes", "commune", "mis_a_jour"}
    assert record["registre"]["empreintes"]["nom"] == fingerprint("Club")


def test_the_same_row_again_changes_nothing():
    assert plan(_existing(), dict(IMPORTED), PROVENANCE).changes == {}


def test_register_changes_update_only_untouched_fields():
    existing = _existing()
    existing["resume"] = "Le club de tennis de tout le quartier."  # a person's edit
    newer = {**IMPORTED, "nom": "Club de tennis", "resume": "Pratiquer le tennis.", "mis_a_jour": "2025-08-01"}
    result = plan(existing, newer, {**PROVENANCE, "maj": "2025-08-01 09:00:00"})
    assert result.changes["nom"] == "Club de tennis" and result.changes["mis_a_jour"] == "2025-08-01"
    assert "resume" not in result.changes and result.kept_edits == ["resume"]
    prints = result.changes["registre"]["empreintes"]
    assert prints["nom"] == fingerprint("Club de tennis")
    assert prints["resume"] == existing["registre"]["empreintes"]["resume"]  # still the register's: the edit stays detected


def test_a_field_a_person_removed_stays_removed_and_one_the_register_dropped_goes():
    existing = _existing()
    del existing["themes"]
    newer = {key: value for key, value in IMPORTED.items() if key != "resume"}
    result = plan(existing, newer, PROVENANCE)
    assert "themes" not in result.changes and result.changes["resume"] is DELETE


def test_a_hand_made_record_is_only_completed():
    hand_made = {"nom": "Le club de tennis", "type": "collectif", "resume": "Écrit à la main.", "themes": ["culture"], "siret": "x", "mis_a_jour": "2026-01-01"}
    result = plan(hand_made, {**IMPORTED, "adresse": "1 rue X"}, PROVENANCE)
    assert {key: value for key, value in result.changes.items() if key != "registre"} == {"commune": "guyancourt", "rna": "W781000001", "adresse": "1 rue X"}
    assert set(result.changes["registre"]["empreintes"]) == {"commune", "adresse"}


def test_dissolution_is_recorded():
    result = plan(_existing(), {**IMPORTED, "dissoute": True}, {**PROVENANCE, "maj": "2025-10-01 00:00:00"})
    assert result.changes["dissoute"] is True
