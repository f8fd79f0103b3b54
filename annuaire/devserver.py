"""`make devserver`: serve the site, rebuild it on every change, reload the open pages, show a failed build.

The built files stay byte-identical to `make html`'s: the reload script is added to HTML pages while they
are served. Each page asks `/__devserver__/build` once a second for the number of the last finished build
and reloads when it differs from the one it was served with. Polling rather than long-polling or
Server-Sent Events: those hold a connection per open tab, and a browser allows six per host, so a few
tabs would stall the site's own requests; polling also survives a restart of the devserver unaided.

After a failed build, every page request gets an error page with the build's output instead of the
previous site (other files are still served from it), until a build succeeds.
"""

from __future__ import annotations

import functools
import html
import http.server
import os
import subprocess
import sys
import threading
from importlib import resources
from pathlib import Path
from urllib.parse import urlsplit

from annuaire.settings import CHECKOUT

PREFIX = "/__devserver__/"
SCRIPT_PATH = PREFIX + "reload.js"
BUILD_PATH = PREFIX + "build"
PAGE_SUFFIXES = (".html", ".htm")


def reload_tag(number: int) -> bytes:
    """The script element added to every served page; `data-build` is the build the page comes from."""
    return f'<script src="{SCRIPT_PATH}" data-build="{number}" defer></script>'.encode()


def inject(page: bytes, tag: bytes) -> bytes:
    """`page` with `tag` before its last `</body>` (any case), or at its end when it has none."""
    index = page.lower().rfind(b"</body>")  # lower() of bytes changes ASCII letters only: offsets stay
    if index < 0:
        return page + tag
    return page[:index] + tag + page[index:]


def error_page(output: str, number: int) -> bytes:
    """The French page served instead of the site while the last build has failed."""
    return (
        "<!DOCTYPE html>\n"
        '<html lang="fr">\n<head>\n<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        "<title>La construction a échoué</title>\n"
        "<style>body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;line-height:1.5}"
        "pre{background:#f6f6f6;border-left:4px solid #b00020;padding:1rem;overflow:auto;white-space:pre-wrap}</style>\n"
        "</head>\n<body>\n<main>\n"
        f"<h1>La construction a échoué</h1>\n<p>Construction n° {number}. Le site n'a pas été mis à jour. Voici ce qu'elle a affiché :</p>\n"
        f"<pre>{html.escape(output)}</pre>\n"
        "<p>Corrigez les données : cette page se recharge d'elle-même dès que la construction réussit.</p>\n"
        "</main>\n</body>\n</html>\n"
    ).encode()


