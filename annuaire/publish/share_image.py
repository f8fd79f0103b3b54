"""The site's share preview: a 1200 × 630 PNG card with the site's name, drawn at build time.

Social networks and messaging apps show it beside a shared link (`og:image`). It is
drawn with the standard library only (zlib and struct: no imaging package) in a small
pixel font of our own, enlarged: the favicon's two rings, the name in white on the
brand colour, the accent colour along the bottom. The same name gives the same bytes
(no timestamp, fixed compression), so builds stay byte-identical.

The font covers French: letters with their accents and cedillas (decomposed, the mark
drawn above or below the letter), œ and æ, digits and common punctuation. A name with a
character it cannot draw gets the card without text rather than a name with holes.
"""

from __future__ import annotations

import struct
import unicodedata
import zlib

WIDTH, HEIGHT = 1200, 630
MARGIN = 80
BAND = 18  # accent band along the bottom edge, in pixels
# Palette (indexed PNG): background, text, first ring, second ring, band. The favicon's colours.
PALETTE = ((0x0B, 0x5C, 0x59), (0xFF, 0xFF, 0xFF), (0xFF, 0xFF, 0xFF), (0xF4, 0xA5, 0x82), (0xA6, 0x3D, 0x17))
BACKGROUND, TEXT, RING, RING_2, ACCENT = range(5)

