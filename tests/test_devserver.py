"""`make devserver`: pages served with the reload script, a failed build shown in the page, rebuilds on changes.

Most tests use a hand-made site and a stand-in build command (a short Python one-liner), so that they
take a fraction of a second; one builds the minimal fixture for real and goes through a real file change.
"""

from __future__ import annotations

import http.client
import shutil
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from browser import browser
from conftest import MINIMAL, ROOT

from annuaire.devserver import DevServer, error_page, inject, reload_tag

SETTINGS = ROOT / "pelican.conf.py"
PAGE = '<!DOCTYPE html>\n<html lang="fr">\n<head><title>Accueil</title><link rel="stylesheet" href="/style.css"></head>\n<body><h1>{}</h1></body>\n</html>\n'


def get(url: str, accept: str = "*/*") -> tuple[int, str, bytes]:
    """(status, content type, body) of a GET, error statuses included."""
    request = urllib.request.Request(url, headers={"Accept": accept})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers["Content-Type"], response.read()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.headers["Content-Type"], error.read()


def url(server: DevServer) -> str:
    return f"http://127.0.0.1:{server.port}/"


def wait_for(condition, timeout: float, step: float = 0.1, action=None):
    """Poll `condition` until it returns a true value; `action` runs first and again every 3 s (a watcher may start late)."""
    deadline = time.monotonic() + timeout
    acted = 0.0
    while True:
        if action is not None and time.monotonic() - acted >= 3:
            action()
            acted = time.monotonic()
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"still not true after {timeout} s: {condition.__doc__ or condition}")
        time.sleep(step)


def build_command(output: Path, heading: str) -> list[str]:
    """A stand-in build that writes the home page with `heading`."""
    code = "import pathlib, sys; pathlib.Path(sys.argv[1]).write_text(sys.argv[2], 'utf-8'); print('Site construit')"
    return [sys.executable, "-c", code, str(output / "index.html"), PAGE.format(heading)]


def failing_command(message: str) -> list[str]:
    code = "import sys; print('début de la construction'); print(sys.argv[1], file=sys.stderr); sys.exit(1)"
    return [sys.executable, "-c", code, message]


@pytest.fixture
def hand_made(tmp_path):
    """A devserver on a free port over a small hand-made site, with no watcher; yields (server, output)."""
    output = tmp_path / "output"
    (output / "offres").mkdir(parents=True)
    (output / "style.css").write_text("body { color: #222; } /* </body> */\n", "utf-8")
    (output / "offres" / "index.html").write_text(PAGE.format("Offres"), "utf-8")
    server = DevServer(tmp_path / "data", output, SETTINGS, port=0, command=build_command(output, "Version 1"), watched=[])
    server.rebuild()
    server.start()
    try:
        yield server, output
    finally:
        server.close()


def test_the_script_goes_before_the_last_closing_body():
    tag = reload_tag(7)
    assert tag == b'<script src="/__devserver__/reload.js" data-build="7" defer></script>'
    page = b"<html><body><p>\xc3\xa9t\xc3\xa9</p><script>var s = '</body>';</script></BODY>\n</html>\n"
    assert inject(page, tag) == b"<html><body><p>\xc3\xa9t\xc3\xa9</p><script>var s = '</body>';</script>" + tag + b"</BODY>\n</html>\n"


def test_a_page_without_closing_body_gets_the_script_at_its_end():
    assert inject(b"<p>Fragment", reload_tag(1)) == b"<p>Fragment" + reload_tag(1)
    assert inject(b"", reload_tag(1)) == reload_tag(1)


def test_the_error_page_is_french_and_escapes_the_build_output():
    page = error_page('data/offers/x.yaml:1:8: crochet « [ » non refermé\n<script>alert("x")</script> & co', 3).decode()
    assert '<html lang="fr">' in page and "<title>La construction a échoué</title>" in page
    assert "<h1>La construction a échoué</h1>" in page and "Construction n° 3" in page
    assert "<pre>data/offers/x.yaml:1:8: crochet « [ » non refermé\n&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co</pre>" in page
    assert "<script>alert" not in page
    assert "se recharge d'elle-même" in page


def test_pages_carry_the_script_and_other_files_are_served_untouched(hand_made):
    server, output = hand_made
    on_disk = (output / "index.html").read_bytes()
    status, content_type, body = get(url(server))
    assert (status, content_type) == (200, "text/html; charset=utf-8")
    assert body == inject(on_disk, reload_tag(1))
    assert (output / "index.html").read_bytes() == on_disk == PAGE.format("Version 1").encode()  # the built file is unchanged
    assert get(url(server) + "offres/index.html")[2].count(b"/__devserver__/reload.js") == 1
    status, content_type, body = get(url(server) + "style.css")
    assert (status, body) == (200, (output / "style.css").read_bytes())  # its "</body>" comment is not touched
    status, content_type, body = get(url(server) + "__devserver__/reload.js")
    assert status == 200 and content_type.startswith("text/javascript")
    assert body == (ROOT / "annuaire" / "devserver_reload.js").read_bytes()
    assert get(url(server) + "__devserver__/build")[1:] == ("text/plain; charset=utf-8", b"1")
    # A folder without its "/" is redirected as by `make serve`; HEAD gives the served length.
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    connection.request("GET", "/offres")
    response = connection.getresponse()
    assert (response.status, response.headers["Location"]) == (301, "/offres/")
    response.read()
    connection.request("HEAD", "/")
    response = connection.getresponse()
    assert (response.status, int(response.headers["Content-Length"])) == (200, len(inject(on_disk, reload_tag(1))))
    assert response.read() == b""
    connection.close()


