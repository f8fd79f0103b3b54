"""Deterministic files in the format of the national register of associations (RNA).

The register publishes two editions a month, `rna_waldec_YYYYMMDD` (associations
created or changed since 2009) and `rna_import_YYYYMMDD` (older ones), each a zip
of one CSV per département: `;` separated, a header row, Latin-1, dates
`YYYY-MM-DD` where `0001-01-01` means none (lines end with CRLF here). This module writes such files, with
the register's oddities, for tests and benchmarks:

- `generate_rows(...)` yields the rows, dicts keyed by column name, in the
  register's style (titles in capitals without accents, cut titles, acronyms,
  abbreviated street types, communes in capitals), with ~8 % dissolved or deleted
  associations, ~5 % offices outside the territory, ~1 % unknown social-object
  codes, a few `0001-01-01`; `malformed=True` adds ~0.2 % raw lines that a reader
  must reject (`RawLine`: wrong number of fields, bad id, empty title);
  `hostile=True` puts hostile text into every text column of one row in 200.
- `write_csv` and `write_zip` stream them to one CSV, or to a zip of one CSV per
  département named like the register's members, in Latin-1 or UTF-8.
- `python -m bench.register_files --edition waldec --rows 15000 --departement 78
  --output rna_waldec_20250901.zip` takes the communes from the official
  geography in node_modules (`--departement ALL` for the whole country).

The managers' private addresses (`adrg_*`) are fake and recognisable: every one
of their text fields holds PRIVATE_MARKER, so that a test can check that none is
ever imported. Telephone numbers are in the range reserved for fiction
(01 99 00 xx xx) and e-mails on example.org.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import io
import json
import random
import re
import sys
import tempfile
import time
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from annuaire.register.themes_mapping import NOMENCLATURE

OBJETS_SOCIAUX = NOMENCLATURE  # the register's nomenclature, as the project keeps it: code;libelle;code_famille;libelle_famille

WALDEC_COLUMNS = (
    "id", "id_ex", "siret", "rup_mi", "gestion", "date_creat", "date_decla", "date_publi", "date_disso", "nature", "groupement",
    "titre", "titre_court", "objet", "objet_social1", "objet_social2", "adrs_complement", "adrs_numvoie", "adrs_repetition",
    "adrs_typevoie", "adrs_libvoie", "adrs_distrib", "adrs_codeinsee", "adrs_codepostal", "adrs_libcommune", "adrg_declarant",
    "adrg_complemid", "adrg_complemgeo", "adrg_libvoie", "adrg_distrib", "adrg_codepostal", "adrg_achemine", "adrg_pays",
    "dir_civilite", "siteweb", "publiweb", "observation", "position", "maj_time",
)
CONTACT_COLUMNS = ("telephone", "email")  # in some waldec editions, before `observation`
IMPORT_COLUMNS = (
    "id", "id_ex", "siret", "gestion", "date_creat", "date_publi", "nature", "groupement", "titre", "objet", "objet_social1",
    "objet_social2", "adr1", "adr2", "adr3", "adrs_codepostal", "libcom", "adrs_codeinsee", "dir_civilite", "telephone",
    "siteweb", "email", "observation", "position", "rup_mi", "maj_time",
)
EDITIONS = ("waldec", "import")
NONE_DATE = "0001-01-01"
LINE_END = "\r\n"
PRIVATE_MARKER = "GERANT PRIVE"  # in every text field of a manager's private address (adrg_*)
UNKNOWN_CODES = ("099999", "000000", "999999", "012999")  # social-object codes missing from the nomenclature
HOSTILE = (
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "[x](javascript:alert(1))",
    "{{ 7*7 }}",
    "=cmd|' /C calc'!A0",
    "{% include '/etc/passwd' %} ${7*7}",
    "<a href=\"javascript:alert(1)\">clic</a> **gras** &amp; &lt;b&gt;",
    "contrôle\x01\x02\x08\x0b\x0c\x1b\x7f\x85\xa0\xad fin\ttab\r\nligne",
    "---\ntitre: injecté\n- liste\n",
    "'; DROP TABLE associations; --",
    "../../../../etc/passwd",
    "LONGUE" * 4000,
)
HOSTILE_EVERY = 200  # rows 3, 203, 403... when hostile=True
MALFORMED_SHARE = 0.002

# Street types as the register abbreviates them, with their weights.
STREET_TYPES = {"RUE": 40, "AV": 12, "BD": 5, "PL": 6, "CHE": 6, "ALL": 7, "IMP": 4, "SQ": 3, "RTE": 5, "CRS": 2, "QUAI": 1,
                "CHEM": 3, "RES": 4, "SENT": 1, "VOIE": 1, "PASS": 1}
STREET_WORDS = {"RUE": "RUE", "AV": "AVENUE", "BD": "BOULEVARD", "PL": "PLACE", "CHE": "CHEMIN", "ALL": "ALLEE", "IMP": "IMPASSE",
                "SQ": "SQUARE", "RTE": "ROUTE", "CRS": "COURS", "QUAI": "QUAI", "CHEM": "CHEMIN", "RES": "RESIDENCE",
                "SENT": "SENTE", "VOIE": "VOIE", "PASS": "PASSAGE"}
STREETS = ["DES LILAS", "JEAN JAURES", "DE LA PAIX", "DU GENERAL DE GAULLE", "VICTOR HUGO", "DE LA REPUBLIQUE", "DES ECOLES",
           "PASTEUR", "DU MOULIN", "DE PARIS", "DES TILLEULS", "DE LA GARE", "SAINT MARTIN", "DU CHATEAU", "DES PRES", "GAMBETTA",
           "DE L EGLISE", "DE VERSAILLES", "DU 8 MAI 1945", "DES ACACIAS", "JEAN MOULIN", "DES FRERES LUMIERE", "DE LA MAIRIE",
           "DU MARECHAL FOCH", "ANATOLE FRANCE", "DES COQUELICOTS", "DU PARC", "DE LA FONTAINE", "MARCEL PAGNOL", "DES VIGNES",
           "CLEMENT ADER", "DES SAULES", "DU BOIS", "DE LA LIBERATION", "ALBERT CAMUS", "DES GLYCINES", "LOUISE MICHEL"]
COMPLEMENTS = ["MAIRIE", "MAISON DES ASSOCIATIONS", "HOTEL DE VILLE", "CENTRE SOCIAL", "BATIMENT B", "ESPACE JEAN MOULIN",
               "MAISON DE QUARTIER", "SALLE DES FETES", "GYMNASE MUNICIPAL", "COMPLEXE SPORTIF", "ECOLE ELEMENTAIRE",
               "CHEZ LE PRESIDENT", "ZA DES BOUTAREINES", "ESCALIER 2"]

# Natural French; the register's capitals are derived (capitals()).
SPORTS = ["tennis", "football", "judo", "basket-ball", "pétanque", "gymnastique", "natation", "cyclotourisme", "randonnée",
          "tennis de table", "escrime", "karaté", "badminton", "rugby", "handball", "échecs", "équitation", "tir à l'arc",
          "voile", "aviron", "athlétisme", "volley-ball", "danse", "yoga", "boxe française"]
GROUPS = ["anciens combattants", "retraités", "parents d'élèves", "commerçants", "locataires", "donneurs de sang", "chasseurs",
          "pêcheurs", "artisans", "jardiniers", "anciens élèves", "sapeurs-pompiers", "motards", "randonneurs", "aînés",
          "musiciens", "riverains", "apiculteurs", "collectionneurs", "bénévoles"]
ACTIVITIES = ["théâtre", "peinture", "musique", "photographie", "couture", "poterie", "généalogie", "informatique", "lecture",
              "chant choral", "cuisine", "jardinage", "astronomie", "scrabble", "bridge", "modélisme", "danse folklorique",
              "cinéma", "écriture", "sculpture"]
PLACES = ["Vieux Lavoir", "Moulin", "Château", "Prieuré", "Vieux Pont", "Parc", "Clocher", "Bois Joli", "Marais", "Étang",
          "Manoir", "Patrimoine", "Orgue", "Musée", "Val"]
TREES = ["tilleuls", "chênes", "acacias", "érables", "platanes", "marronniers", "bouleaux", "cèdres", "peupliers", "saules"]
PUBLICS = ["les habitants", "les jeunes", "les familles", "les personnes âgées", "les enfants", "les demandeurs d'emploi",
           "les personnes handicapées", "les adhérents", "les élèves", "les riverains", "les femmes", "les étudiants"]
VERBS = ["promouvoir", "développer", "favoriser", "encourager", "organiser", "soutenir", "accompagner", "défendre", "animer",
         "faire connaître"]
DOMAINS = ["administratives", "sociales", "culturelles", "sportives", "éducatives", "de santé", "d'insertion", "de logement"]
TITLES = [  # {c}: commune, {s}: sport, {g}: group, {a}: activity, {p}: place, {t}: trees
    "Association des Parents d'Élèves de {c}", "Club de {s} de {c}", "Association Sportive de {c}", "Comité des Fêtes de {c}",
    "Amicale des {g} de {c}", "Union Sportive de {c}", "Les Amis du {p}", "Les Amis du {p} de {c}", "{s} Club de {c}",
    "Société de Chasse de {c}", "Association Syndicale Libre du Domaine des {t}", "Chorale de {c}", "Compagnie Théâtrale de {c}",
    "Association pour la Sauvegarde du Patrimoine de {c}", "Atelier de {a} de {c}", "Club de l'Âge d'Or de {c}",
    "Association de {a} de {c}", "Jardins Partagés de {c}", "Amicale des Locataires de la Résidence des {t}",
    "Association Culturelle de {c}", "Association des {g} de {c}", "Sauvegarde du {p} de {c}", "Football Club de {c}",
    "Association Sportive {s} {c}", "Les {g} de {c}", "Cercle de {a} de {c}", "Association Familiale de {c}",
    "Association Intercommunale d'Aide à Domicile de {c}", "Foyer Rural de {c}", "Association des Amis de l'École de {c}",
]
TITLES_UNION = ["Union des Associations de {c}", "Union Locale des {g}", "Union des {g} de {c}"]
TITLES_FEDERATION = ["Fédération Départementale des {g}", "Fédération des Clubs de {s}", "Fédération des Associations de {c}"]
SENTENCES = [
    "{v} la pratique de {s} en loisir et en compétition",
    "organiser des manifestations festives et culturelles à {c}",
    "représenter les parents d'élèves auprès des établissements scolaires et des pouvoirs publics",
    "favoriser les échanges et la convivialité entre {u}",
    "accompagner {u} dans leurs démarches {d}",
    "créer, gérer et animer un lieu de rencontre pour {u}",
    "sauvegarder et mettre en valeur le {p} et le patrimoine de la commune",
    "défendre les intérêts matériels et moraux des {g}",
    "contribuer à la protection de l'environnement, des paysages et de la biodiversité à {c}",
    "proposer des cours et des ateliers de {a} pour {u}",
    "{v} l'enseignement et la diffusion de {a}",
    "gérer la chasse sur le territoire de la commune et veiller au respect des règlements",
    "entretenir les espaces communs de la résidence des {t}",
    "venir en aide aux personnes en difficulté par tous moyens appropriés",
    "participer à l'animation de la vie locale en lien avec la municipalité",
    "réunir les {g} et maintenir les liens d'amitié entre eux",
    "organiser des voyages, des sorties et des repas pour {u}",
    "collecter des fonds au profit d'oeuvres caritatives",
    "{v} l'accès de {u} aux activités {d}",
    "mettre à disposition de ses membres du matériel et des locaux",
]
SHORT_OBJETS = ["Sport", "Loisirs", "Culture", "Pétanque", "CHASSE", "Défense des intérêts des riverains", "Aide à domicile",
                "Musique", "ANIMATION", "Théâtre amateur", "Entraide", "voir statuts", "CF STATUTS"]
OBSERVATIONS = ["Transfert de siège", "Modification des statuts", "FUSION AVEC UNE AUTRE ASSOCIATION", "Changement de titre",
                "DOSSIER INCOMPLET", "Reprise des données", "Déclaration modificative", "RECONSTITUTION DU BUREAU"]
DISSOLUTIONS = ["Dissoute par décision de l'assemblée générale", "DISSOLUTION VOLONTAIRE", "Dissolution judiciaire",
                "Dissoute faute d'activité"]
JUNK_SITES = ["non", "NEANT", "aucun", "javascript:alert(1)", "http://", "www.", "en construction", "-"]
STOPWORDS = {"DE", "DES", "DU", "LA", "LE", "LES", "ET", "L", "D", "A", "AU", "AUX", "EN", "POUR", "SUR"}


def capitals(text: str) -> str:
    """The register's capitals: accents dropped, ligatures spelt out."""
    text = text.replace("œ", "oe").replace("Œ", "OE").replace("æ", "ae").replace("Æ", "AE")
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return plain.upper()


