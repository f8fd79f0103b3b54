"""Benchmark: the bucketed matcher against a naive all-pairs version, on a synthetic directory.

    .venv/bin/python -m bench.matching [--records 10000] [--seed 2026] [--repeat 3] [--communes 1300]

The directory is generated from a seeded random generator (same seed, same
directory): 40 % organisations, 30 % offers, 20 % needs, 10 % projects, with
the themes and communes of data/. Both versions (`match` and `suggest_partners`,
with and without `naive=True`) run in the same process, on the same directory;
the script prints their best times over `--repeat` runs and the ratio, and
exits with 1 if they do not give exactly the same suggestions and reasons.
"""

from __future__ import annotations

import argparse
import datetime
import random
import sys
import time
from pathlib import Path

import yaml

from annuaire.meeting.matching import match
from annuaire.meeting.partners import suggest_partners
from annuaire.record_types import BY_NAME
from annuaire.records import schemas
from annuaire.records.model import Record, link
from bench import synthetic

ROOT = Path(__file__).resolve().parents[1]

TODAY = datetime.date(2026, 11, 26)
# Words by category: what titles, summaries and capacity units are made of.
VOCABULARY = {
    "salarie-partage": (["comptable", "animateur", "chargée", "communication", "secrétaire", "coordinateur", "médiateur"], ["heures par semaine", "jours par mois"]),
    "competences": (["juridique", "budget", "informatique", "graphisme", "site", "web", "formation", "traduction"], ["personnes", "séances"]),
    "benevoles": (["accueil", "collecte", "tri", "buvette", "sécurité", "animation", "course", "forum"], ["personnes"]),
    "locaux": (["salle", "bureau", "entrepôt", "local", "stockage", "atelier", "cuisine", "réunion"], ["m²", "places", "personnes"]),
    "materiel": (["chaises", "tables", "barnums", "sono", "vidéoprojecteur", "ordinateurs", "vaisselle", "outils"], ["chaises", "tables", "ordinateurs", "pièces"]),
    "vehicule": (["fourgon", "minibus", "camion", "utilitaire", "remorque", "voiture", "vélo", "cargo"], ["m³", "places"]),
    "service": (["transport", "ménage", "impression", "reprographie", "livraison", "garde", "restauration"], ["trajets", "heures"]),
    "autre": (["compost", "semences", "livres", "jeux", "costumes", "décors", "plantes"], ["litres", "pièces"]),
}
COMMON_WORDS = ["quartier", "printemps", "été", "automne", "hiver", "soirée", "week-end", "fête", "tournoi", "atelier", "enfants", "aînés"]
TERMS = ["gratuit", "partage-des-couts", "location", "echange", "a-definir"]
ORGANISATION_TYPES = ["association", "association", "association", "entreprise", "cooperative", "fondation", "collectivite", "autre"]
ROLES = ["porteur", "partenaire", "financeur", "operateur", "expert"]


