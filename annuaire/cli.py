"""Command line: `python -m annuaire validate|new|stale|build|serve|devserver|communes|import-rna|geocode` (the Makefile calls it)."""

from __future__ import annotations

import argparse
import datetime
import functools
import glob
import http.server
import logging
import os
import runpy
import shutil
import subprocess
import sys
from pathlib import Path

from annuaire.contribute import freshness, questions, reporting, scaffold
from annuaire.devserver import devserver
from annuaire.problems import InvalidDirectory, Problem, display_path
from annuaire.publish.page_cache import NEXT, TRACES
from annuaire.publish.page_cache import counts as page_counts
from annuaire.record_types import BY_NAME
from annuaire.records.lifecycle import build_date
from annuaire.records.loader import inspect
from annuaire.register import commands as register_commands
from annuaire.settings import CHECKOUT, SETTINGS
from annuaire.workers import job_count

ROOT = CHECKOUT  # default folders: data/, output/, pelican.conf.py of this checkout
DEFAULTS = {setting.name: setting.default for setting in SETTINGS}


def validate(data: Path, files=(), today: datetime.date | None = None, stale_days: int | None = None, environ=None) -> int:
    """Check the whole folder; report every problem (only those of `files` when given), then the warnings.

    Exit code 1 on any problem; warnings (records to check again) never fail.
    Under GitHub Actions or GitLab CI the same problems also become annotations.
    """
    environ = os.environ if environ is None else environ
    today = today or build_date(None)
    stale_days = DEFAULTS["ANNUAIRE_STALE_DAYS"] if stale_days is None else stale_days
    sources, errors = inspect(data, today)
    warnings = freshness.warnings(sources, today, stale_days)
    if files:
        chosen, missing = _chosen_files(data, files)
        errors = sorted(missing + [problem for problem in errors if problem.file in chosen])
        warnings = [problem for problem in warnings if problem.file in chosen]
    report = reporting.terminal(errors, warnings)
    if report:
        print(report, file=sys.stderr)
    host = reporting.ci_host(environ)
    if host == "github":
        print("\n".join(reporting.github_commands(errors, warnings)))
    elif host == "gitlab":
        Path(reporting.GITLAB_REPORT).write_text(reporting.gitlab_report(errors, warnings), "utf-8")
        print(f"Rapport GitLab Code Quality : {reporting.GITLAB_REPORT}")
    if errors:
        return 1
    if files:
        print(f"Fiches valides : {', '.join(sorted(chosen))} (références vérifiées dans {data}).")
        return 0
    counts = ", ".join(
        f"{len(items)} {(BY_NAME[name].label_plural if len(items) > 1 else BY_NAME[name].label).lower()}"
        for name, items in sources.items()
    )
    print(f"Données valides ({data}) : {counts}.")
    return 0


def _chosen_files(data: Path, files) -> tuple[set[str], list[Problem]]:
    """Files to report on, as problems name them, and a problem for each that is not a record of `data`."""
    chosen, missing = set(), []
    root = Path(data).resolve()
    for name in files:
        path = Path(name)
        shown = display_path(path)
        if not path.is_file():
            missing.append(Problem(shown, 0, "", "fichier introuvable"))
        elif root not in path.resolve().parents:
            missing.append(Problem(shown, 0, "", f"ce fichier n'est pas dans le dossier de données {display_path(data)}"))
        else:
            chosen.add(shown)
    return chosen, missing


def stale(data: Path, today: datetime.date | None = None, stale_days: int | None = None) -> int:
    """Print what needs a check: expired offers and needs, records not updated for too long, whom to ask."""
    today = today or build_date(None)
    stale_days = DEFAULTS["ANNUAIRE_STALE_DAYS"] if stale_days is None else stale_days
    sources, errors = inspect(data, today)
    print(freshness.report(sources, today, stale_days))
    if errors:
        print(f"\n(Les données ont aussi {len(errors)} problème(s) : lancez « make validate ».)", file=sys.stderr)
    return 0