_VOWEL = "AEIOUYÂÉÈÊÎÔaeiouyâéèêîô"
_ELISIONS = [
    (re.compile(r"\b([dD])e [lL]es "), r"\1es "), (re.compile(r"\b([dD])e [lL]e "), r"\1u "), (re.compile(r"\bà [lL]es "), "aux "),
    (re.compile(r"\bà [lL]e "), "au "), (re.compile(rf"\b([dD])u ([{_VOWEL}])"), r"\1e l'\2"), (re.compile(rf"\b([dDlL])e ([{_VOWEL}])"), r"\1'\2"),
]


def elide(text: str) -> str:
    """French elisions and contractions after filling a template: « de Andrésy » is « d'Andrésy »."""
    for pattern, replacement in _ELISIONS:
        text = pattern.sub(replacement, text)
    return text


def commune_style(name: str) -> str:
    """A commune as `adrs_libcommune` spells it: capitals without accents, hyphens and apostrophes as spaces."""
    return " ".join(capitals(name).replace("-", " ").replace("'", " ").split())


def latin1(text: str) -> str:
    """`text` with its characters outside Latin-1 spelt out or dropped (for names read from elsewhere)."""
    text = text.replace("œ", "oe").replace("Œ", "OE").replace("’", "'").replace("–", "-").replace("…", "...")
    return "".join(character if ord(character) < 256 else capitals(character) for character in text)


