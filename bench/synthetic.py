"""Deterministic synthetic directories in French, for benchmarks.

`write_directory(folder, records, seed)` writes a valid data folder of
`records` records: 40% organisations, 30% offers, 20% needs, 10% projects,
with the sample data's themes and generated communes.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]

PROPORTIONS = {"organisations": 0.4, "offers": 0.3, "needs": 0.2, "projects": 0.1}
CATEGORIES = {
    "salarie-partage": ["salarié partagé", "poste à temps partagé", "coordinatrice mutualisée", "comptable partagé", "animateur à mi-temps"],
    "competences": ["compétences en communication", "accompagnement juridique", "aide à la comptabilité", "formation numérique", "conseil en gestion"],
    "benevoles": ["bénévoles pour l'accueil", "équipe de bénévoles", "renfort bénévole", "bénévoles pour la collecte", "encadrants bénévoles"],
    "locaux": ["salle de réunion", "bureau partagé", "local de stockage", "salle polyvalente", "atelier équipé"],
    "materiel": ["tables et chaises", "vidéoprojecteur", "sonorisation", "barnums", "outillage de jardin"],
    "vehicule": ["fourgon utilitaire", "minibus de neuf places", "camionnette", "vélo cargo", "remorque"],
    "service": ["transport solidaire", "impression de documents", "garde d'enfants", "traduction", "réparation informatique"],
    "autre": ["compost et semences", "livres à donner", "costumes de théâtre", "matériaux de réemploi", "jeux de société"],
}
NOUNS = ["jardins", "solidarité", "quartiers", "familles", "jeunes", "seniors", "sports", "musique", "théâtre", "réemploi",
         "numérique", "entraide", "insertion", "environnement", "mobilité", "culture", "santé", "handicap", "lecture", "cuisine",
         "danse", "photographie", "randonnée", "échecs", "couture", "menuiserie", "apiculture", "astronomie", "cinéma", "chorale",
         "football", "natation", "vélo", "compostage", "alphabétisation", "parentalité", "logement", "énergie", "patrimoine", "poterie"]
ADJECTIVES = ["solidaires", "partagés", "ouverts", "durables", "vivants", "unis", "créatifs", "actifs", "voisins", "citoyens",
              "joyeux", "curieux", "engagés", "fraternels", "gourmands", "libres", "sportifs", "verts", "nomades", "studieux"]
VERBS = ["accompagne", "soutient", "réunit", "forme", "accueille", "organise", "anime", "mutualise", "développe", "propose",
         "initie", "encourage", "conseille", "rassemble", "sensibilise", "équipe", "oriente", "défend", "valorise", "héberge"]
PUBLICS = ["les habitants", "les associations du territoire", "les personnes âgées", "les familles", "les jeunes du quartier",
           "les demandeurs d'emploi", "les bénévoles", "les personnes en situation de handicap", "les écoles", "les entreprises locales",
           "les étudiants", "les parents isolés", "les nouveaux arrivants", "les retraités", "les collégiens", "les aidants familiaux",
           "les artisans", "les réfugiés", "les sportifs amateurs", "les agriculteurs"]
PLACES = ["au centre social", "dans nos locaux", "le samedi matin", "pendant les vacances scolaires", "en soirée", "toute l'année",
          "sur rendez-vous", "lors des fêtes de quartier", "à la maison de quartier", "le mercredi après-midi", "au gymnase",
          "à la médiathèque", "au jardin partagé", "dans les écoles", "en plein air", "chaque premier dimanche du mois",
          "à la salle des fêtes", "au marché", "pendant l'été", "en ligne"]
GOALS = ["rompre l'isolement", "favoriser l'emploi", "protéger la biodiversité", "réduire les déchets", "apprendre ensemble",
         "créer du lien", "faciliter l'accès aux droits", "découvrir de nouveaux talents", "bouger davantage", "mieux se nourrir",
         "économiser l'énergie", "transmettre un savoir-faire", "soutenir la création", "réparer plutôt que jeter", "partager les outils"]
ORG_TYPES = ["association"] * 7 + ["entreprise", "cooperative", "collectivite", "fondation", "mutuelle"]
FORMS = ["ptce", "groupement-employeurs", "consortium", "partenariat", "reseau", "tiers-lieu"]
STATUSES = ["idee", "demarrage", "en-cours", "termine"]
ROLES = ["porteur", "partenaire", "financeur", "operateur", "expert"]
TERMS = ["gratuit", "partage-des-couts", "location", "echange", "a-definir"]
COMMUNE_PARTS = ["Saint-Martin", "Bois", "Val", "Mont", "Clos", "Pré", "Fontaine", "Chêne", "Moulin", "Roche"]
COMMUNE_SUFFIXES = ["les-Bois", "sur-Mauldre", "le-Château", "des-Prés", "en-Yvelines", "la-Forêt"]


def _sentence(rng: random.Random) -> str:
    return rng.choice([
        f"Notre structure {rng.choice(VERBS)} {rng.choice(PUBLICS)} {rng.choice(PLACES)}, autour de la {rng.choice(NOUNS)}.",
        f"Nous voulons {rng.choice(GOALS)} avec {rng.choice(PUBLICS)}.",
        f"Les ateliers de {rng.choice(NOUNS)} ont lieu {rng.choice(PLACES)}.",
        f"Un collectif {rng.choice(ADJECTIVES)} qui {rng.choice(VERBS)} {rng.choice(PUBLICS)} pour {rng.choice(GOALS)}.",
        f"Nous cherchons des partenaires pour la {rng.choice(NOUNS)} et pour {rng.choice(GOALS)}.",
    ])


def _description(rng: random.Random) -> str:
    return " ".join(_sentence(rng) for _ in range(rng.randint(3, 7)))


def _date(rng: random.Random, year: int = 2026) -> str:
    return f"{year}-{rng.randint(1, 10):02d}-{rng.randint(1, 28):02d}"


def communes(count: int, rng: random.Random) -> list[dict]:
    spread = max(1.0, (count / 60) ** 0.5)  # a département's density whatever their number (60 in about 30 × 30 km)
    result = []
    for number in range(count):
        name = f"{rng.choice(COMMUNE_PARTS)}-{rng.choice(COMMUNE_SUFFIXES)}-{number}"
        result.append({
            "id": name.lower().replace("é", "e").replace("ê", "e").replace("â", "a"),
            "nom": name,
            # Five characters past 1,000 communes too: the next département's codes (78…, 79…).
            "insee": f"{78 + number // 1000}{number % 1000:03d}",
            "codes_postaux": [f"{78 + number // 1000}{number % 1000:03d}"],
            "coordonnees": {"lat": round(48.7 + rng.random() * 0.3 * spread, 4), "lon": round(1.8 + rng.random() * 0.4 * spread, 4)},
        })
    return result


def write_directory(folder: Path, records: int, seed: int = 2026, commune_count: int = 60) -> dict[str, int]:
    """Write a data folder; returns the number of records of each kind. `commune_count`: a département has
    about 260 communes, a region about 1,300."""
    rng = random.Random(seed)
    folder = Path(folder)
    if folder.exists():
        shutil.rmtree(folder)
    for sub in PROPORTIONS:
        (folder / sub).mkdir(parents=True)
    shutil.copyfile(ROOT / "data" / "themes.yaml", folder / "themes.yaml")
    themes = [item["id"] for item in yaml.safe_load((ROOT / "data" / "themes.yaml").read_text("utf-8"))]
    places = communes(commune_count, rng)
    (folder / "communes.yaml").write_text(yaml.safe_dump(places, allow_unicode=True, sort_keys=False), "utf-8")
    commune_ids = [place["id"] for place in places]
    counts = {kind: int(records * share) for kind, share in PROPORTIONS.items()}

    def dump(kind, slug, data):
        (folder / kind / f"{slug}.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000), "utf-8")

    organisations = []
    for number in range(counts["organisations"]):
        slug = f"org-{number}"
        organisations.append(slug)
        dump("organisations", slug, {
            "nom": f"{rng.choice(['Association', 'Collectif', 'Les Amis', 'Maison', 'Réseau'])} des {rng.choice(NOUNS)} {rng.choice(ADJECTIVES)} {number}",
            "type": rng.choice(ORG_TYPES),
            "resume": _sentence(rng),
            "description": _description(rng),
            "themes": rng.sample(themes, rng.randint(1, 3)),
            "commune": rng.choice(commune_ids),
            "mis_a_jour": _date(rng),
        })
    for kind in ("offers", "needs"):
        for number in range(counts[kind]):
            category = rng.choice(list(CATEGORIES))
            thing = rng.choice(CATEGORIES[category])
            verb = "Nous proposons" if kind == "offers" else "Nous cherchons"
            dump(kind, f"{kind[:-1]}-{number}", {
                "titre": f"{thing[0].upper()}{thing[1:]} {rng.choice(PLACES)}",
                "organisation": rng.choice(organisations),
                "categorie": category,
                "resume": f"{verb} {thing} pour {rng.choice(PUBLICS)} {rng.choice(PLACES)}.",
                "description": _description(rng),
                "themes": rng.sample(themes, rng.randint(0, 2)),
                "conditions": {"type": rng.choice(TERMS)},
                "commune": rng.choice(commune_ids),
                "publie_le": _date(rng),
                "mis_a_jour": _date(rng, 2026),
            })
    for number in range(counts["projects"]):
        partners = rng.sample(organisations, rng.randint(2, 5))
        dump("projects", f"projet-{number}", {
            "nom": f"Projet {rng.choice(NOUNS)} {rng.choice(ADJECTIVES)} {number}",
            "forme": rng.choice(FORMS),
            "resume": _sentence(rng),
            "description": _description(rng),
            "statut": rng.choice(STATUSES[:3]),
            "partenaires": [{"organisation": slug, "role": ROLES[0] if i == 0 else rng.choice(ROLES[1:])} for i, slug in enumerate(partners)],
            "themes": rng.sample(themes, rng.randint(1, 3)),
            "communes": rng.sample(commune_ids, rng.randint(1, 3)),
            "mis_a_jour": _date(rng),
        })
    return counts
