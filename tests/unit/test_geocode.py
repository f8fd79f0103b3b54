"""`make geocode`: coordinates from the national address base, against a local stand-in for its batch endpoint.

No test reaches the internet: the service is a small HTTP server on 127.0.0.1, and any other
connection attempt fails the test.
"""

from __future__ import annotations

import csv
import email.parser
import email.policy
import http.server
import io
import re
import shutil
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from conftest import ROOT

from annuaire import cli
from annuaire.records.loader import inspect
from annuaire.register import geocode

# What the stand-in knows: the address as the service reads it (the `columns`, joined by spaces)
# -> latitude, longitude, score, result type, INSEE code of the result.
KNOWN = {
    "5 allée des Lavandières 78280 Guyancourt": (48.775123456, 2.070211111, 0.93, "housenumber", "78297"),
    "11 rue du Pré 78450 Villepreux": (48.828449, 2.006702, 0.64, "street", "78674"),
    "14 rue des Frênes 78190 Trappes": (48.7792, 2.0061, 0.31, "housenumber", "78621"),  # too low a score
    "20 boulevard des Sablons 78180 Montigny-le-Bretonneux": (48.7842, 1.9564, 0.88, "housenumber", "78208"),  # in Élancourt
    "2 chemin des Vergers 78114 Magny-les-Hameaux": (48.7436, 2.0617, 0.71, "municipality", "78356"),  # only the commune
    "Chevreuse": (48.707163, 2.038761, 0.96, "municipality", "78160"),
    "Voisins-le-Bretonneux": (48.758349, 2.051102, 0.97, "municipality", "78688"),
    "Trappes": (48.7775, 2.0025, 0.9, "locality", "78621"),  # a place named after the town, not its centre
}
RESULT_COLUMNS = ["latitude", "longitude", "result_label", "result_score", "result_type", "result_citycode", "result_status"]

APPENDED_COMMUNES = """\
- id: chevreuse
  nom: Chevreuse
  insee: "78160"
  codes_postaux: ["78460"]
- id: saint-remy-les-chevreuse
  nom: Saint-Rémy-lès-Chevreuse
  insee: "78575"
  codes_postaux: ["78470"]
"""
# Organisations whose coordinates are taken away, so that the run looks for them.
UNPLACED = ("octet-pour-tous", "compagnie-du-chapiteau-bleu", "ressourcerie-des-etangs", "fondation-horizons-partages", "jardins-du-plateau", "coop-mobilite-du-val")
COORDINATES_LINE = re.compile(r"^  coordonnees: .*\n", re.MULTILINE)


class StandIn(http.server.ThreadingHTTPServer):
    """Answers like the batch endpoint: the CSV sent, with the result columns added."""

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.requests: list[dict] = []  # each: the form's fields and the CSV rows received
        self.failures: list[int] = []  # HTTP statuses to answer first, one per request

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/geocodage/search/csv"

    def sent_keys(self) -> list[str]:
        return [row["cle"] for request in self.requests for row in request["rows"]]


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        message = email.parser.BytesParser(policy=email.policy.default).parsebytes(f"Content-Type: {self.headers['Content-Type']}\r\n\r\n".encode() + body)
        fields, rows = {}, []
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            if name == "data":
                rows = list(csv.DictReader(io.StringIO(part.get_payload(decode=True).decode("utf-8"))))
            else:
                fields.setdefault(name, []).append(part.get_content().strip())
        self.server.requests.append({"fields": fields, "rows": rows})
        if self.server.failures:
            status = self.server.failures.pop(0)
            self.send_response(status)
            self.send_header("Retry-After", "0")
            self.end_headers()
            return
        answer = io.StringIO()
        writer = csv.DictWriter(answer, [*(rows[0] if rows else ["cle"]), *RESULT_COLUMNS], lineterminator="\n")
        writer.writeheader()
        for row in rows:
            # Joined like the service does; the INSEE filter is deliberately not applied, so that the client's own check is tested.
            address = " ".join(" ".join(row[column] for column in fields.get("columns", [])).split())
            found = KNOWN.get(address)
            result = dict(zip(RESULT_COLUMNS, (*found[:2], address, *found[2:], "ok"))) if found else {"result_status": "not-found"}
            writer.writerow({**row, **result})
        payload = answer.getvalue().encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "text/csv; charset=utf-8")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format, *args):
        pass