def acronym(title: str) -> str:
    words = title.replace("'", " ").replace("-", " ").replace('"', " ").split()
    return "".join(word[0] for word in words if word not in STOPWORDS and word[0].isalnum())


def departement_of(insee: str) -> str:
    return insee[:3] if insee.startswith("97") else insee[:2]


def columns(edition: str = "waldec", with_contacts: bool = False) -> tuple[str, ...]:
    if edition == "import":
        return IMPORT_COLUMNS
    if edition != "waldec":
        raise ValueError(f"edition {edition!r}: waldec or import")
    if not with_contacts:
        return WALDEC_COLUMNS
    cut = WALDEC_COLUMNS.index("observation")
    return WALDEC_COLUMNS[:cut] + CONTACT_COLUMNS + WALDEC_COLUMNS[cut:]


def read_social_codes(path: Path = OBJETS_SOCIAUX) -> list[str]:
    with open(path, encoding="utf-8", newline="") as file:
        return [row["code"] for row in csv.DictReader(file, delimiter=";")]


def luhn_digit(digits: str) -> str:
    """The digit that makes `digits + it` pass the Luhn check."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char) * (1 if position % 2 else 2)
        total += value - 9 if value > 9 else value
    return str(-total % 10)


class RawLine(str):
    """A malformed row, written as this line as is; `reason` says what is wrong with it."""

    departement: str
    reason: str

    def __new__(cls, line: str, departement: str, reason: str):
        raw = super().__new__(cls, line)
        raw.departement = departement
        raw.reason = reason
        return raw


def _writer(file):
    # The line terminator holds both \r and \n: the csv module quotes a field holding one of its characters, and only those.
    return csv.writer(file, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator=LINE_END)


def format_line(values: Sequence[str]) -> str:
    buffer = io.StringIO()
    _writer(buffer).writerow(values)
    return buffer.getvalue().removesuffix(LINE_END)


class _Text:
    """The generator's phrase pools, drawn once from the seeded random source."""

    def __init__(self, rng: random.Random, names: list[str]):
        def fill(template: str, commune: str | None = None) -> str:
            return elide(template.format(c=commune or rng.choice(names), s=rng.choice(SPORTS), g=rng.choice(GROUPS), a=rng.choice(ACTIVITIES),
                                         p=rng.choice(PLACES), t=rng.choice(TREES), u=rng.choice(PUBLICS), v=rng.choice(VERBS),
                                         d=rng.choice(DOMAINS)))

        self.fill = fill
        self.sentences = [fill(rng.choice(SENTENCES)) for _ in range(3000)]
        self.capital_sentences = [capitals(sentence) for sentence in self.sentences]


