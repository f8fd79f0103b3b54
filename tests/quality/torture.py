"""Torture data: a valid data folder that pushes every template to its limits.

Very long names, records with every optional field empty and with every optional field
full (at the maximum length the schemas allow), many partners, unusual Unicode, right-to-left
text, emoji, long words with no spaces, enough records to paginate the listings.

Deterministic: the same bytes on every run. Lengths are read from the JSON Schemas, so the
data stays at the limits when a schema changes. To look at it:

    .venv/bin/python -m tests.quality.torture /tmp/torture && make html DATA=/tmp/torture OUTPUT=/tmp/torture-site
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml
from PIL import Image, ImageDraw

from annuaire.record_types import RECORD_TYPES
from annuaire.records import schemas
from annuaire.records.identifiers import luhn_valid

UPDATED = "2025-06-30"
# The build's "today" for this data (ANNUAIRE_TODAY), so that the site does not change as days pass:
# every record is fresh but `fiche-ancienne` (stale), and every offer is current but `perimee` (expired)
# and `de-la-dissoute` (its organisation, `dissoute`, is dissolved).
TODAY = "2026-01-15"

# Pages the browser tests open on this site, by placeholder of quality/pages.py.
SLUGS = {
    "organisation": ["champs-pleins", "champs-vides", "mot-sans-espace", "dissoute"],
    "offer": ["champs-pleins", "champs-vides", "perimee", "de-la-dissoute"],
    "need": ["unicode-rare"],
    "project": ["champs-pleins", "champs-vides", "emoji"],
    "theme": ["theme-au-nom-tres-long", "theme-sans-fiche"],
    "commune": ["commune-sans-fiche"],
    "offer_category": ["locaux"],
    "extra": ["organisations/page/2/", "organisations/theme/theme-arabe/", "besoins/ecriture-arabe/"],
}

LONG_WORD = "Anticonstitutionnellement"
RTL_AR = "جمعية الأمل للتضامن والتعاون بين الأجيال"
RTL_HE = "עמותה לשיתוף פעולה קהילתי"
EMOJI = "👩‍👩‍👧‍👦 Familles 🇫🇷 en fête 🎉🎈 👍🏽"
RARE = (
    "Z̷̢͉a̵̘͝l̶̨̛g̸͙͝o ﬁn 𝔄𝔰𝔰𝔬𝔠𝔦𝔞𝔱𝔦𝔬𝔫 文化協会 संस्कृति "
    "soft\u00adhyphen zero\u200bwidth non\u200cjoint no\u00a0break\u202fthin "
    "<>&\"' {{ jinja }} {% raw %} ${x} %(y)s \\n \\\\ \u2028\u2029"
)


def limit(schema: str, field: str) -> int:
    """maxLength of a field (dotted path) of a schema."""
    for path, node, _required in schemas.fields(schema):
        if path == field:
            return node["maxLength"]
    raise KeyError(field)


def sized(text: str, length: int) -> str:
    """`text` repeated (separated by spaces), cut to exactly `length` characters, ending on a non-space."""
    out = text
    while len(out) < length:
        out += " " + text
    out = out[:length]
    return out if not out[-1].isspace() else out[:-1] + "."


def word(length: int, seed: str = LONG_WORD) -> str:
    """One word with no space, exactly `length` characters long."""
    return (seed * (length // len(seed) + 1))[:length]


def luhn_complete(prefix: str) -> str:
    return next(prefix + digit for digit in "0123456789" if luhn_valid(prefix + digit))


def long_url(length: int) -> str:
    start = "https://www.association-au-site-tres-long.example.org/"
    return start + word(length - len(start), "chemin-sans-espace/")


def long_email(length: int) -> str:
    end = "@association-au-courriel-tres-long.example.org"
    return word(length - len(end), "prenom.nom.") + end


def markdown_full(length: int) -> str:
    """Every Markdown construct a contributor may write, repeated to exactly `length` characters."""
    block = (
        "# Titre de niveau un\n\nUn paragraphe avec du **gras**, de l'*italique*, du `code`, "
        "un [lien](https://example.org/page?a=1&b=2#ancre \"titre du lien\"), un [courriel](mailto:contact@example.org), "
        "un [téléphone](tel:+33123456789) et une adresse <https://example.org/auto>.\n\n"
        "## Niveau deux\n\n- premier point\n- second point\n    - sous-point\n\n3. troisième\n4. quatrième\n\n"
        "> Une citation\n> sur deux lignes.\n\n    bloc de code indenté <pas du HTML>\n\n"
        "###### Niveau six\n\nLe <abbr title=\"Pôle territorial de coopération économique\">PTCE</abbr>, "
        "H<sub>2</sub>O, 1<sup>er</sup>. ![une image externe retirée](https://example.org/image.png)\n\n---\n\n"
        f"{word(300)}\n\n{RTL_AR} {RTL_HE}\n\n{EMOJI}\n\n"
    )
    text = block
    while len(text) < length:
        text += block
    text = text[:length].rstrip()
    return text + "." * (length - len(text))


def contact_full() -> dict:
    return {
        "nom": sized("Secrétariat général de l'association", limit("organisation.schema.json", "contact.nom")),
        "email": long_email(limit("organisation.schema.json", "contact.email")),
        "telephone": "+33 1 23 45 67 89",
        "formulaire": long_url(limit("organisation.schema.json", "contact.formulaire")),
    }


def themes() -> list[dict]:
    description = limit("themes.schema.json", "description")
    name = limit("themes.schema.json", "nom")
    return [
        {"id": "environnement", "nom": "Environnement", "description": sized("Nature, climat, énergie.", description)},
        {"id": "solidarite", "nom": "Solidarité"},
        {"id": "theme-au-nom-tres-long", "nom": sized("Économie sociale, solidaire et circulaire du territoire", name)},
        {"id": "theme-arabe", "nom": "التضامن والتعاون"},
        {"id": "theme-hebreu", "nom": "שיתוף פעולה"},
        {"id": "theme-emoji", "nom": "🌱 Transition écologique 🌍♻️"},
        {"id": "theme-unicode", "nom": "Ŝpörț & cultüre « 文化 » — संस्कृति"},
        {"id": "theme-mot-long", "nom": word(name)},
        {"id": "theme-sans-fiche", "nom": "Thème sans aucune fiche"},
    ]


def communes() -> list[dict]:
    name = limit("communes.schema.json", "nom")
    return [
        {"id": "guyancourt", "nom": "Guyancourt", "insee": "78297", "codes_postaux": ["78280"], "coordonnees": {"lat": 48.7733, "lon": 2.0739}},
        {"id": "trappes", "nom": "Trappes", "insee": "78621", "codes_postaux": ["78190"]},
        {
            "id": "commune-au-nom-tres-long",
            "nom": sized("Saint-Rémy-lès-Chevreuse-sur-Yvette-et-Mérantaise", name),
            "insee": "78575",
            "codes_postaux": ["78470", "78471", "78472", "78473", "78474", "78475"],
            "coordonnees": {"lat": -89.999999, "lon": 179.999999},
        },
        {"id": "ajaccio", "nom": "Ajaccio — Aiacciu", "insee": "2A004", "codes_postaux": ["20000", "20090"]},
        {"id": "commune-sans-fiche", "nom": "Commune sans aucune fiche", "insee": "78999", "codes_postaux": ["78000"]},
    ]


USED_THEMES = [t["id"] for t in themes() if t["id"] != "theme-sans-fiche"]
USED_COMMUNES = [c["id"] for c in communes() if c["id"] != "commune-sans-fiche"]


def vocabulary(schema: str, field: str) -> list[str]:
    return list(schemas.vocabulary(schema)[field])


def organisations() -> dict[str, dict]:
    s = "organisation.schema.json"
    siren = luhn_complete("12345678")
    records = {
        "champs-vides": {"nom": "X", "type": "autre", "resume": "Sans rien.", "themes": ["solidarite"], "mis_a_jour": UPDATED},
        "champs-pleins": {
            "nom": sized("Association intercommunale pour la coopération, la mutualisation et l'entraide", limit(s, "nom")),
            "sigle": sized("AICMEÉ", limit(s, "sigle")),
            "type": "association",
            "resume": sized("Une association qui remplit chacun de ses champs jusqu'à la limite permise.", limit(s, "resume")),
            "description": markdown_full(limit(s, "description")),
            "themes": USED_THEMES[:8],
            "adresse": sized("Bâtiment B, escalier 3, 12 bis avenue de la Coopération", limit(s, "adresse")),
            "code_postal": "78470",
            "commune": "commune-au-nom-tres-long",
            "coordonnees": {"lat": 90, "lon": -180},
            "site_web": long_url(limit(s, "site_web")),
            "contact": contact_full(),
            "rna": "W781234567",
            "siren": siren,
            "siret": luhn_complete(siren + "0001"),
            "fondee_en": 1800,
            "titre_officiel": sized("ASSOCIATION INTERCOMMUNALE POUR LA COOPERATION ET LA MUTUALISATION DES MOYENS ASSOCIATIFS", limit(s, "titre_officiel")),
            "dissoute": False,
            "registre": {"source": "rna_waldec", "fichier": "2025-09-01", "maj": "2025-06-12 10:22:01", "empreintes": {"nom": "3fa2c1d0", "titre_officiel": "9b41e07a"}},
            "logo": {"fichier": "logo.png", "texte": sized("Logo de l'association : un cercle vert et son sigle", limit(s, "logo.texte"))},
            "mis_a_jour": UPDATED,
            "exemple": True,
        },
        "dissoute": {
            "nom": "Association dissoute au registre",
            "titre_officiel": "ASSOCIATION DES AMIS DU LAVOIR ET DU PATRIMOINE RURAL",
            "type": "association",
            "resume": "Dissoute : sa page le dit, les listes, la recherche et les données ouvertes ne la montrent plus.",
            "themes": ["solidarite"],
            "commune": "trappes",
            "rna": "W781234568",
            "dissoute": True,
            "registre": {"source": "rna_import", "maj": "2024-02-29 23:59:59", "empreintes": {"dissoute": "0badcafe"}},
            "mis_a_jour": UPDATED,
        },
        "mot-sans-espace": {
            "nom": word(limit(s, "nom")),
            "sigle": word(limit(s, "sigle")),
            "type": "cooperative",
            "resume": word(limit(s, "resume")),
            "description": word(5000) + "\n\n" + long_url(500),
            "themes": ["theme-mot-long", "theme-au-nom-tres-long"],
            "adresse": word(limit(s, "adresse")),
            "commune": "commune-au-nom-tres-long",
            "site_web": long_url(limit(s, "site_web")),
            "contact": {"nom": word(limit(s, "contact.nom")), "email": long_email(limit(s, "contact.email"))},
            "mis_a_jour": UPDATED,
        },
        "ecriture-arabe": {
            "nom": f"{RTL_AR} — Association Espoir 2024",
            "sigle": "الأمل",
            "type": "association",
            "resume": f"{RTL_AR}، منذ 2024 في Trappes. {RTL_HE}.",
            "description": f"{RTL_AR}.\n\n{RTL_HE} (78190) — **{RTL_AR}** [رابط](https://example.org/ar).",
            "themes": ["theme-arabe", "theme-hebreu"],
            "commune": "trappes",
            "contact": {"nom": "مكتب الجمعية"},
            "mis_a_jour": UPDATED,
        },
        "emoji": {
            "nom": EMOJI,
            "type": "collectif",
            "resume": f"{EMOJI} 🏳️‍🌈 🧑🏿‍🦽 ✊🏾 — on partage tout ! 🚐🏠🔧",
            "themes": ["theme-emoji"],
            "commune": "guyancourt",
            "mis_a_jour": UPDATED,
        },
        "unicode-rare": {
            "nom": sized(RARE, limit(s, "nom")),
            "type": "fondation",
            "resume": sized(RARE, limit(s, "resume")),
            "description": RARE + "\n\n" + RARE,
            "themes": ["theme-unicode"],
            "commune": "ajaccio",
            "contact": {"nom": RARE[:40]},
            "mis_a_jour": UPDATED,
        },
    }
    records["fiche-ancienne"] = {**records["champs-vides"], "nom": "Fiche pas relue depuis longtemps", "mis_a_jour": "2020-01-01"}
    kinds = vocabulary(s, "type")
    for number in range(1, 26):  # enough to paginate the listing (24 a page)
        records[f"structure-{number:02d}"] = {
            "nom": f"Structure de remplissage n° {number:02d}",
            "type": kinds[number % len(kinds)],
            "resume": "Une structure de plus, pour que les listes aient plusieurs pages.",
            "themes": [USED_THEMES[number % len(USED_THEMES)]],
            "commune": USED_COMMUNES[number % len(USED_COMMUNES)],
            "mis_a_jour": UPDATED,
        }
    return records


def resources(kind: str) -> dict[str, dict]:
    """Offers or needs (the same schema)."""
    s = "offer.schema.json"
    categories = vocabulary(s, "categorie")
    conditions = vocabulary(s, "conditions.type")
    late = "2025-06" if kind == "offer" else "2025-05"
    return {
        "champs-vides": {
            "titre": "X", "organisation": "champs-vides", "categorie": "autre", "resume": "Sans rien.",
            "conditions": {"type": "a-definir"}, "publie_le": f"{late}-01", "mis_a_jour": UPDATED,
        },
        "champs-pleins": {
            "titre": sized("Salle de réunion équipée, vidéoprojecteur, cuisine et jardin partagé", limit(s, "titre")),
            "organisation": "champs-pleins",
            "categorie": "locaux",
            "resume": sized("Une ressource dont chaque champ est rempli jusqu'à la limite permise.", limit(s, "resume")),
            "description": markdown_full(limit(s, "description")),
            "themes": USED_THEMES[:8],
            "conditions": {"type": "partage-des-couts", "precisions": sized("Participation aux frais : 20 € la soirée.", limit(s, "conditions.precisions"))},
            "disponibilite": {
                "debut": "2025-01-01", "fin": "2099-12-31",
                "horaires": sized("Le mardi et le jeudi soir, de 18 h à 22 h", limit(s, "disponibilite.horaires")),
            },
            "commune": "commune-au-nom-tres-long",
            "adresse": sized("Bâtiment B, escalier 3, 12 bis avenue de la Coopération", limit(s, "adresse")),
            "coordonnees": {"lat": 48.7733, "lon": 2.0739},
            "capacite": {"nombre": 123456789.5, "unite": sized("places assises ou debout", limit(s, "capacite.unite"))},
            "photos": [
                {"fichier": name, "texte": sized(f"Photo {number} : la salle vue d'un autre angle", limit(s, "photos[].texte")),
                 "legende": sized(f"Légende {number} de la photo", limit(s, "photos[].legende"))}
                for number, name in enumerate(PHOTOS, 1)
            ],
            "contact": contact_full(),
            "publie_le": f"{late}-02",
            "expire_le": "2099-12-31",
            "mis_a_jour": UPDATED,
            "exemple": True,
        },
        "mot-sans-espace": {
            "titre": word(limit(s, "titre")), "organisation": "mot-sans-espace", "categorie": "materiel",
            "resume": word(limit(s, "resume")), "description": word(3000),
            "themes": ["theme-mot-long"],
            "conditions": {"type": "echange", "precisions": word(limit(s, "conditions.precisions"))},
            "disponibilite": {"horaires": word(limit(s, "disponibilite.horaires"))},
            "capacite": {"nombre": 1, "unite": word(limit(s, "capacite.unite"))},
            "adresse": word(limit(s, "adresse")),
            "publie_le": f"{late}-03", "mis_a_jour": UPDATED,
        },
        "ecriture-arabe": {
            "titre": RTL_AR, "organisation": "ecriture-arabe", "categorie": categories[0], "resume": f"{RTL_AR} — {RTL_HE}.",
            "conditions": {"type": "gratuit", "precisions": RTL_HE}, "disponibilite": {"fin": "2099-01-01"},
            "themes": ["theme-arabe"], "commune": "trappes", "publie_le": f"{late}-04", "mis_a_jour": UPDATED,
        },
        "emoji": {
            "titre": EMOJI, "organisation": "emoji", "categorie": "vehicule", "resume": f"{EMOJI} 🚐 à partager 🙌",
            "conditions": {"type": conditions[-1]}, "disponibilite": {"debut": "2025-01-01"},
            "themes": ["theme-emoji"], "publie_le": f"{late}-05", "mis_a_jour": UPDATED,
        },
        "perimee": {
            "titre": "Une offre qui n'est plus d'actualité", "organisation": "fiche-ancienne", "categorie": "materiel",
            "resume": "Elle a expiré : sa page le dit, les listes ne la montrent plus.", "conditions": {"type": "gratuit"},
            "publie_le": "2024-01-01", "expire_le": "2024-12-31", "mis_a_jour": "2024-01-01",
        },
        "de-la-dissoute": {
            "titre": "Le lavoir d'une association dissoute", "organisation": "dissoute", "categorie": "locaux",
            "resume": "Son organisation est dissoute : sa page le dit, les listes ne la montrent plus.", "conditions": {"type": "gratuit"},
            "publie_le": f"{late}-07", "mis_a_jour": UPDATED,
        },
        "unicode-rare": {
            "titre": sized(RARE, limit(s, "titre")), "organisation": "unicode-rare", "categorie": "service",
            "resume": sized(RARE, limit(s, "resume")), "description": RARE,
            "conditions": {"type": "location", "precisions": RARE}, "themes": ["theme-unicode"], "commune": "ajaccio",
            "publie_le": f"{late}-06", "mis_a_jour": UPDATED,
        },
    }


def projects(organisation_slugs: list[str]) -> dict[str, dict]:
    s = "project.schema.json"
    roles = vocabulary(s, "partenaires.role")
    return {
        "champs-vides": {
            "nom": "X", "forme": "autre", "resume": "Sans rien.", "statut": "idee",
            "partenaires": [{"organisation": "champs-vides", "role": "porteur"}], "themes": ["solidarite"], "mis_a_jour": UPDATED,
        },
        "champs-pleins": {
            "nom": sized("Pôle territorial de coopération économique de l'ouest du territoire", limit(s, "nom")),
            "sigle": sized("PTCE", limit(s, "sigle")),
            "forme": "ptce",
            "resume": sized("Un projet dont chaque champ est rempli jusqu'à la limite permise, avec tous les partenaires.", limit(s, "resume")),
            "description": markdown_full(limit(s, "description")),
            "statut": "termine",
            "debut": "2020-01-01",
            "fin": "2024-12-31",
            "partenaires": [
                {
                    "organisation": slug,
                    "role": roles[index % len(roles)],
                    "precisions": sized(f"Apport n° {index + 1} : locaux, salariés, matériel et compétences.", limit(s, "partenaires[].precisions")),
                }
                for index, slug in enumerate(organisation_slugs)
            ],
            "themes": USED_THEMES[:8],
            "communes": USED_COMMUNES,
            "recherche": vocabulary(s, "recherche"),
            "recherche_precisions": sized("Nous cherchons une structure d'aide à domicile.", limit(s, "recherche_precisions")),
            "site_web": long_url(limit(s, "site_web")),
            "contact": contact_full(),
            "a_la_une": True,
            "mis_a_jour": UPDATED,
            "exemple": True,
        },
        "mot-sans-espace": {
            "nom": word(limit(s, "nom")), "forme": "reseau", "resume": word(limit(s, "resume")), "statut": "en-cours",
            "partenaires": [{"organisation": "mot-sans-espace", "role": "porteur", "precisions": word(limit(s, "partenaires[].precisions"))}],
            "themes": ["theme-mot-long"], "communes": ["commune-au-nom-tres-long"], "recherche": ["competences"],
            "recherche_precisions": word(limit(s, "recherche_precisions")), "mis_a_jour": UPDATED,
        },
        "ecriture-arabe": {
            "nom": RTL_AR, "forme": "partenariat", "resume": f"{RTL_AR} — {RTL_HE}.", "statut": "demarrage",
            "partenaires": [{"organisation": "ecriture-arabe", "role": "porteur", "precisions": RTL_HE}, {"organisation": "emoji", "role": "partenaire"}],
            "themes": ["theme-arabe", "theme-hebreu"], "communes": ["trappes"], "a_la_une": True, "mis_a_jour": UPDATED,
        },
        "emoji": {
            "nom": EMOJI, "forme": "tiers-lieu", "resume": f"{EMOJI} 🏠 un tiers-lieu 🤝", "statut": "en-cours",
            "partenaires": [
                {"organisation": "emoji", "role": "porteur", "precisions": "🛠️ 🍲 🎶"},
                {"organisation": "unicode-rare", "role": "expert", "precisions": RARE[:200]},
            ],
            "themes": ["theme-emoji", "theme-unicode"], "communes": ["guyancourt", "ajaccio"], "a_la_une": True, "mis_a_jour": UPDATED,
        },
    }


class _Dumper(yaml.SafeDumper):
    """Plain YAML: never anchors and aliases (the project's loader refuses them)."""

    def ignore_aliases(self, data):
        return True


def dump(data) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10**6, default_flow_style=False)