@pytest.fixture(autouse=True)
def no_internet(monkeypatch):
    """Only the loopback address may be reached."""
    connect = socket.create_connection

    def local_only(address, *args, **kwargs):
        assert address[0] in ("127.0.0.1", "localhost"), f"connexion refusée par le test : {address}"
        return connect(address, *args, **kwargs)

    monkeypatch.setattr(socket, "create_connection", local_only)


@pytest.fixture
def service():
    server = StandIn()
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def data(tmp_path):
    """The sample data with communes appended by a tool, and some coordinates taken away."""
    folder = shutil.copytree(ROOT / "data", tmp_path / "data")
    communes = folder / "communes.yaml"
    text = communes.read_text("utf-8")
    for identifier in ("trappes", "voisins-le-bretonneux"):  # Voisins is the last entry of the sample
        start = text.index(f"- id: {identifier}\n")
        text = text[:start] + COORDINATES_LINE.sub("", text[start:], count=1)
    communes.write_text(text + APPENDED_COMMUNES, "utf-8")
    for name in UNPLACED:
        path = folder / "organisations" / f"{name}.yaml"
        path.write_text(re.sub(r"^coordonnees: .*\n", "", path.read_text("utf-8"), flags=re.MULTILINE), "utf-8")
    return folder


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(path.relative_to(folder)): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def run(data: Path, service: StandIn, *options: str) -> int:
    return cli.main(["geocode", "--data", str(data), "--service", service.url, *options])


def test_communes_and_organisations_gain_coordinates_and_nothing_else_changes(data, service, capsys):
    before = snapshot(data)
    assert run(data, service) == 0

    after = snapshot(data)
    communes = after["communes.yaml"].decode()
    added = {
        "chevreuse": '  codes_postaux: ["78460"]\n  coordonnees: {lat: 48.70716, lon: 2.03876}\n',
        "voisins-le-bretonneux": '  codes_postaux: ["78960"]\n  coordonnees: {lat: 48.75835, lon: 2.0511}\n',
    }
    for text in added.values():
        assert text in communes
    assert communes.replace("  coordonnees: {lat: 48.70716, lon: 2.03876}\n", "").replace("  coordonnees: {lat: 48.75835, lon: 2.0511}\n", "") == before["communes.yaml"].decode()

    octet = after["organisations/octet-pour-tous.yaml"].decode()
    assert "commune: guyancourt\ncoordonnees: {lat: 48.77512, lon: 2.07021}\nsite_web:" in octet
    assert octet.replace("coordonnees: {lat: 48.77512, lon: 2.07021}\n", "") == before["organisations/octet-pour-tous.yaml"].decode()
    chapiteau = after["organisations/compagnie-du-chapiteau-bleu.yaml"].decode()
    assert chapiteau.replace("coordonnees: {lat: 48.82845, lon: 2.0067}\n", "") == before["organisations/compagnie-du-chapiteau-bleu.yaml"].decode()

    changed = {name for name in before if before[name] != after[name]}
    assert changed == {"communes.yaml", "organisations/octet-pour-tous.yaml", "organisations/compagnie-du-chapiteau-bleu.yaml"}
    assert set(after) == set(before)  # no temporary file left behind

    # What was written is valid data.
    _sources, problems = inspect(data)
    assert [problem for problem in problems if problem.file.endswith(("communes.yaml", "octet-pour-tous.yaml", "compagnie-du-chapiteau-bleu.yaml"))] == []

    out = capsys.readouterr().out
    assert "Communes : 2 placée(s), 2 non trouvée(s) (trappes, saint-remy-les-chevreuse)." in out
    assert "Organisations : 2 placée(s), 4 non trouvée(s) (coop-mobilite-du-val, fondation-horizons-partages, jardins-du-plateau, ressourcerie-des-etangs)" in out
    assert re.search(r"ressourcerie-des-etangs\) ; ignorées : \d+ déjà placées, \d+ sans adresse\.\n", out)
    assert "Requêtes envoyées au service : 1 ; fichiers modifiés : 3." in out


