"""Hostile data: a valid data folder whose every text field carries a script-injection payload.

Script tags, event handler attributes, `javascript:` and `data:` URLs, HTML in names,
`</script>` inside values that end up in JSON or JSON-LD, Markdown link and image tricks,
spreadsheet formulas for the CSV exports. Every payload that would run calls `alert()` or
loads something from `evil.example`: the checks look for those (see `safety.py`).

    .venv/bin/python -m tests.quality.hostile /tmp/hostile && make html DATA=/tmp/hostile OUTPUT=/tmp/hostile-site
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from . import torture

MINIMAL = Path(__file__).resolve().parents[1] / "fixtures" / "minimal"

PAYLOADS = [
    "<script>alert('script')</script>",
    "\"><img src=x onerror=alert('attr')>",
    "'><svg onload=alert('svg')>",
    "</script><script>alert('json')</script>",
    "</title><script>alert('title')</script>",
    "<!--<script>alert('comment')</script>-->",
    "<iframe src=javascript:alert('iframe')></iframe>",
    "<a href=javascript:alert('lien')>clic</a>",
    "<details open ontoggle=alert('toggle')>",
    "<base href=https://evil.example/>",
    "<meta http-equiv=refresh content=0;url=javascript:alert('meta')>",
    "<style>*{background:url(https://evil.example/x.png)}</style>",
    "\u2028\u2029</script><!--<script>",
    "{{ alert('jinja') }}{% raw %}${alert('gabarit')}",
    "=HYPERLINK(\"https://evil.example/\";\"clic\")",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "javascript:alert('texte')",
]

MARKDOWN_TRICKS = """
[lien](javascript:alert('md1')) [casse](JaVaScRiPt:alert('md2')) [entité](&#106;avascript:alert('md3'))
[tabulation](java&#x09;script:alert('md4')) [espace]( javascript:alert('md5')) <javascript:alert('md6')>
[référence][r] ![image](javascript:alert('md7')) ![svg](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)
[données](data:text/html;base64,PHNjcmlwdD5hbGVydCgnbWQ4Jyk8L3NjcmlwdD4=) [vb](vbscript:msgbox('md9'))
[![img](https://evil.example/pixel.png)](javascript:alert('md10')) ![alt" onerror="alert('md11')](x.png)
[titre](https://ok.example.org/ "t\\" onmouseover=\\"alert('md12')") [guillemet](https://ok.example.org/"onmouseover="alert('md13'))
<a href="&#x6A;avascript:alert('md14')">entité HTML</a> <a href="javascript&colon;alert('md15')">deux-points</a>
<div onclick="alert('md16')">div</div> <img src="https://evil.example/pixel.png" onerror="alert('md17')">
<form action="javascript:alert('md18')"><button formaction="javascript:alert('md19')">envoyer</button></form>
<object data="javascript:alert('md20')"></object><embed src="https://evil.example/x.swf">
<svg><animate attributeName="href" values="javascript:alert('md21')"/><a xlink:href="javascript:alert('md22')"><text>x</text></a></svg>
<math><mtext><table><mglyph><style><img src=x onerror=alert('md23')></style></mglyph></table></mtext></math>
`<script>alert('code')</script>`

    <script>alert('bloc de code')</script>

[r]: javascript:alert('md24')
"""


def text(length: int, offset: int = 0) -> str:
    """Payloads, starting at the `offset`-th, joined and cut to at most `length` characters."""
    out = ""
    for index in range(len(PAYLOADS)):
        payload = PAYLOADS[(offset + index) % len(PAYLOADS)]
        if len(out) + len(payload) + 1 > length:
            break
        out += payload + " "
    return out.strip() or PAYLOADS[offset % len(PAYLOADS)][:length]


URLS = [
    "https://ok.example.org/\"><script>alert('url')</script>",
    "https://ok.example.org/'onmouseover='alert(1)'",
    "https://evil.example/javascript:alert('chemin')",
]
EMAILS = ["x'onmouseover='alert(1)'@evil.example.fr", "javascript:alert(1)//@evil.example.fr"]


def contact(index: int) -> dict:
    return {"nom": text(160, index + 3), "email": EMAILS[index % len(EMAILS)], "formulaire": URLS[index % len(URLS)]}


def write_hostile_data(target: Path, count: int = 4) -> Path:
    """The minimal data folder plus `count` hostile records of each type, a hostile theme and commune.

    Hostile organisations carry a hostile title in the register (`titre_officiel`), shown on their
    page and indexed by the search; the fourth is dissolved, so that its page says it too.
    """
    target = Path(target)
    shutil.copytree(MINIMAL, target)
    with (target / "themes.yaml").open("a", encoding="utf-8") as themes:
        themes.write(torture.dump([{"id": "hostile", "nom": text(160, 1), "description": text(500, 2)}]))
    with (target / "communes.yaml").open("a", encoding="utf-8") as communes:
        communes.write(torture.dump([{"id": "hostile", "nom": text(160, 4), "insee": "78998", "codes_postaux": ["78999"]}]))
    description = "\n\n".join(PAYLOADS) + "\n" + MARKDOWN_TRICKS
    for index in range(count):
        slug = f"hostile-{index + 1}"
        records = {
            "organisations": {
                "nom": text(160, index), "sigle": PAYLOADS[0][:30], "type": "association", "resume": text(280, index + 1),
                "description": description, "themes": ["hostile", "solidarite"], "adresse": text(200, index + 2),
                "commune": "hostile", "site_web": URLS[index % len(URLS)], "contact": contact(index), "mis_a_jour": "2025-01-01",
                "titre_officiel": text(400, index + 16), "rna": f"W78{index:07d}",
                "registre": {"source": "rna_waldec", "maj": "2025-06-12 10:22:01", "empreintes": {"titre_officiel": "3fa2c1d0"}},
                **({"dissoute": True} if index == 3 else {}),
            },
            "offers": {
                "titre": text(160, index + 5), "organisation": slug, "categorie": "locaux", "resume": text(280, index + 6),
                "description": description, "themes": ["hostile"], "commune": "hostile", "adresse": text(200, index + 7),
                "conditions": {"type": "gratuit", "precisions": text(500, index + 8)},
                "disponibilite": {"horaires": text(300, index + 9)}, "capacite": {"nombre": 1, "unite": PAYLOADS[1][:40]},
                "contact": contact(index + 1), "publie_le": "2025-01-01", "mis_a_jour": "2025-01-01",
            },
            "projects": {
                "nom": text(160, index + 10), "sigle": PAYLOADS[3][:30], "forme": "partenariat", "resume": text(280, index + 11),
                "description": description, "statut": "en-cours", "themes": ["hostile"], "communes": ["hostile"],
                "partenaires": [
                    {"organisation": slug, "role": "porteur", "precisions": text(300, index + 12)},
                    {"organisation": "asso-verte", "role": "partenaire"},
                ],
                "recherche": ["partenaires"], "recherche_precisions": text(500, index + 13), "site_web": URLS[(index + 1) % len(URLS)],
                "contact": contact(index + 2), "mis_a_jour": "2025-01-01",
            },
        }
        records["needs"] = {**records["offers"], "titre": text(160, index + 14), "resume": text(280, index + 15)}
        for folder, data in records.items():
            (target / folder / f"{slug}.yaml").write_text(torture.dump(data), "utf-8")
    return target


if __name__ == "__main__":
    print(write_hostile_data(Path(sys.argv[1] if len(sys.argv) > 1 else "hostile-data")))
