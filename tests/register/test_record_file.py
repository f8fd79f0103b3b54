"""A record file changed field by field: every line a person wrote stays as it was."""

from annuaire.records.yaml_source import parse
from annuaire.register.record_file import DELETE, field_order, render, update

ORDER = field_order("organisation.schema.json")
RECORD = {
    "nom": "Les Amis", "type": "association", "resume": "Une phrase : avec deux points.", "description": "ligne 1\nligne 2",
    "themes": ["culture", "sport"], "commune": "guyancourt", "coordonnees": {"lat": 48.7, "lon": 2.07}, "fondee_en": 1990,
    "mis_a_jour": "2025-01-02", "registre": {"source": "rna_waldec", "maj": "2025-01-02 10:00:00", "empreintes": {"nom": "abcdef01"}},
}


def test_render_in_schema_order_reads_back_the_same():
    text = render("# en-tête\n", dict(reversed(list(RECORD.items()))), ORDER)
    assert text.startswith("# en-tête\nnom: Les Amis\ntype: association\n")
    assert "coordonnees: {lat: 48.7, lon: 2.07}\n" in text and 'maj: "2025-01-02 10:00:00"' in text
    assert parse(text).data == RECORD


def test_update_touches_only_the_changed_fields():
    text = render("# en-tête\n", RECORD, ORDER).replace("themes:", "# un commentaire de quelqu'un\nthemes:")
    text = text.replace("commune: guyancourt", "commune: guyancourt  # siège")
    changed = update(text, {"sigle": "LA", "resume": "Un autre résumé.", "description": DELETE, "adresse": "1 rue X", "dissoute": True}, ORDER)
    assert parse(changed).data == {
        **{key: value for key, value in RECORD.items() if key != "description"},
        "sigle": "LA", "resume": "Un autre résumé.", "adresse": "1 rue X", "dissoute": True,
    }
    kept = [line for line in text.splitlines() if not line.startswith(("resume:", "description:", "  ligne"))]
    assert [line for line in changed.splitlines() if line in kept] == kept  # every other line, in order
    assert "# un commentaire de quelqu'un\nthemes:" in changed and "commune: guyancourt  # siège" in changed
    assert changed.index("sigle:") < changed.index("type:") and changed.index("adresse:") < changed.index("commune:")


def test_empty_groups_and_a_file_without_final_newline():
    text = update("nom: X", {"registre": {"source": "rna_import", "maj": "2025-01-02 10:00:00", "empreintes": {}}}, ORDER)
    assert parse(text).data == {"nom": "X", "registre": {"source": "rna_import", "maj": "2025-01-02 10:00:00", "empreintes": {}}}


def test_every_text_reads_back_as_written():
    """Texts written without quotes (fast) and with them (PyYAML) read back the same, whatever they hold."""
    import random

    from annuaire.register.record_file import scalar_text

    tricky = ["yes", "No", "null", "true", "on", "Off", "a: b", "a #b", "a:", "a:b", "É l'été", "x ", "1990", "2025-01-02", "- x", "'q'", '"q"',
              "a\u2028b", "a\x85b", "a\ufeffb", "a\tb", "[x]", "{x}", "x, y", "x]", "&x", "*x", "!x", "%x", "@x", "`x", "|x", ">x", "?x", "ok?"]
    alphabet = "aZé '\":#-,[]{}!&*%@`|>?\t\\/.0123456789\u00a0\u2028\x85"
    rng = random.Random(2026)
    samples = tricky + ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 12))) for _ in range(3000)]
    for value in samples:
        assert parse(f"champ: {scalar_text(value)}\n").data == {"champ": value}, repr(value)