def test_only_public_address_fields_are_sent_and_placed_records_are_not(data, service):
    assert run(data, service) == 0
    [request] = service.requests
    assert request["fields"] == {"columns": ["adresse", "code_postal", "commune"], "citycode": ["insee"]}
    assert list(request["rows"][0]) == ["cle", "adresse", "code_postal", "commune", "insee"]
    assert {"cle": "organisation:octet-pour-tous", "adresse": "5 allée des Lavandières", "code_postal": "78280", "commune": "Guyancourt", "insee": "78297"} in request["rows"]
    assert {"cle": "commune:chevreuse", "adresse": "", "code_postal": "", "commune": "Chevreuse", "insee": "78160"} in request["rows"]
    keys = service.sent_keys()
    assert "organisation:atelier-bois-et-co" not in keys  # placed (perhaps by hand): never sent, never touched
    assert "commune:guyancourt" not in keys
    assert not any(key.endswith(("ville-la-verriere", "mgen")) for key in keys)  # no address


def test_refused_results_leave_records_without_coordinates(data, service):
    assert run(data, service, "--min-score", "0.5") == 0
    for name in ("ressourcerie-des-etangs", "fondation-horizons-partages", "jardins-du-plateau", "coop-mobilite-du-val"):
        assert "coordonnees" not in (data / "organisations" / f"{name}.yaml").read_text("utf-8"), name  # low score, other commune, commune only, not found
    communes = (data / "communes.yaml").read_text("utf-8")
    trappes = communes[communes.index("- id: trappes") : communes.index("- id: villepreux")]
    assert "coordonnees" not in trappes  # a locality, not the commune


def test_a_lower_minimum_score_accepts_more(data, service):
    assert run(data, service, "--min-score", "0.3") == 0
    assert "coordonnees: {lat: 48.7792, lon: 2.0061}\n" in (data / "organisations" / "ressourcerie-des-etangs.yaml").read_text("utf-8")


def test_a_second_run_asks_nothing_for_what_is_placed(data, service, capsys):
    assert run(data, service) == 0
    placed = {"commune:chevreuse", "commune:voisins-le-bretonneux", "organisation:octet-pour-tous", "organisation:compagnie-du-chapiteau-bleu"}
    assert placed <= set(service.sent_keys())
    first = snapshot(data)
    service.requests.clear()
    assert run(data, service) == 0
    assert not placed & set(service.sent_keys())
    assert snapshot(data) == first
    assert "Requêtes envoyées au service : 1 ; fichiers modifiés : 0." in capsys.readouterr().out


def test_nothing_to_place_makes_no_request(tmp_path, service, capsys):
    folder = shutil.copytree(ROOT / "data", tmp_path / "data")
    before = snapshot(folder)
    assert run(folder, service) == 0
    assert service.requests == []
    assert snapshot(folder) == before
    assert "Requêtes envoyées au service : 0 ; fichiers modifiés : 0." in capsys.readouterr().out


def test_communes_only(data, service, capsys):
    assert run(data, service, "--communes-only") == 0
    assert all(key.startswith("commune:") for key in service.sent_keys())
    assert "coordonnees" not in (data / "organisations" / "octet-pour-tous.yaml").read_text("utf-8")
    assert "Organisations : non traitées (--communes-only)." in capsys.readouterr().out


def test_large_folders_are_sent_in_chunks(data, service, monkeypatch):
    monkeypatch.setattr(geocode, "ROWS_PER_REQUEST", 4)
    assert geocode.run(data, service.url, pause=0) == 0
    assert [len(request["rows"]) for request in service.requests] == [4, 4, 2]  # 4 communes and 6 organisations
    assert "lat: 48.77512" in (data / "organisations" / "octet-pour-tous.yaml").read_text("utf-8")


def test_a_busy_service_is_asked_again_after_the_wait_it_gives(service):
    service.failures = [429]
    waits = []
    answer = geocode.send(service.url, geocode.request_csv([geocode.Query("commune:chevreuse", "", "", "Chevreuse", "78160")]), sleep=waits.append)
    assert len(service.requests) == 2 and waits == [1.0]
    assert geocode.parse_answer(answer)["commune:chevreuse"].type == "municipality"