def new(type_name: str, data: Path, name: str | None, assignments, today: datetime.date | None = None,
        interactive: bool | None = None, ask=input, say=print) -> int:
    """Write a new record file from its schema, with the values given or asked; never over an existing file."""
    today = today or build_date(None)
    interactive = sys.stdin.isatty() if interactive is None else interactive
    try:
        kind = scaffold.record_type(type_name)
        known = questions.known_identifiers(data)
        name_problem = scaffold.slug_problem(kind, name, data) if name is not None else None
        try:
            values = questions.parse_assignments(kind, list(assignments), known)
        except scaffold.ScaffoldError as error:  # told with the file name's problem, if any: all at once
            raise scaffold.ScaffoldError(*([f"NAME: {name_problem}"] if name_problem else []), *error.messages) from None
        if name_problem:
            raise scaffold.ScaffoldError(name_problem)
        if interactive:
            say(f"Nouvelle fiche : {kind.label.lower()}. Répondez aux questions (Ctrl+C pour abandonner).")
            values = questions.ask_missing(kind, values, known, ask, say)
            name = name or questions.ask_slug(kind, values, data, ask, say)
        name = name or scaffold.suggested_slug(kind, values)
        if not name:
            raise scaffold.ScaffoldError("donnez l'identifiant de la fiche : make new TYPE=… NAME=mon-identifiant")
        path = scaffold.create(data, kind, name, values, today)
    except scaffold.ScaffoldError as error:
        if len(error.messages) > 1:  # as `make validate` says its problems: a count, then one a line
            print(f"{len(error.messages)} problèmes dans les valeurs, rien n'a été écrit :\n{error}", file=sys.stderr)
        else:
            print(f"Rien n'a été écrit : {error}", file=sys.stderr)
        return 1
    except (EOFError, KeyboardInterrupt):
        print("\nAbandon : rien n'a été écrit.", file=sys.stderr)
        return 1
    shown = display_path(path)
    say(f"\nFiche créée : {shown}")
    _sources, errors = inspect(data, today)
    remaining = [problem for problem in errors if problem.file == shown]
    if remaining:
        say("À compléter avant publication :\n" + "\n".join(map(str, remaining)))
    say(f"Relisez-la, complétez les champs facultatifs utiles, puis vérifiez : make validate FILES={shown}")
    return 0


def _site_settings(settings_file: Path) -> dict:
    """ANNUAIRE_* settings of pelican.conf.py (the build date and the freshness age) and its TIMEZONE, with defaults."""
    values = dict(DEFAULTS)
    if settings_file and Path(settings_file).is_file():
        found = runpy.run_path(str(settings_file))
        values.update({key: value for key, value in found.items() if key.startswith("ANNUAIRE_") or key == "TIMEZONE"})
    return values


def build(data: Path, output: Path, settings_file: Path) -> int:
    """Build into a staging folder, then swap it in: a failed build never leaves a half site.

    Incremental: the pages whose inputs are unchanged are taken from the current site, with the
    traces of its build kept beside it (`<output>.cache/`), replaced only with the new site."""
    from pelican import Pelican
    from pelican.log import init as init_logging
    from pelican.settings import read_settings

    try:
        job_count()
    except ValueError as error:
        print(error, file=sys.stderr)
        return 1
    output = output.resolve()
    staging, cache = output.with_name(output.name + ".staging"), output.with_name(output.name + ".cache")
    shutil.rmtree(staging, ignore_errors=True)
    (cache / NEXT).unlink(missing_ok=True)
    # Any warning from Pelican or a plugin fails the build: nothing is silently dropped.
    init_logging(level=logging.WARNING, fatal="warnings")
    settings = read_settings(str(settings_file), override={
        "OUTPUT_PATH": str(staging), "ANNUAIRE_DATA_PATH": str(data.resolve()),
        "ANNUAIRE_CACHE_PATH": str(cache), "ANNUAIRE_PREVIOUS_OUTPUT": str(output) if output.is_dir() else None,
    })
    try:
        Pelican(settings).run()
    except InvalidDirectory as error:
        print(error, file=sys.stderr)
        return _abandon(staging, output, cache)
    except Exception as error:  # a warning made fatal, a template error: reported, not hidden
        print(f"Échec de la construction : {error.__class__.__name__}: {error}", file=sys.stderr)
        return _abandon(staging, output, cache)
    _swap(staging, output)
    if (cache / NEXT).is_file():
        (cache / NEXT).replace(cache / TRACES)
        pages = page_counts(cache)
        if pages.get("reused"):
            print(f"{pages['reused']} pages reprises telles quelles de la construction précédente, {pages['rendered']} écrites")
    print(f"Site construit dans {output}")
    return 0


def _swap(new: Path, current: Path) -> None:
    """Put the new site in place of the current one, which is then deleted without waiting: on some disks
    deleting thousands of folders takes seconds, and the new site is already served."""
    previous = current.with_name(f"{current.name}.previous-{os.getpid()}")
    if current.exists():
        current.rename(previous)
    new.rename(current)
    if previous.exists():
        _delete_later(previous)
    for left in current.parent.glob(f"{glob.escape(current.name)}.previous*"):  # an older build's, if its deletion stopped
        if left != previous:
            shutil.rmtree(left, ignore_errors=True)


