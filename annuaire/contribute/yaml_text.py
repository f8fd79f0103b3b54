"""YAML text of one value, by small explicit rules that `browser/record-yaml.js` repeats exactly.

`make new` and the contribution form must write the same bytes for the same values,
so the rules are ours, not an emitter's (PyYAML's quoting depends on many details):

- `True`/`False` as `true`/`false`, `None` as `null`, an integer in decimal; a float
  with its shortest round-trip digits and a point, in fixed notation when its decimal
  exponent is from -4 to 15 (`20.0`, `0.0001`), else as `1.5e+20` (with a dot, as YAML
  1.1 wants); `.inf`, `-.inf`, `.nan`. JavaScript has no float of integral value (JSON
  cannot tell 20.0 from 20): there, such a number below 1e16 is written as an integer,
  as Python writes an `int` (`make new`'s answers give an `int` for `20`).
- A string is plain (unquoted) when nothing can misread it: not empty; every character
  printable (`PRINTABLE`, so no tab, no line break, no control character); no space
  at either end; not starting with an indicator (`INDICATORS`); holding no `: ` nor
  ` #` and not ending with `:`; not a word that some YAML 1.1 or 1.2 reader takes for
  a boolean or null in any case (`RESERVED`: yes, no, on, off, y, n, true, false,
  null, ~, and `=`, `<<`); not looking like a number in either version (`NUMBER`:
  integers, floats, octal, hex, binary, sexagesimal, `.inf`, `.nan`, and more: the
  pattern is deliberately wide); not a YAML 1.1 timestamp (`TIMESTAMP`) unless it is
  a real calendar date `AAAA-MM-JJ`, which stays plain since the project's loader
  keeps dates as text (`annuaire.records.yaml_source`), as the schemas want.
- Any other string is double-quoted with JSON's escapes: `\\"`, `\\\\`, `\\b`, `\\t`,
  `\\n`, `\\f`, `\\r`, and `\\uXXXX` (upper-case hex) for the other characters that are
  not printable; every other character, accents and emoji included, as it is.
- A string of several lines (a Markdown description typed in a text area) is a
  literal block (`literal`) when that reads back exactly: no line break but `\\n`,
  every other character printable, a first line neither empty nor indented, no line
  ending with a space, and at most one `\\n` at the end (`|` keeps it, `|-` means
  none). Otherwise it is double-quoted on one line.
"""

from __future__ import annotations

import datetime
import math
import re
from decimal import Decimal

INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
RESERVED = frozenset({"y", "yes", "n", "no", "on", "off", "true", "false", "null", "~", "=", "<<"})
NUMBER = re.compile(r"^[-+]?(?:[0-9_][0-9a-fA-FxXoObB_.:,+-]*|\.[0-9_][0-9eE_.+-]*|\.(?:inf|Inf|INF|nan|NaN|NAN))$")
TIMESTAMP = re.compile(r"^[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)?$")
DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}


def printable(char: str) -> bool:
    """YAML's printable characters, less the tab, the line breaks U+0085, U+2028, U+2029 and the BOM."""
    code = ord(char)
    return (
        0x20 <= code <= 0x7E
        or 0xA0 <= code <= 0xD7FF and code not in (0x2028, 0x2029)
        or 0xE000 <= code <= 0xFFFD and code != 0xFEFF
        or 0x10000 <= code <= 0x10FFFF
    )


def is_date(text: str) -> bool:
    """`2026-12-01`: a real day of the calendar, written as the schemas want it."""
    if not DATE.fullmatch(text):
        return False
    try:
        datetime.date(int(text[:4]), int(text[5:7]), int(text[8:]))
    except ValueError:
        return False
    return True