@pytest.mark.parametrize("failure", ["server down", "HTTP 500", "busy twice", "not CSV"])
def test_a_network_failure_writes_nothing_and_says_so_in_one_line(data, service, capsys, monkeypatch, failure):
    url = service.url
    if failure == "server down":
        with socket.socket() as unused:
            unused.bind(("127.0.0.1", 0))
            url = f"http://127.0.0.1:{unused.getsockname()[1]}/geocodage/search/csv"  # closed when the test runs
    elif failure == "HTTP 500":
        service.failures = [500]
    elif failure == "busy twice":
        monkeypatch.setattr(geocode.time, "sleep", lambda seconds: None)
        service.failures = [429, 429]
    else:
        monkeypatch.setattr(_Handler, "do_POST", _html_page)  # a maintenance page instead of the CSV
    before = snapshot(data)
    assert cli.main(["geocode", "--data", str(data), "--service", url]) == 1
    captured = capsys.readouterr()
    [line] = captured.err.splitlines()
    assert line.startswith("Géocodage abandonné : ") and line.endswith("Rien n'a été écrit.")
    assert "Traceback" not in captured.err + captured.out
    assert snapshot(data) == before


def _html_page(handler):
    payload = b"<html><body>Maintenance</body></html>"
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html")
    handler.send_header("Content-Length", str(len(payload)))
    handler.end_headers()
    handler.wfile.write(payload)


def test_the_command_line_reports_a_failure_without_a_traceback(data):
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{unused.getsockname()[1]}/"
    before = snapshot(data)
    completed = subprocess.run([sys.executable, "-m", "annuaire", "geocode", "--data", str(data), "--service", url], capture_output=True, text=True, timeout=60, check=False)
    assert completed.returncode == 1
    assert len(completed.stderr.splitlines()) == 1 and "injoignable" in completed.stderr and "Traceback" not in completed.stderr
    assert snapshot(data) == before


def test_commune_lines_are_added_as_the_file_writes_them():
    text = '# Communes\n- id: a\n  nom: A\n  insee: "78001"\n  codes_postaux:\n    - "78000"\n  # checked\n- id: b\n  nom: B\n  insee: "78002"\n  codes_postaux: ["78000"]'
    expected = (
        '# Communes\n- id: a\n  nom: A\n  insee: "78001"\n  codes_postaux:\n    - "78000"\n  coordonnees: {lat: 48.1, lon: -0.5}\n  # checked\n'
        '- id: b\n  nom: B\n  insee: "78002"\n  codes_postaux: ["78000"]\n  coordonnees: {lat: 48.2, lon: 2.0}'
    )
    assert geocode.with_commune_coordinates(text, {"a": (48.1, -0.5), "b": (48.2, 2.0)}) == expected
    crlf = text.replace("\n", "\r\n")
    assert geocode.with_commune_coordinates(crlf, {"a": (48.1, -0.5)}) == crlf.replace('"78000"\r\n  #', '"78000"\r\n  coordonnees: {lat: 48.1, lon: -0.5}\r\n  #')


def test_acceptance_rules():
    organisation = geocode.Query("organisation:x", "1 rue A", "78280", "Guyancourt", "78297")
    commune = geocode.Query("commune:x", "", "", "Guyancourt", "78297")

    def match(score=0.9, kind="housenumber", citycode="78297"):
        return geocode.Match(48.0, 2.0, score, kind, citycode)

    assert geocode.accepted(organisation, match(), 0.5)
    assert geocode.accepted(organisation, match(kind="street"), 0.5)
    assert geocode.accepted(organisation, match(score=0.5), 0.5)
    assert not geocode.accepted(organisation, match(score=0.49), 0.5)
    assert not geocode.accepted(organisation, match(citycode="78208"), 0.5)
    assert not geocode.accepted(organisation, match(kind="locality"), 0.5)
    assert not geocode.accepted(organisation, match(kind="municipality"), 0.5)
    assert not geocode.accepted(organisation, None, 0.5)
    assert geocode.accepted(commune, match(kind="municipality"), 0.5)
    assert not geocode.accepted(commune, match(kind="street"), 0.5)