def _delete_later(folder: Path) -> None:
    try:
        subprocess.Popen(
            [sys.executable, "-c", "import shutil, sys; shutil.rmtree(sys.argv[1], ignore_errors=True)", str(folder)],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )
    except OSError:
        shutil.rmtree(folder, ignore_errors=True)


def _abandon(staging: Path, output: Path, cache: Path) -> int:
    shutil.rmtree(staging, ignore_errors=True)
    (cache / NEXT).unlink(missing_ok=True)
    print(f"Rien n'a été publié ; {output} n'a pas changé.", file=sys.stderr)
    return 1


def serve(output: Path, port: int) -> http.server.ThreadingHTTPServer:
    handler = functools.partial(_QuietHandler, directory=str(output))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    print(f"Site servi sur http://localhost:{port}/ (Ctrl+C pour arrêter)")
    return server


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m annuaire", description="Annuaire des associations et de leurs coopérations.")
    commands = parser.add_subparsers(dest="command", required=True)
    for name, text in (("validate", "vérifier les données"), ("build", "construire le site"), ("devserver", "servir et reconstruire à chaque modification")):
        command = commands.add_parser(name, help=text)
        command.add_argument("--data", type=Path, default=ROOT / "data", help="dossier de données (par défaut : data/)")
        if name != "validate":
            command.add_argument("--output", type=Path, default=ROOT / "output", help="dossier du site (par défaut : output/)")
            command.add_argument("--settings", type=Path, default=ROOT / "pelican.conf.py", help="réglages Pelican")
        if name == "devserver":
            command.add_argument("--port", type=int, default=8000)
    for name, text in (("validate", None), ("stale", "lister les fiches à vérifier (anciennes ou expirées) et qui contacter")):
        command = commands.choices.get(name) or commands.add_parser(name, help=text)
        if name == "stale":
            command.add_argument("--data", type=Path, default=ROOT / "data", help="dossier de données (par défaut : data/)")
        command.add_argument("--settings", type=Path, default=ROOT / "pelican.conf.py", help="réglages (ANNUAIRE_TODAY, ANNUAIRE_STALE_DAYS)")
        command.add_argument("--today", type=datetime.date.fromisoformat, help="date du jour, AAAA-MM-JJ (par défaut : ANNUAIRE_TODAY, sinon aujourd'hui)")
        command.add_argument("--stale-days", type=int, help="âge en jours au-delà duquel une fiche est à vérifier (par défaut : ANNUAIRE_STALE_DAYS, 365)")
    commands.choices["validate"].add_argument("files", nargs="*", help="ne signaler que les problèmes de ces fichiers (tout le dossier est vérifié)")
    command = commands.add_parser("new", help="créer une fiche (questions, ou champ=valeur)")
    command.add_argument("type", help="organisation, offer, need ou project (ou offre, besoin, projet)")
    command.add_argument("values", nargs="*", metavar="champ=valeur", help="valeurs des champs, par exemple titre=\"Salle de réunion\" themes=environnement,solidarite")
    command.add_argument("--data", type=Path, default=ROOT / "data", help="dossier de données (par défaut : data/)")
    command.add_argument("--name", help="identifiant de la fiche, c'est-à-dire le nom du fichier (par défaut : tiré du titre)")
    command.add_argument("--today", type=datetime.date.fromisoformat, help="date de publication et de mise à jour (par défaut : aujourd'hui)")
    command.add_argument("--no-input", action="store_true", help="ne poser aucune question, même dans un terminal")
    command = commands.add_parser("serve", help="servir le site construit")
    command.add_argument("--output", type=Path, default=ROOT / "output")
    command.add_argument("--port", type=int, default=8000)
    register_commands.add_commands(commands, ROOT / "data")
    args = parser.parse_args(argv)
    if args.command in register_commands.NAMES:
        return register_commands.run(args)
    if args.command == "validate":
        try:
            job_count()
        except ValueError as error:
            print(error, file=sys.stderr)
            return 1
    if args.command in ("validate", "stale"):
        settings = _site_settings(args.settings)
        today = args.today or build_date(settings["ANNUAIRE_TODAY"], settings.get("TIMEZONE"))
        stale_days = args.stale_days if args.stale_days is not None else int(settings["ANNUAIRE_STALE_DAYS"])
        if args.command == "stale":
            return stale(args.data, today, stale_days)
        return validate(args.data, args.files, today, stale_days)
    if args.command == "new":
        return new(args.type, args.data, args.name, args.values, args.today, False if args.no_input else None)
    if args.command == "build":
        return build(args.data, args.output, args.settings)
    if args.command == "devserver":
        return devserver(args.data, args.output, args.settings, args.port)
    try:
        serve(args.output, args.port).serve_forever()
    except KeyboardInterrupt:
        pass
    return 0