def plain_ok(text: str) -> bool:
    """True when `text` can be written unquoted and reads back as the same string."""
    return bool(
        text
        and all(printable(char) for char in text)
        and text[0] not in INDICATORS
        and text[0] != " "
        and text[-1] != " "
        and ": " not in text
        and " #" not in text
        and not text.endswith(":")
        and text.lower() not in RESERVED
        and (is_date(text) or not (NUMBER.fullmatch(text) or TIMESTAMP.fullmatch(text)))
    )


def quoted(text: str) -> str:
    """`text` between double quotes, with JSON's escapes."""
    out = []
    for char in text:
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif printable(char):
            out.append(char)
        else:
            out.append(f"\\u{ord(char):04X}")
    return '"' + "".join(out) + '"'


def number(value: float) -> str:
    """A float as YAML writes it, by the rules of the module's docstring."""
    if math.isnan(value):
        return ".nan"
    if math.isinf(value):
        return ".inf" if value > 0 else "-.inf"
    sign = "-" if value < 0 else ""
    _sign, digit_tuple, exponent = Decimal(repr(abs(value))).as_tuple()
    digits = "".join(map(str, digit_tuple)).rstrip("0") or "0"
    exponent += len("".join(map(str, digit_tuple))) - len(digits)
    point = len(digits) + exponent  # digits before the decimal point
    if -4 <= point - 1 <= 15:
        if exponent >= 0:
            return f"{sign}{digits}{'0' * exponent}.0"
        if point > 0:
            return f"{sign}{digits[:point]}.{digits[point:]}"
        return f"{sign}0.{'0' * -point}{digits}"
    power = point - 1
    return f"{sign}{digits[0]}.{digits[1:] or '0'}e{'+' if power >= 0 else '-'}{abs(power)}"


def scalar(value) -> str:
    """A value on one line of YAML: quoted only when it has to be (a multi-line string double-quoted)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return number(value)
    if isinstance(value, (list, tuple)) and not value:
        return "[]"
    if isinstance(value, dict) and not value:
        return "{}"
    if isinstance(value, datetime.date):
        value = value.isoformat()
    if not isinstance(value, str):
        raise TypeError(f"no YAML scalar for {type(value).__name__}")
    return value if plain_ok(value) else quoted(value)


def literal(value) -> tuple[str, list[str]] | None:
    """(`|` or `|-`, the lines) when `value` is a string of several lines that a literal block keeps exactly."""
    if not isinstance(value, str) or "\n" not in value or value[0] in " \n" or value.endswith("\n\n"):
        return None
    if any(char != "\n" and not printable(char) for char in value):
        return None
    header, body = ("|", value[:-1]) if value.endswith("\n") else ("|-", value)
    lines = body.split("\n")
    if any(line.endswith(" ") for line in lines):
        return None
    return header, lines


def entry_lines(head: str, value, indent: str) -> list[str]:
    """`head` (`nom:`, `-`, already indented) followed by `value`; what it holds indented by `indent` + 2 spaces."""
    inner = indent + "  "
    if isinstance(value, (dict, list, tuple)) and value:
        return [head] + block_lines(value, inner)
    block = literal(value)
    if block is not None:
        header, lines = block
        return [f"{head} {header}"] + [(inner + line if line else "") for line in lines]
    return [f"{head} {scalar(value)}"]


def block_lines(value, indent: str) -> list[str]:
    """A non-empty mapping or list in block style, each line starting with `indent`."""
    lines = []
    if isinstance(value, dict):
        for key, item in value.items():
            lines += entry_lines(f"{indent}{scalar(str(key))}:", item, indent)
        return lines
    for item in value:
        if isinstance(item, (dict, list, tuple)) and item:
            nested = block_lines(item, indent + "  ")
            lines += [f"{indent}- {nested[0][len(indent) + 2:]}"] + nested[1:]
        else:
            lines += entry_lines(f"{indent}-", item, indent + "  ")
    return lines


def document(key: str, value) -> str:
    """`key: value` as a whole YAML document, for a value alone."""
    return "\n".join(entry_lines(f"{scalar(key)}:", value, "")) + "\n"