def test_a_failed_build_replaces_every_page_until_a_build_succeeds(hand_made, capsys):
    server, output = hand_made
    server.command = failing_command("offers/x.yaml:2:1: <titre> manquant & autre")
    assert server.rebuild() is False
    for page in ("", "offres/", "offres/index.html"):
        status, content_type, body = get(url(server) + page)
        assert (status, content_type) == (500, "text/html; charset=utf-8")
        text = body.decode()
        assert "La construction a échoué" in text and "Construction n° 2" in text
        assert "début de la construction\noffers/x.yaml:2:1: &lt;titre&gt; manquant &amp; autre" in text  # stdout and stderr, escaped
        assert text.count('data-build="2"') == 1
    assert get(url(server) + "absente/", accept="text/html,*/*")[0] == 500  # a browser's navigation, even to a missing page
    assert get(url(server) + "style.css")[0] == 200  # other files still come from the last site
    assert get(url(server) + "__devserver__/build")[2] == b"2"
    printed = capsys.readouterr().out
    assert "Construction n° 2 échouée" in printed
    assert "offers/x.yaml:2:1: <titre> manquant & autre" in printed  # the terminal still shows the build's output

    server.command = build_command(output, "Version 3")
    assert server.rebuild() is True
    status, _, body = get(url(server))
    assert status == 200 and b"<h1>Version 3</h1>" in body and b'data-build="3"' in body
    assert "Construction n° 3 réussie." in capsys.readouterr().out


def test_a_file_change_rebuilds_shows_the_error_then_the_fixed_site(tmp_path):
    """The real build of the minimal fixture, the real watcher: break a record, see the error page, fix it."""
    data = shutil.copytree(MINIMAL, tmp_path / "data")
    output = tmp_path / "output"
    server = DevServer(data, output, SETTINGS, port=0, watched=[data])
    stop = threading.Event()
    watcher = threading.Thread(target=server.watch, kwargs={"stop_event": stop}, daemon=True)
    try:
        assert server.rebuild() is True
        server.start()
        watcher.start()
        status, _, home = get(url(server))
        assert status == 200 and b'<script src="/__devserver__/reload.js" data-build="1" defer></script></body>' in home
        assert b"__devserver__" not in (output / "index.html").read_bytes()  # injected while served only
        record = data / "offers" / "salle-verte.yaml"
        valid = record.read_text("utf-8")

        def failed():
            """the error page is served"""
            status, _, body = get(url(server) + "offres/salle-verte/")
            return status == 500 and body.decode()

        page = wait_for(failed, timeout=60, action=lambda: record.write_text(valid.replace("titre: Salle de réunion", "titre: ["), "utf-8"))
        assert "La construction a échoué" in page and "salle-verte.yaml:1:8: crochet « [ » non refermé" in page
        assert "Rien n&#x27;a été publié" in page and 'data-build="' in page
        broken = int(get(url(server) + "__devserver__/build")[2])

        def fixed():
            """the fixed site is served"""
            status, _, body = get(url(server) + "offres/salle-verte/")
            return status == 200 and body.decode()

        page = wait_for(fixed, timeout=60, action=lambda: record.write_text(valid, "utf-8"))
        assert "Salle de réunion" in page and "/__devserver__/reload.js" in page
        assert int(get(url(server) + "__devserver__/build")[2]) > broken > 1
    finally:
        stop.set()
        watcher.join(timeout=10)
        server.close()


def test_the_open_page_reloads_by_itself_after_each_build(hand_made):
    """In Chromium: a rebuild reloads the page, a failed one shows the error, the next success the site."""
    server, output = hand_made
    with browser() as chromium:
        page = chromium.new_page()
        requests = []
        page.on("request", lambda request: requests.append(request.url))
        page.goto(url(server))
        assert page.text_content("h1") == "Version 1"
        page.evaluate("window.notReloaded = true")

        server.command = build_command(output, "Version 2")
        server.rebuild()
        page.wait_for_function("!window.notReloaded && document.querySelector('h1').textContent === 'Version 2'", timeout=10_000)

        server.command = failing_command("offers/x.yaml:1:8: crochet « [ » non refermé <b>gras</b>")
        server.rebuild()
        page.wait_for_function("document.title === 'La construction a échoué'", timeout=10_000)
        assert "non refermé <b>gras</b>" in page.text_content("pre")  # shown as text, not as markup

        server.command = build_command(output, "Version 4")
        server.rebuild()
        page.wait_for_function("document.querySelector('h1') && document.querySelector('h1').textContent === 'Version 4'", timeout=10_000)
        page.close()
    assert requests and all(request.startswith(url(server)) for request in requests), requests