# The images of `champs-pleins` (annuaire.images): a wide logo with transparency, four photos of odd shapes.
PHOTOS = ("large.jpg", "haute.jpg", "carree.png", "minuscule.jpg")


def write_images(target: Path) -> None:
    """Deterministic images drawn by Pillow, beside the records that cite them."""
    logo = Image.new("RGBA", (1200, 200), (0, 0, 0, 0))
    ImageDraw.Draw(logo).ellipse((0, 0, 200, 200), fill=(20, 110, 60, 255))
    logo.save(target / "organisations" / "logo.png")
    for folder in ("offers", "needs"):
        for name, size in zip(PHOTOS, ((2400, 600), (600, 2400), (900, 900), (40, 30))):
            image = Image.new("RGB", size, (180, 90, 40))
            ImageDraw.Draw(image).rectangle((0, 0, size[0] // 2, size[1] // 2), fill=(40, 90, 180))
            image.save(target / folder / name)


def write_torture_data(target: Path) -> Path:
    """Write the torture data folder into `target` (created) and return it."""
    target = Path(target)
    target.mkdir(parents=True, exist_ok=True)
    (target / "themes.yaml").write_text(dump(themes()), "utf-8")
    (target / "communes.yaml").write_text(dump(communes()), "utf-8")
    orgs = organisations()
    content = {"organisation": orgs, "offer": resources("offer"), "need": resources("need"), "project": projects(list(orgs))}
    for record_type in RECORD_TYPES:
        folder = target / record_type.folder
        folder.mkdir(exist_ok=True)
        for slug, data in content[record_type.name].items():
            (folder / f"{slug}.yaml").write_text(dump(data), "utf-8")
    write_images(target)
    return target


if __name__ == "__main__":
    print(write_torture_data(Path(sys.argv[1] if len(sys.argv) > 1 else "torture-data")))
