"""Command line: `python -m annuaire validate|build|serve|devserver` (the Makefile calls it)."""

from __future__ import annotations

import argparse
import functools
import http.server
import logging
import shutil
import subprocess
import sys
import threading
from pathlib import Path

from .loader import load_directory
from .problems import InvalidDirectory
from .record_types import BY_NAME

ROOT = Path(__file__).resolve().parents[2]


def validate(data: Path) -> int:
    try:
        directory = load_directory(data)
    except InvalidDirectory as error:
        print(error, file=sys.stderr)
        return 1
    counts = ", ".join(
        f"{len(items)} {(BY_NAME[name].label_plural if len(items) > 1 else BY_NAME[name].label).lower()}"
        for name, items in directory.records.items()
    )
    print(f"Données valides ({data}) : {counts}.")
    return 0


def build(data: Path, output: Path, settings_file: Path) -> int:
    """Build into a staging folder, then swap it in: a failed build never leaves a half site."""
    from pelican import Pelican
    from pelican.log import init as init_logging
    from pelican.settings import read_settings

    output = output.resolve()
    staging = output.with_name(output.name + ".staging")
    shutil.rmtree(staging, ignore_errors=True)
    # Any warning from Pelican or a plugin fails the build: nothing is silently dropped.
    init_logging(level=logging.WARNING, fatal="warnings")
    settings = read_settings(str(settings_file), override={"OUTPUT_PATH": str(staging), "ANNUAIRE_DATA_PATH": str(data.resolve())})
    try:
        Pelican(settings).run()
    except InvalidDirectory as error:
        print(error, file=sys.stderr)
        return _abandon(staging, output)
    except Exception as error:  # a warning made fatal, a template error: reported, not hidden
        print(f"Échec de la construction : {error.__class__.__name__}: {error}", file=sys.stderr)
        return _abandon(staging, output)
    previous = output.with_name(output.name + ".previous")
    shutil.rmtree(previous, ignore_errors=True)
    if output.exists():
        output.rename(previous)
    staging.rename(output)
    shutil.rmtree(previous, ignore_errors=True)
    print(f"Site construit dans {output}")
    return 0


def _abandon(staging: Path, output: Path) -> int:
    shutil.rmtree(staging, ignore_errors=True)
    print(f"Rien n'a été publié ; {output} n'a pas changé.", file=sys.stderr)
    return 1


def serve(output: Path, port: int) -> http.server.ThreadingHTTPServer:
    handler = functools.partial(_QuietHandler, directory=str(output))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    print(f"Site servi sur http://localhost:{port}/ (Ctrl+C pour arrêter)")
    return server


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


def devserver(data: Path, output: Path, settings_file: Path, port: int) -> int:
    """Serve, and rebuild on every change; each rebuild is a fresh process so plugin state never leaks."""
    from watchfiles import watch

    command = [sys.executable, "-m", "annuaire", "build", "--data", str(data), "--output", str(output), "--settings", str(settings_file)]
    subprocess.run(command, check=False)
    server = serve(output, port)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    watched = [path for path in (data, ROOT / "content", ROOT / "theme", ROOT / "plugins", settings_file) if path.exists()]
    try:
        for changes in watch(*watched, watch_filter=lambda change, path: "__pycache__" not in path):
            print(f"{len(changes)} changement(s) : reconstruction…")
            subprocess.run(command, check=False)
    except KeyboardInterrupt:
        pass
    server.shutdown()
    return 0


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
    command = commands.add_parser("serve", help="servir le site construit")
    command.add_argument("--output", type=Path, default=ROOT / "output")
    command.add_argument("--port", type=int, default=8000)
    args = parser.parse_args(argv)
    if args.command == "validate":
        return validate(args.data)
    if args.command == "build":
        return build(args.data, args.output, args.settings)
    if args.command == "devserver":
        return devserver(args.data, args.output, args.settings, args.port)
    try:
        serve(args.output, args.port).serve_forever()
    except KeyboardInterrupt:
        pass
    return 0