def _date(ordinal: int) -> str:
    return datetime.date.fromordinal(ordinal).isoformat()


def generate_rows(
    edition: str = "waldec",
    rows: int = 1000,
    seed: int = 2026,
    communes: Sequence[tuple[str, str, str]] = (),
    outside: Sequence[tuple[str, str, str]] = (),
    *,
    date: str = "20250901",
    with_contacts: bool = False,
    hostile: bool = False,
    malformed: bool = True,
    former: Sequence[tuple[str, str, str]] = (),
    social_codes: Path | Sequence[str] = OBJETS_SOCIAUX,
) -> Iterator[dict[str, str] | RawLine]:
    """`rows` rows of an edition: dicts keyed by column name, and RawLine for the malformed ones.

    `communes`: the territory's (insee, postal code, name); `outside`: communes of other
    départements (~5 % of rows when given); `former`: codes the register still uses for
    merged communes (~2 % of rows when given). Names may be written naturally
    ("Saint-Cyr-l'École"): the rows spell them the register's way.
    """
    if edition not in EDITIONS:
        raise ValueError(f"edition {edition!r}: waldec or import")
    if not communes:
        raise ValueError("at least one commune of the territory is needed")
    rng = random.Random(seed)
    header = columns(edition, with_contacts)
    waldec = edition == "waldec"
    codes = list(social_codes) if not isinstance(social_codes, (str, Path)) else read_social_codes(Path(social_codes))
    unknown = [code for code in UNKNOWN_CODES if code not in set(codes)]

    def prepare(places):
        return [(insee, postal, latin1(name), commune_style(name)) for insee, postal, name in places]

    inside, elsewhere, merged = prepare(communes), prepare(outside), prepare(former)
    text = _Text(rng, [name for _insee, _postal, name, _style in inside])
    file_date = datetime.datetime.strptime(date, "%Y%m%d").date()
    end = file_date.toordinal() - 1
    start_1901, start_2009 = datetime.date(1901, 7, 2).toordinal(), datetime.date(2009, 3, 1).toordinal()
    street_types, street_weights = list(STREET_TYPES), list(STREET_TYPES.values())
    serials: dict[str, int] = {}

    def new_id(departement: str) -> tuple[str, str]:
        """A unique `W` + 9 digits: the prefecture's three digits, then a serial; and the `gestion` code."""
        if departement.startswith("97"):
            heads = [departement]
        else:
            digits, first = "20" if departement in ("2A", "2B") else departement[:2], rng.choice("1112233")
            heads = [digits + first] + [digits + sub for sub in "123456789" if sub != first]  # the next ones when one is full
        for head in heads:
            serial = serials.get(head, rng.randrange(50_000)) + (1 if rng.random() < 0.9 else 2)
            if serial <= 999_999:
                serials[head] = serial
                return f"W{head}{serial:06d}", head + ("P" if head.endswith("1") or len(heads) == 1 else "S")
        raise ValueError(f"more rows than W ids for département {departement}")

    def title(groupement: str, commune: str) -> str:
        templates = TITLES_UNION if groupement == "U" else TITLES_FEDERATION if groupement == "F" else TITLES
        natural = text.fill(rng.choice(templates), commune)
        natural = natural[0].upper() + natural[1:]
        chosen = capitals(natural) if rng.random() < 0.8 else natural
        if rng.random() < 0.02:
            chosen = f'"{chosen}"'
        return chosen

    def short_title(full: str) -> str:
        draw = rng.random()
        if draw < 0.25:
            return acronym(capitals(full))
        if draw < 0.45 and len(full) > 32:
            return full[: rng.randint(28, min(45, len(full) - 1))].rstrip() + "..."
        return ""

    def objet() -> str:
        draw = rng.random()
        if draw < 0.03:
            return ""
        if draw < 0.13:
            return rng.choice(SHORT_OBJETS)
        upper = rng.random() < 0.45
        pool = text.capital_sentences if upper else text.sentences
        if draw < 0.25:  # long: 300 to 1,500 characters, sometimes on several lines
            target, parts = rng.randint(300, 1500), []
            joiner = "\n" if rng.random() < 0.2 else " ; "
            while sum(len(part) + 3 for part in parts) < target:
                parts.append(rng.choice(pool))
            body = joiner.join(parts)[:1500]
        else:
            body = " ; ".join(rng.choice(pool) for _ in range(rng.randint(1, 3)))
        return (body[0].upper() + body[1:] + ("" if upper and rng.random() < 0.5 else "."))

    def social(first: bool) -> str:
        draw = rng.random()
        if draw < 0.01 and unknown:
            return rng.choice(unknown)
        if draw < (0.09 if first else 0.45):
            return ""
        return rng.choice(codes)

    def siret() -> str:
        draw = rng.random()
        if draw < 0.85:
            return ""
        siren = str(rng.randint(1, 9)) + "".join(rng.choices("0123456789", k=7))
        siren += luhn_digit(siren)
        number = siren + "".join(rng.choices("0123456789", k=4))
        number += luhn_digit(number)
        if draw < 0.97 and not number.startswith("356000000"):  # La Poste's SIREN has its own check
            return number
        broken = number[:-1] + str((int(number[-1]) + rng.randint(1, 9)) % 10)
        return rng.choice((broken, number[:13], number[:9] + " " + number[9:-1], siren))

    def siteweb(slug: str) -> str:
        draw = rng.random()
        if draw < 0.88:
            return ""
        if draw < 0.97:
            return rng.choice((f"http://www.{slug}-exemple.fr", f"www.{slug}-exemple.fr", f"https://{slug}.exemple.org",
                               f"https://www.{slug}-exemple.fr/accueil", f"HTTP://WWW.{slug.upper()}-EXEMPLE.FR"))
        return rng.choice(JUNK_SITES)

    def contacts(number: int) -> tuple[str, str]:
        telephone = "" if rng.random() < 0.75 else rng.choice((f"019900{number % 10000:04d}", f"01 99 00 {number % 100:02d} {number // 100 % 100:02d}", "0139000000", "non communiqué"))
        email = "" if rng.random() < 0.75 else rng.choice((f"contact{number}@example.org", f"asso.{number}@example.org", f"Bureau{number}@Example.org ", "pas d'email"))
        return telephone, email

    def dates(position: str) -> dict[str, str]:
        recent = waldec and rng.random() < 0.6
        created = rng.randint(start_2009 if recent else start_1901, end if waldec else min(end, start_2009))
        declared = rng.randint(created, end)
        published = created + rng.randint(5, 60)
        dissolved = rng.randint(declared, end) if position == "D" else 0
        touched = rng.randint(max(declared, dissolved, start_2009 if waldec else created), end)
        seconds = rng.randrange(86400)
        return {
            "date_creat": NONE_DATE if rng.random() < 0.02 else _date(created),
            "date_decla": NONE_DATE if rng.random() < 0.01 else _date(declared),
            "date_publi": NONE_DATE if rng.random() < 0.05 or published > end else _date(published),
            "date_disso": _date(dissolved) if dissolved else NONE_DATE,
            "maj_time": f"{_date(touched)} {seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}",
        }

    def make(number: int) -> dict[str, str]:
        draw = rng.random()
        if elsewhere and draw < 0.05:
            insee, postal, name, style = rng.choice(elsewhere)
        elif merged and draw > 0.98:
            insee, postal, name, style = rng.choice(merged)
        else:
            insee, postal, name, style = rng.choice(inside)
        draw = rng.random()
        position = "D" if draw < 0.06 else "S" if draw < 0.08 else "A"
        identifier, gestion = new_id(departement_of(insee))
        draw = rng.random()
        groupement = "U" if draw < 0.03 else "F" if draw < 0.05 else "S"
        titre = title(groupement, name)
        observation = ""
        if position == "D" and rng.random() < 0.4:
            observation = rng.choice(DISSOLUTIONS)
        elif rng.random() < 0.05:
            observation = rng.choice(OBSERVATIONS)
        row = {
            "id": identifier,
            "id_ex": f"0{identifier[1:4]}{rng.randrange(1_000_000):06d}" if not waldec or rng.random() < 0.3 else "",
            "siret": siret(),
            "rup_mi": "" if rng.random() < 0.997 else f"{rng.randint(1, 99999):05d}",
            "gestion": gestion,
            "nature": "D" if rng.random() < 0.99 else "",
            "groupement": groupement,
            "titre": titre,
            "objet": objet(),
            "objet_social1": social(True),
            "objet_social2": social(False),
            "adrs_codeinsee": insee,
            "adrs_codepostal": postal,
            "dir_civilite": rng.choices(("M", "MME", "PM", ""), (45, 45, 5, 5))[0],
            "observation": observation,
            "position": position,
        }
        row.update(dates(position))
        complement = "" if rng.random() < 0.65 else rng.choice(COMPLEMENTS)
        numero = "" if rng.random() < 0.12 else str(rng.randint(1, 300))
        repetition = rng.choices(("", "B", "T"), (94, 4, 2))[0]
        street_type = rng.choices(street_types, street_weights)[0]
        street = rng.choice(STREETS)
        distribution = "" if rng.random() < 0.94 else rng.choice((f"BP {rng.randint(1, 999)}", f"CS {rng.randint(10000, 99999)}"))
        slug = (acronym(capitals(titre)).lower() or "asso") + f"-{number}"
        if waldec:
            private = _private_address(rng, number, rng.choice(inside)[1])
            row.update({
                "titre_court": short_title(titre),
                "adrs_complement": complement, "adrs_numvoie": numero, "adrs_repetition": repetition,
                "adrs_typevoie": street_type, "adrs_libvoie": street, "adrs_distrib": distribution, "adrs_libcommune": style,
                "siteweb": siteweb(slug), "publiweb": "1" if rng.random() < 0.3 else "0",
            })
            row.update(private)
            if with_contacts:
                row["telephone"], row["email"] = contacts(number)
        else:
            line = " ".join(part for part in (numero + repetition, STREET_WORDS[street_type], street) if part)
            row.update({"adr1": complement, "adr2": line, "adr3": distribution, "libcom": style, "siteweb": siteweb(slug)})
            row["telephone"], row["email"] = contacts(number)
        return {name: row[name] for name in header}

    def make_hostile(number: int) -> dict[str, str]:
        row = make(number)
        while row["adrs_codeinsee"] not in territory_codes or row["position"] != "A":
            row = make(number)
        for offset, name in enumerate(_text_columns(header)):
            payload = HOSTILE[(number // HOSTILE_EVERY + offset) % len(HOSTILE)]
            row[name] = f"{PRIVATE_MARKER} {payload}" if name.startswith("adrg_") else payload
        row["siteweb"] = "javascript:alert(1)"
        return row

    def make_malformed(number: int) -> RawLine:
        row = make(number)
        departement = departement_of(row["adrs_codeinsee"])
        reason = rng.choice(("too few fields", "too many fields", "bad id", "empty title"))
        values = list(row.values())
        if reason == "too few fields":
            values = values[: rng.randint(1, len(values) - 1)]
        elif reason == "too many fields":
            values += ["EN TROP"] * rng.randint(1, 3)
        elif reason == "bad id":
            values[0] = rng.choice((row["id"][:-1], row["id"][1:], row["id"] + "0", row["id"].lower(), "", row["id"][:3] + "A" + row["id"][4:]))
        else:
            values[header.index("titre")] = ""
        return RawLine(format_line(values), departement, reason)

    territory_codes = {insee for insee, *_rest in inside}
    for number in range(rows):
        if hostile and number % HOSTILE_EVERY == 3:
            yield make_hostile(number)
        elif malformed and rng.random() < MALFORMED_SHARE:
            yield make_malformed(number)
        else:
            yield make(number)


def _private_address(rng: random.Random, number: int, postal: str) -> dict[str, str]:
    """A manager's private address: fake, and marked in every text field."""
    return {
        "adrg_declarant": "" if rng.random() < 0.3 else f"{PRIVATE_MARKER} {number}",
        "adrg_complemid": "" if rng.random() < 0.8 else f"APPARTEMENT {rng.randint(1, 99)} {PRIVATE_MARKER}",
        "adrg_complemgeo": "" if rng.random() < 0.85 else f"RESIDENCE DU {PRIVATE_MARKER} {number}",
        "adrg_libvoie": "" if rng.random() < 0.05 else f"{rng.randint(1, 200)} RUE DU {PRIVATE_MARKER} {number}",
        "adrg_distrib": "" if rng.random() < 0.95 else f"BP {rng.randint(1, 99)} {PRIVATE_MARKER}",
        "adrg_codepostal": postal,
        "adrg_achemine": f"COMMUNE DU {PRIVATE_MARKER} {number}",
        "adrg_pays": rng.choices(("FRANCE", "", "BELGIQUE"), (95, 4, 1))[0],
    }


def _text_columns(header: Sequence[str]) -> list[str]:
    codes = {"id", "id_ex", "siret", "rup_mi", "gestion", "nature", "groupement", "objet_social1", "objet_social2", "adrs_numvoie",
             "adrs_repetition", "adrs_typevoie", "adrs_codeinsee", "adrs_codepostal", "adrg_codepostal", "dir_civilite", "publiweb",
             "position"}
    return [name for name in header if name not in codes and not name.startswith("date_") and name != "maj_time"]


def _write_rows(file, header: Sequence[str], rows: Iterable[dict[str, str] | RawLine]) -> int:
    writer = _writer(file)
    count = 0
    for row in rows:
        if isinstance(row, str):
            file.write(row + LINE_END)
        else:
            writer.writerow([row.get(name, "") for name in header])
        count += 1
    return count


def _encoding(utf8: bool) -> str:
    return "utf-8" if utf8 else "latin-1"


def write_csv(path: Path, header: Sequence[str], rows: Iterable[dict[str, str] | RawLine], utf8: bool = False) -> int:
    """Stream the rows into one CSV (the header first); returns the number of rows written."""
    with open(path, "w", encoding=_encoding(utf8), newline="") as file:
        file.write(";".join(header) + LINE_END)
        return _write_rows(file, header, rows)


def write_zip(path: Path, header: Sequence[str], rows: Iterable[dict[str, str] | RawLine], edition: str = "waldec",
              date: str = "20250901", utf8: bool = False) -> dict[str, int]:
    """Stream the rows into a zip of one CSV per département, named as the register names them.

    Each département's rows go to a temporary file first, so memory stays bounded;
    returns the number of rows of each département.
    """
    path = Path(path)
    counts: dict[str, int] = {}
    with tempfile.TemporaryDirectory(dir=path.parent) as folder:
        files, writers = {}, {}
        try:
            for row in rows:
                departement = row.departement if isinstance(row, RawLine) else departement_of(row["adrs_codeinsee"])
                if departement not in files:
                    file = open(Path(folder) / f"{departement}.csv", "w", encoding=_encoding(utf8), newline="")  # closed in `finally`
                    file.write(";".join(header) + LINE_END)
                    files[departement] = file
                    writers[departement] = _writer(file)
                if isinstance(row, str):
                    files[departement].write(row + LINE_END)
                else:
                    writers[departement].writerow([row.get(name, "") for name in header])
                counts[departement] = counts.get(departement, 0) + 1
        finally:
            for file in files.values():
                file.close()
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for departement in sorted(files):
                archive.write(Path(folder) / f"{departement}.csv", f"rna_{edition}_{date}_dpt_{departement}.csv")
    return counts


def geography_communes(departement: str, node_modules: Path | None = None):
    """(communes, outside, former) for generate_rows, from the official geography.

    `departement` "ALL": every current commune, nothing outside. Otherwise the
    outside communes are those of the other départements of its region (of every
    other département for a region of one).
    """
    from annuaire.register.territory import Geography

    if node_modules is None:
        from annuaire.settings import CHECKOUT

        node_modules = CHECKOUT / "node_modules"
    geography = Geography(node_modules)

    def places(items):
        return [(commune.insee, postal, commune.nom) for commune in items for postal in commune.codes_postaux[:1]]

    entries = json.loads((geography.folder / "communes.json").read_text("utf-8"))
    if departement.upper() == "ALL":
        chosen, outside, codes = list(geography.current.values()), [], set(geography.current)
    else:
        territory = geography.territory(departement=departement)
        chosen, codes = list(territory.communes), territory.codes
        regions = {entry["code"]: entry["region"] for entry in json.loads((geography.folder / "departements.json").read_text("utf-8"))}
        home = next(iter(territory.departements))
        neighbours = {code for code, region in regions.items() if region == regions[home] and code != home}
        outside = [commune for commune in geography.current.values() if commune.departement in neighbours]
        if not outside:
            outside = [commune for commune in geography.current.values() if commune.departement not in territory.departements]
    former = []
    for entry in entries:
        parent = geography.current_code(entry["code"])
        if entry["type"] != "commune-actuelle" and parent != entry["code"] and parent in codes and geography.current[parent].codes_postaux:
            former.append((entry["code"], geography.current[parent].codes_postaux[0], entry["nom"]))
    return places(chosen), places(outside), former


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.register_files", description="Write a file in the format of the register of associations (RNA).")
    parser.add_argument("--edition", choices=EDITIONS, default="waldec")
    parser.add_argument("--rows", type=int, default=15_000)
    parser.add_argument("--departement", default="78", help="a département (78, 2A, 974) or ALL for the whole country")
    parser.add_argument("--national", action="store_true", help="the same as --departement ALL")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--output", type=Path, required=True, help="FILE.csv, or FILE.zip for one CSV per département")
    parser.add_argument("--utf8", action="store_true", help="UTF-8 instead of the register's Latin-1")
    parser.add_argument("--with-contacts", action="store_true", help="waldec: add the telephone and email columns")
    parser.add_argument("--hostile", action="store_true", help="hostile text in every text column of one row in 200")
    parser.add_argument("--no-malformed", action="store_true", help="no malformed raw lines (by default ~0.2 %%)")
    parser.add_argument("--date", default="20250901", help="the file's date, YYYYMMDD")
    args = parser.parse_args(argv)
    departement = "ALL" if args.national else args.departement
    started = time.perf_counter()
    communes, outside, former = geography_communes(departement)
    header = columns(args.edition, args.with_contacts)
    rows = generate_rows(args.edition, args.rows, args.seed, communes, outside, date=args.date, with_contacts=args.with_contacts,
                         hostile=args.hostile, malformed=not args.no_malformed, former=former)
    if args.output.suffix.lower() == ".zip":
        written = sum(write_zip(args.output, header, rows, args.edition, args.date, args.utf8).values())
    else:
        written = write_csv(args.output, header, rows, args.utf8)
    size = args.output.stat().st_size
    print(f"{args.output}: {written} rows, {size / 1e6:.1f} MB, {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