class BuildState:
    """The number of the last finished build (0 before the first) and its output when it failed."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.number = 0
        self.failure: str | None = None

    def record(self, succeeded: bool, output: str) -> int:
        with self._lock:
            self.number += 1
            self.failure = None if succeeded else output
            return self.number

    def snapshot(self) -> tuple[int, str | None]:
        with self._lock:
            return self.number, self.failure


def run_build(command: list[str]) -> tuple[bool, str]:
    """Run the build, echoing its output to the terminal as it comes; (succeeded, stdout and stderr interleaved)."""
    environ = {**os.environ, "PYTHONUNBUFFERED": "1"}  # the two streams keep their order through the pipe
    lines = []
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, encoding="utf-8", errors="replace", env=environ) as process:
        for line in process.stdout:
            sys.stdout.write(line)
            sys.stdout.flush()
            lines.append(line)
    return process.returncode == 0, "".join(lines)


class _Handler(http.server.SimpleHTTPRequestHandler):
    def __init__(self, *args, state: BuildState, **kwargs):
        self.state = state
        super().__init__(*args, **kwargs)

    def log_message(self, format, *args):
        pass

    def do_GET(self):
        self._respond(with_body=True)

    def do_HEAD(self):
        self._respond(with_body=False)

    def _respond(self, with_body: bool) -> None:
        route = urlsplit(self.path).path
        if route == SCRIPT_PATH:
            return self._send(200, "text/javascript; charset=utf-8", _script(), with_body)
        # Read before the page: a build finishing in between then costs one more reload, never a missed one.
        number, failure = self.state.snapshot()
        if route == BUILD_PATH:
            return self._send(200, "text/plain; charset=utf-8", str(number).encode(), with_body)
        path = Path(self.translate_path(self.path))
        page = path / "index.html" if path.is_dir() else path
        is_page = path.is_dir() or page.suffix in PAGE_SUFFIXES or (not path.exists() and "text/html" in self.headers.get("Accept", ""))
        if is_page and failure is not None:
            return self._send(500, "text/html; charset=utf-8", inject(error_page(failure, number), reload_tag(number)), with_body)
        if is_page and page.is_file() and (not path.is_dir() or route.endswith("/")):
            try:
                content = page.read_bytes()
            except OSError:  # swapped out by a build at this very moment: the next reload gets it
                pass
            else:
                return self._send(200, "text/html; charset=utf-8", inject(content, reload_tag(number)), with_body)
        # Other files, folders without their "/", folder listings, missing files: as `make serve`.
        return super().do_GET() if with_body else super().do_HEAD()

    def _send(self, status: int, content_type: str, content: bytes, with_body: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(content)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if with_body:
            self.wfile.write(content)


@functools.cache
def _script() -> bytes:
    return resources.files("annuaire").joinpath("devserver_reload.js").read_bytes()


class DevServer:
    """The site served on loopback with live reload; `rebuild()` builds in a fresh process and records the outcome.

    `command` replaces the build command (tests); `watched` the folders and files whose changes rebuild.
    """

    def __init__(self, data: Path, output: Path, settings_file: Path, port: int = 8000, command: list[str] | None = None, watched: list[Path] | None = None):
        self.output = output
        # A fresh process each time, so that plugin state never leaks from one build to the next.
        self.command = command or [sys.executable, "-m", "annuaire", "build", "--data", str(data), "--output", str(output), "--settings", str(settings_file)]
        if watched is None:
            watched = [data, Path(os.environ.get("CONTENT") or CHECKOUT / "content"), CHECKOUT / "theme", CHECKOUT / "plugins", settings_file]
        self.watched = [path for path in watched if path.exists()]
        self.state = BuildState()
        self._building = threading.Lock()
        handler = functools.partial(_Handler, state=self.state, directory=str(output))
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
        self.port = self.server.server_address[1]
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://localhost:{self.port}/"

    def rebuild(self) -> bool:
        with self._building:
            succeeded, output = run_build(self.command)
            number = self.state.record(succeeded, output)
        if succeeded:
            print(f"Construction n° {number} réussie.", flush=True)
        else:
            print(f"Construction n° {number} échouée : les pages ouvertes affichent l'erreur jusqu'à la prochaine construction réussie.", flush=True)
        return succeeded

    def start(self) -> None:
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self._thread.start()
        print(f"Site servi sur {self.url} (Ctrl+C pour arrêter)", flush=True)

    def watch(self, stop_event: threading.Event | None = None) -> None:
        """Rebuild on every change of the watched paths, until Ctrl+C or `stop_event`."""
        from watchfiles import watch

        for changes in watch(*self.watched, watch_filter=lambda change, path: "__pycache__" not in path, stop_event=stop_event):
            print(f"{len(changes)} changement(s) : reconstruction…", flush=True)
            self.rebuild()

    def close(self) -> None:
        if self._thread is not None:
            self.server.shutdown()
        self.server.server_close()


def devserver(data: Path, output: Path, settings_file: Path, port: int) -> int:
    """Build, serve, and rebuild on every change until Ctrl+C."""
    server = DevServer(data, output, settings_file, port)
    try:
        server.rebuild()
        server.start()
        server.watch()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
    return 0
