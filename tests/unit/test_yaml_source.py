import pytest

from annuaire.records.yaml_source import MAX_BYTES, YamlError, load_file, parse


def test_lines_of_every_field_are_kept():
    document = parse("nom: X\npartenaires:\n  - organisation: a\n    role: porteur\n")
    assert document.data == {"nom": "X", "partenaires": [{"organisation": "a", "role": "porteur"}]}
    assert document.line_of(("partenaires", 0, "role")) == 4
    assert document.line_of(("partenaires", 0, "absent")) == 3
    assert document.line_of(()) == 1


def test_dates_stay_strings_for_the_schema():
    assert parse("d: 2026-11-13\n").data == {"d": "2026-11-13"}


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("a: &x [1]\nb: *x\n", 2, "ancres et alias"),
        ("a: 1\na: 2\n", 2, "écrit deux fois"),
        ("a:\n\t- b\n", 2, "tabulation"),
        ("a: !!python/object/apply:os.system [ls]\n", 1, "étiquette YAML non permise"),
        ("a: !custom x\n", 1, "étiquette YAML non permise"),
        ("<<: {a: 1}\n", 1, "nom de champ invalide"),
        ("", 1, "vide"),
        ("a: 1\n---\nb: 2\n", 2, "un seul document"),
        ("[" * 40 + "]" * 40, 1, "imbriquée"),
        ("a: 1\nb: x\x00y\n", 2, "caractère de contrôle interdit (U+0000"),
        ("a: 1\nb: x\x7fy\n", 2, "caractère de contrôle interdit (U+007F"),
        ("a: " + "9" * 5000 + "\n", 1, "nombre trop long"),
    ],
)
def test_unsafe_or_broken_yaml_is_refused_with_a_french_message(text, line, message):
    with pytest.raises(YamlError) as raised:
        parse(text)
    assert raised.value.line == line
    assert message in raised.value.message


# Alias bombs, huge files, deep nesting and encodings through the whole loader, with time and
# memory bounds: tests/quality/test_robust_loading.py.


def test_file_reading_handles_bom_size_and_encoding(tmp_path):
    bom = tmp_path / "bom.yaml"
    bom.write_bytes("\ufeffnom: Café\n".encode("utf-8"))
    document, problems = load_file(bom, "bom.yaml")
    assert problems == [] and document.data == {"nom": "Café"}

    latin = tmp_path / "latin.yaml"
    latin.write_bytes("a: 1\nnom: Caf\xe9\n".encode("latin-1"))
    document, problems = load_file(latin, "latin.yaml")
    assert document is None and problems[0].line == 2 and "UTF-8" in problems[0].message

    huge = tmp_path / "huge.yaml"
    huge.write_bytes(b"a: " + b"x" * (MAX_BYTES + 1))
    document, problems = load_file(huge, "huge.yaml")
    assert document is None and "trop gros" in problems[0].message


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        ("nom: x\n\ttype: y\n", 2, 1),  # the tab itself
        ("nom: x\n  nom: y\n", 2, 6),  # indented under a value: where the « : » surprises
        ("a: 1\na: 2\n", 2, 1),  # the second key
        ('nom: "ouvert\ntype: x\n', 1, 6),  # the quote left open, not the end of the file
        ("themes: [a, b\nx: 1\n", 1, 9),  # the bracket left open
        ("nom: !!python/object/apply:os.system [ls]\n", 1, 6),  # the tag
        ("a: 1\nb: x\x00y\n", 2, 5),  # the control character
    ],
)
def test_errors_point_at_their_column(text, line, column):
    with pytest.raises(YamlError) as raised:
        parse(text)
    assert (raised.value.line, raised.value.column) == (line, column)