# Glyphs on a grid of rows 0 (cap height) to 6 (baseline), 7 and 8 below it (descenders);
# marks go in rows -1 and 0 above small letters, -3 and -2 above capitals. "#" is ink. Glyphs may be narrower than 5.
_GLYPHS = """
A .###. #...# #...# ##### #...# #...# #...#
B ####. #...# #...# ####. #...# #...# ####.
C .###. #...# #.... #.... #.... #...# .###.
D ####. #...# #...# #...# #...# #...# ####.
E ##### #.... #.... ####. #.... #.... #####
F ##### #.... #.... ####. #.... #.... #....
G .###. #...# #.... #.### #...# #...# .####
H #...# #...# #...# ##### #...# #...# #...#
I ### .#. .#. .#. .#. .#. ###
J ..### ...#. ...#. ...#. ...#. #..#. .##..
K #...# #..#. #.#.. ##... #.#.. #..#. #...#
L #.... #.... #.... #.... #.... #.... #####
M #...# ##.## #.#.# #.#.# #...# #...# #...#
N #...# #...# ##..# #.#.# #..## #...# #...#
O .###. #...# #...# #...# #...# #...# .###.
P ####. #...# #...# ####. #.... #.... #....
Q .###. #...# #...# #...# #.#.# #..#. .##.#
R ####. #...# #...# ####. #.#.. #..#. #...#
S .#### #.... #.... .###. ....# ....# ####.
T ##### ..#.. ..#.. ..#.. ..#.. ..#.. ..#..
U #...# #...# #...# #...# #...# #...# .###.
V #...# #...# #...# #...# #...# .#.#. ..#..
W #...# #...# #...# #.#.# #.#.# #.#.# .#.#.
X #...# #...# .#.#. ..#.. .#.#. #...# #...#
Y #...# #...# .#.#. ..#.. ..#.. ..#.. ..#..
Z ##### ....# ...#. ..#.. .#... #.... #####
a ..... ..... .###. ....# .#### #...# .####
b #.... #.... ####. #...# #...# #...# ####.
c ..... ..... .###. #.... #.... #...# .###.
d ....# ....# .#### #...# #...# #...# .####
e ..... ..... .###. #...# ##### #.... .###.
f ..##. .#..# .#... ###.. .#... .#... .#...
g ..... ..... .#### #...# #...# #...# .#### ....# .###.
h #.... #.... #.##. ##..# #...# #...# #...#
i .#. ... ##. .#. .#. .#. ###
j ..# ... .## ..# ..# ..# ..# #.# .#.
k #.... #.... #..#. #.#.. ##... #.#.. #..#.
l ##. .#. .#. .#. .#. .#. ###
m ..... ..... ##.#. #.#.# #.#.# #.#.# #.#.#
n ..... ..... #.##. ##..# #...# #...# #...#
o ..... ..... .###. #...# #...# #...# .###.
p ..... ..... ####. #...# #...# #...# ####. #.... #....
q ..... ..... .#### #...# #...# #...# .#### ....# ....#
r ..... ..... #.##. ##..# #.... #.... #....
s ..... ..... .#### #.... .###. ....# ####.
t .#... .#... ###.. .#... .#... .#..# ..##.
u ..... ..... #...# #...# #...# #..## .##.#
v ..... ..... #...# #...# #...# .#.#. ..#..
w ..... ..... #...# #...# #.#.# #.#.# .#.#.
x ..... ..... #...# .#.#. ..#.. .#.#. #...#
y ..... ..... #...# #...# #...# #...# .#### ....# .###.
z ..... ..... ##### ...#. ..#.. .#... #####
0 .###. #...# #..## #.#.# ##..# #...# .###.
1 ..#.. .##.. ..#.. ..#.. ..#.. ..#.. .###.
2 .###. #...# ....# ...#. ..#.. .#... #####
3 ##### ...#. ..#.. ...#. ....# #...# .###.
4 ...#. ..##. .#.#. #..#. ##### ...#. ...#.
5 ##### #.... ####. ....# ....# #...# .###.
6 ..##. .#... #.... ####. #...# #...# .###.
7 ##### ....# ...#. ..#.. .#... .#... .#...
8 .###. #...# #...# .###. #...# #...# .###.
9 .###. #...# #...# .#### ....# ...#. .##..
- .... .... .... #### .... .... ....
. .. .. .. .. .. ## ##
, .. .. .. .. .. ## ## .# #.
: .. ## ## .. ## ## ..
; .. ## ## .. ## ## .. .# #.
' # # # . . . .
! # # # # # . #
? .###. #...# ....# ...#. ..#.. ..... ..#..
( ..# .#. #.. #.. #.. .#. ..#
) #.. .#. ..# ..# ..# .#. #..
/ ....# ....# ...#. ..#.. .#... #.... #....
& .##.. #..#. #.#.. .#... #.#.# #..#. .##.#
+ ..... ..#.. ..#.. ##### ..#.. ..#.. .....
" #.# #.# ... ... ... ... ...
« ..... ..... ..#.# .#.#. #.#.. .#.#. ..#.#
» ..... ..... #.#.. .#.#. ..#.# .#.#. #.#..
"""
FONT: dict[str, list[str]] = {line[0]: line[2:].split() for line in _GLYPHS.strip().splitlines()}
FONT[" "] = ["..."] * 7
# Combining marks: two rows, drawn above a letter (below for the cedilla), centred on it.
MARKS = {
    "\u0300": [".#...", "..#.."],  # grave
    "\u0301": ["...#.", "..#.."],  # acute
    "\u0302": ["..#..", ".#.#."],  # circumflex
    "\u0303": [".##.#", "#..#."],  # tilde
    "\u0308": [".....", ".#.#."],  # diaeresis
    "\u0327": ["..#..", ".##.."],  # cedilla, below
}
SUBSTITUTES = {
    "œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss", "’": "'", "‘": "'", "ʼ": "'",
    "–": "-", "‑": "-", "‐": "-", "—": "-", "…": "...", "\u00a0": " ", "\u202f": " ", "“": '"', "”": '"',
}
DOTLESS = {"i": ["...", "...", "##.", ".#.", ".#.", ".#.", "###"], "j": ["..#", "...", ".##", "..#", "..#", "..#", "..#", "#.#", ".#."]}
TOP, BOTTOM = -3, 9  # rows a line of text spans, marks and descenders included
LINE_GAP = 3  # rows between two lines


def glyphs(text: str) -> list[tuple[list[str], str]] | None:
    """(glyph rows, marks) for each character of `text`, or None when one cannot be drawn."""
    found = []
    for character in text:
        for part in SUBSTITUTES.get(character, character):
            decomposed = unicodedata.normalize("NFD", part)
            base, marks = decomposed[0], decomposed[1:]
            if base not in FONT or any(mark not in MARKS for mark in marks):
                return None
            rows = DOTLESS[base] if marks and base in DOTLESS else FONT[base]
            found.append((rows, marks))
    return found


def _width(word: list[tuple[list[str], str]]) -> int:
    """Columns of a run of glyphs, one column of space between two."""
    return sum(len(rows[0]) + 1 for rows, _marks in word) - 1 if word else 0


