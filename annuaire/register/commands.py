"""The register's commands: `python -m annuaire communes`, `import-rna` and `geocode`."""

from __future__ import annotations

import sys
from pathlib import Path

from annuaire.register import geocode
from annuaire.register.communes_file import CommunesFileError, add_communes
from annuaire.register.importer import RegisterImportError, import_register
from annuaire.register.register_csv import RegisterFileError
from annuaire.register.territory import Geography, TerritoryError
from annuaire.settings import CHECKOUT

NAMES = ("communes", "import-rna", "geocode")


def add_commands(commands, data_default: Path) -> None:
    command = commands.add_parser("communes", help="ajouter à communes.yaml les communes d'un territoire (département, intercommunalité ou liste)")
    _territory_arguments(command, data_default, required=True)
    command = commands.add_parser(
        "import-rna",
        help="importer les associations d'un territoire depuis le Répertoire national des associations (fichiers rna_waldec, rna_import)",
        description="Lit un ou plusieurs fichiers du registre (CSV ou zip), garde les associations actives dont le siège est dans le "
        "territoire et écrit une fiche par association. Sans territoire : les communes de communes.yaml. Un nouvel import ne "
        "remplace jamais un champ modifié depuis le précédent et n'efface aucun fichier.",
    )
    command.add_argument("files", nargs="+", type=Path, metavar="FICHIER", help="fichier du registre : .csv, ou .zip d'un CSV par département")
    _territory_arguments(command, data_default, required=False)
    command.add_argument(
        "--avec-contacts", action="store_true",
        help="importer aussi le téléphone et le courriel publiés au registre (données personnelles possibles : voir le guide « Importer le registre »)",
    )
    command.add_argument("--essai", action="store_true", help="tout lire et tout vérifier, dire ce qui changerait, ne rien écrire")
    command = commands.add_parser(
        "geocode",
        help="placer sur la carte les organisations et les communes sans coordonnées (contacte un service externe)",
        description="Demande au service de géocodage de la Base Adresse Nationale (Géoplateforme de l'IGN) les coordonnées des adresses "
        "des organisations et des centres des communes qui n'en ont pas, et les écrit dans les fichiers de données. "
        "Contacte un service externe : à lancer seulement à la demande ; la construction du site, elle, ne le fait jamais.",
    )
    command.add_argument("--data", type=Path, default=data_default, help="dossier de données (par défaut : data/)")
    command.add_argument("--service", default=geocode.SERVICE, help=f"adresse du service de géocodage par lot (par défaut : {geocode.SERVICE})")
    command.add_argument("--min-score", type=float, default=geocode.MIN_SCORE, help=f"score minimal d'un résultat accepté, entre 0 et 1 (par défaut : {geocode.MIN_SCORE})")
    command.add_argument("--communes-only", action="store_true", help="ne placer que les centres des communes")


def _territory_arguments(command, data_default: Path, required: bool) -> None:
    command.add_argument("--data", type=Path, default=data_default, help="dossier de données (par défaut : data/)")
    command.add_argument("--departement", help="code du département : 78, 2A, 974…")
    command.add_argument("--epci", help="numéro SIREN de l'intercommunalité (9 chiffres)")
    command.add_argument("--communes", help="codes INSEE des communes, séparés par des espaces")
    command.set_defaults(territory_required=required)


def run(args) -> int:
    """Run one of NAMES; every expected failure is one French message and exit code 1, never a traceback."""
    if args.command == "geocode":
        return geocode.run(args.data, args.service, args.min_score, args.communes_only)
    try:
        geography = Geography(CHECKOUT / "node_modules")
        named = args.departement or args.epci or args.communes
        territory = geography.territory(args.departement, args.epci, (args.communes or "").split()) if named or args.territory_required else None
        if args.command == "communes":
            print(add_communes(args.data, territory, geography))
            return 0
        report = import_register(args.files, args.data, territory, geography, args.avec_contacts, write=not args.essai)
    except (TerritoryError, RegisterFileError) as error:
        print(f"Erreur : {error}", file=sys.stderr)
        return 1
    except (CommunesFileError, RegisterImportError) as error:
        print("Rien n'a été importé :\n" + "\n".join(map(str, error.problems)), file=sys.stderr)
        return 1
    except OSError as error:
        print(f"Rien n'a été écrit : {error.filename or ''} : {error.strerror}", file=sys.stderr)
        return 1
    print(report)
    if report.written and report.changes:
        print(f"Vérifiez, puis construisez : make validate DATA={args.data} && make html DATA={args.data}")
    return 0