def synthetic_directory(count: int = 10_000, seed: int = 2026, commune_count: int | None = None):
    """A linked directory of `count` records, always the same for the same seed."""
    rng = random.Random(seed)
    themes = yaml.safe_load((ROOT / "data" / "themes.yaml").read_text("utf-8"))
    if commune_count:
        communes = synthetic.communes(commune_count, random.Random(seed))
    else:
        communes = yaml.safe_load((ROOT / "data" / "communes.yaml").read_text("utf-8"))
    theme_ids, commune_ids = [t["id"] for t in themes], [c["id"] for c in communes]
    records = {
        "theme": [Record(BY_NAME["theme"], t["id"], t, "") for t in themes],
        "commune": [Record(BY_NAME["commune"], c["id"], c, "") for c in communes],
        "organisation": [], "offer": [], "need": [], "project": [],
    }
    sizes = {"organisation": count * 4 // 10, "offer": count * 3 // 10, "need": count * 2 // 10}
    sizes["project"] = count - sum(sizes.values())

    def day(start_year=2026, end_year=2028):
        start = datetime.date(start_year, 1, 1).toordinal()
        return datetime.date.fromordinal(rng.randint(start, datetime.date(end_year, 12, 31).toordinal()))

    for number in range(sizes["organisation"]):
        data = {
            "nom": f"Organisation {number:05d}",
            "type": rng.choice(ORGANISATION_TYPES),
            "resume": "Une organisation générée pour le banc d'essai.",
            "themes": rng.sample(theme_ids, rng.randint(1, 3)),
            "mis_a_jour": "2026-01-01",
        }
        if rng.random() < 0.8:
            data["commune"] = rng.choice(commune_ids)
        records["organisation"].append(Record(BY_NAME["organisation"], f"organisation-{number:05d}", data, ""))
    organisation_ids = [record.slug for record in records["organisation"]]
    for kind in ("offer", "need"):
        for number in range(sizes[kind]):
            category = rng.choice(list(VOCABULARY))
            words, units = VOCABULARY[category]
            chosen = rng.sample(words, 3)
            published = day(2025, 2026)
            data = {
                "titre": f"{chosen[0].capitalize()} {chosen[1]} ({number})",
                "organisation": rng.choice(organisation_ids),
                "categorie": category,
                "resume": f"{chosen[2].capitalize()} pour notre {rng.choice(COMMON_WORDS)} et nos {rng.choice(COMMON_WORDS)}.",
                "themes": rng.sample(theme_ids, rng.randint(1, 3)),
                "conditions": {"type": rng.choice(TERMS)},
                "publie_le": published.isoformat(),
                "mis_a_jour": published.isoformat(),
            }
            if rng.random() < 0.7:
                start = day()
                period = {"debut": start.isoformat()}
                if rng.random() < 0.6:
                    period["fin"] = (start + datetime.timedelta(days=rng.randint(0, 400))).isoformat()
                data["disponibilite"] = period
            if rng.random() < 0.85:
                data["commune"] = rng.choice(commune_ids)
            if rng.random() < 0.6:
                data["capacite"] = {"nombre": rng.randint(1, 100), "unite": rng.choice(units)}
            if rng.random() < 0.2:
                data["expire_le"] = (published + datetime.timedelta(days=rng.randint(30, 900))).isoformat()
            records[kind].append(Record(BY_NAME[kind], f"{kind}-{number:05d}", data, ""))
    for number in range(sizes["project"]):
        members = rng.sample(organisation_ids, rng.randint(2, 5))
        data = {
            "nom": f"Projet {number:05d}",
            "forme": "reseau",
            "resume": "Un projet généré pour le banc d'essai.",
            "statut": "en-cours",
            "partenaires": [{"organisation": slug, "role": rng.choice(ROLES)} for slug in members],
            "themes": rng.sample(theme_ids, rng.randint(1, 3)),
            "communes": rng.sample(commune_ids, rng.randint(0, 3)),
            "mis_a_jour": "2026-01-01",
        }
        if rng.random() < 0.4:
            data["recherche"] = ["partenaires"]
        records["project"].append(Record(BY_NAME["project"], f"project-{number:05d}", data, ""))
    return link(records, schemas.vocabulary("project.schema.json")["partenaires.role"])


def run(directory, naive: bool):
    matches = match(directory, TODAY, limit=5, naive=naive)
    partners = suggest_partners(directory, limit=5, naive=naive)
    return matches, partners


def summary(result) -> dict:
    """The suggestions, as plain values: what both versions must agree on."""
    matches, partners = result

    def plain(table):
        return {slug: [(item.record.slug, item.reasons) for item in items] for slug, items in table.items()}

    return {"offers_by_need": plain(matches.offers_by_need), "needs_by_offer": plain(matches.needs_by_offer), "partners": plain(partners)}


def best_time(function, repeat: int):
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return min(times), result


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--communes", type=int, default=None, help="generated communes instead of data/'s")
    args = parser.parse_args(argv)
    directory = synthetic_directory(args.records, args.seed, args.communes)
    counts = ", ".join(f"{len(directory.records[kind])} {kind}" for kind in ("organisation", "offer", "need", "project"))
    print(f"Annuaire synthétique (graine {args.seed}) : {counts}")
    bucketed_time, bucketed = best_time(lambda: run(directory, naive=False), args.repeat)
    naive_time, naive = best_time(lambda: run(directory, naive=True), args.repeat)
    same = summary(bucketed) == summary(naive)
    found = summary(bucketed)
    suggestions = sum(len(items) for items in found["offers_by_need"].values())
    print(f"Suggestions : {suggestions} offres pour {len(found['offers_by_need'])} besoins, partenaires pour {len(found['partners'])} projets")
    print(f"Par paquets (offres : catégorie × commune × conditions ; partenaires : thèmes) : {bucketed_time:.3f} s (meilleur de {args.repeat})")
    print(f"Naïf, toutes les paires : {naive_time:.3f} s (meilleur de {args.repeat})")
    print(f"Rapport naïf / par paquets : {naive_time / bucketed_time:.1f}")
    print("Mêmes suggestions : " + ("oui" if same else "NON"))
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