def wrap(text: str, columns: int) -> list[str] | None:
    """`text` cut into lines of at most `columns` font columns, at spaces, else after hyphens; None if a part is too wide."""
    pieces = []
    for word in text.split():
        parts = word.replace("-", "-\0").split("\0")
        if _width(glyphs(word)) <= columns or len(parts) == 1:
            pieces.append((word, True))
        else:
            pieces += [(part, index == len(parts) - 1) for index, part in enumerate(parts)]
    lines, line = [], ""
    for piece, ends_word in pieces:
        candidate = line + piece
        if line and _width(glyphs(candidate.rstrip())) > columns:
            lines.append(line.rstrip())
            candidate = piece
        if _width(glyphs(candidate.rstrip())) > columns:
            return None
        line = candidate + (" " if ends_word else "")
    if line.strip():
        lines.append(line.rstrip())
    return lines


def layout(name: str, width: int, height: int) -> tuple[int, list[str]] | None:
    """The largest scale (pixels a font pixel, 14 to 4) at which `name`, wrapped, fits `width` × `height` pixels."""
    if not name.strip() or glyphs(name) is None:
        return None
    for scale in range(14, 3, -1):
        lines = wrap(name, width // scale)
        if lines and len(lines) * (BOTTOM - TOP + LINE_GAP) * scale - LINE_GAP * scale <= height:
            return scale, lines
    return None


class Canvas:
    """Rows of palette indices."""

    def __init__(self, width: int, height: int, colour: int):
        self.width, self.height = width, height
        self.rows = [bytearray([colour]) * width for _ in range(height)]

    def rectangle(self, x: int, y: int, width: int, height: int, colour: int) -> None:
        left, right = max(0, x), min(self.width, x + width)
        if right <= left:
            return
        for row in self.rows[max(0, y):max(0, min(self.height, y + height))]:
            row[left:right] = bytes([colour]) * (right - left)

    def ring(self, cx: int, cy: int, outer: int, inner: int, colour: int) -> None:
        for y in range(cy - outer, cy + outer + 1):
            for x in range(cx - outer, cx + outer + 1):
                distance = (x - cx) ** 2 + (y - cy) ** 2
                if inner * inner <= distance <= outer * outer and 0 <= x < self.width and 0 <= y < self.height:
                    self.rows[y][x] = colour

    def pattern(self, rows: list[str], x: int, y: int, scale: int, colour: int) -> None:
        for r, line in enumerate(rows):
            for c, cell in enumerate(line):
                if cell == "#":
                    self.rectangle(x + c * scale, y + r * scale, scale, scale, colour)

    def text(self, line: str, x: int, baseline_top: int, scale: int, colour: int) -> None:
        """`line` with its cap height starting at `baseline_top`."""
        for rows, marks in glyphs(line):
            width = len(rows[0])
            for mark in marks:
                offset = (width - 5) * scale // 2
                if mark == "\u0327":
                    self.pattern(MARKS[mark], x + offset, baseline_top + 7 * scale, scale, colour)
                else:
                    top = -1 if rows[0].strip(".") == "" else -3  # above the x-height, else above the capital
                    self.pattern(MARKS[mark], x + offset, baseline_top + top * scale, scale, colour)
            self.pattern(rows, x, baseline_top, scale, colour)
            x += (width + 1) * scale

    def png(self, palette) -> bytes:
        raw = b"".join(b"\0" + bytes(row) for row in self.rows)

        def chunk(kind: bytes, data: bytes) -> bytes:
            return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

        header = struct.pack(">IIBBBBB", self.width, self.height, 8, 3, 0, 0, 0)  # 8-bit palette indices
        return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"PLTE", b"".join(bytes(c) for c in palette))
                + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def share_card(name: str) -> bytes:
    """The PNG of the site's share preview: rings, then `name` below them, left-aligned."""
    canvas = Canvas(WIDTH, HEIGHT, BACKGROUND)
    canvas.rectangle(0, HEIGHT - BAND, WIDTH, BAND, ACCENT)
    radius, thickness = 44, 12
    top = MARGIN
    canvas.ring(MARGIN + radius, top + radius, radius, radius - thickness, RING)
    canvas.ring(MARGIN + radius * 2 + 12, top + radius, radius, radius - thickness, RING_2)
    area_top, area_bottom = top + 2 * radius + 40, HEIGHT - BAND - 56
    fitted = layout(name, WIDTH - 2 * MARGIN, area_bottom - area_top)
    if fitted:
        scale, lines = fitted
        line_height = (BOTTOM - TOP + LINE_GAP) * scale
        y = area_top + (area_bottom - area_top - len(lines) * line_height + LINE_GAP * scale) // 2
        for line in lines:
            canvas.text(line, MARGIN, y - TOP * scale, scale, TEXT)
            y += line_height
    return canvas.png(PALETTE)
