"""Map coordinates for organisations' offices and commune centres, from the Base Adresse Nationale.

Run only when a maintainer asks (`make geocode`): this is the one command that contacts an
external service, the national address base's geocoder on the IGN's Géoplateforme
(https://data.geopf.fr/geocodage/search/csv, formerly api-adresse.data.gouv.fr). The answers
are cached in the data files themselves, as `coordonnees: {lat, lon}`, so that site builds
stay offline.

What is sent, as one CSV file per request of at most ROWS_PER_REQUEST rows:
- for each organisation without coordinates: the address of its registered office as the
  directory publishes it (`adresse`, `code_postal`, the commune's name and INSEE code);
- for each commune of data/communes.yaml without coordinates: its name and INSEE code;
- a key per row (`organisation:<identifier>` or `commune:<identifier>`) to read the answer.
These are public data; nothing personal (no contact, person's name, email or telephone) is sent.

What is written: a record that already has `coordonnees` (perhaps placed by hand) is never
touched. An organisation is placed only when the match is a house number or a street of its own
commune, with a score of at least `min_score`; otherwise it stays without coordinates and the
site shows it at its commune's centre (and says so). Every answer arrives before any file is
written, each file is replaced atomically, every other byte of it stays as it was, and a network
failure writes nothing.
"""

from __future__ import annotations

import csv
import http.client
import io
import os
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from annuaire.contribute.scaffold import scalar
from annuaire.problems import display_path
from annuaire.records.yaml_source import YamlError, parse
from annuaire.register.record_file import field_order, update

SERVICE = "https://data.geopf.fr/geocodage/search/csv"
MIN_SCORE = 0.5
ROWS_PER_REQUEST = 2000  # far below the service's file limit (reported as 50 MB); a small file answers quickly
PAUSE_SECONDS = 1.0  # between two requests: the service allows 50 a second per address, we stay far below
TIMEOUT_SECONDS = 120
LONGEST_RETRY_WAIT = 30  # seconds: a busy service (HTTP 429) says how long to wait in Retry-After
STREET_LEVEL = ("housenumber", "street")
CSV_COLUMNS = ("cle", "adresse", "code_postal", "commune", "insee")
ADDRESS_COLUMNS = ("adresse", "code_postal", "commune")  # what the service reads as the address


class GeocodeError(Exception):
    """Why the run stopped, in French, on one line; nothing has been written."""


@dataclass(frozen=True)
class Query:
    key: str  # "commune:<identifier>" or "organisation:<identifier>"
    adresse: str
    code_postal: str
    commune: str
    insee: str  # filters the search to this commune, and checks the answer

    def row(self) -> dict[str, str]:
        return {"cle": self.key, "adresse": self.adresse, "code_postal": self.code_postal, "commune": self.commune, "insee": self.insee}


@dataclass(frozen=True)
class Match:
    lat: float
    lon: float
    score: float
    type: str  # housenumber, street, locality or municipality
    citycode: str


@dataclass
class Organisation:
    path: Path
    text: str
    data: dict


@dataclass
class DataFolder:
    communes_path: Path
    communes_text: str
    communes: list[dict]
    organisations: dict[str, Organisation] = field(default_factory=dict)


# Reading the data folder and building the request


def read_folder(data: Path) -> DataFolder:
    communes_path = Path(data) / "communes.yaml"
    communes_text = _read(communes_path)
    communes = _parse(communes_text, communes_path)
    if not isinstance(communes, list):
        raise GeocodeError(f"{display_path(communes_path)} n'est pas une liste de communes : lancez « make validate »")
    folder = DataFolder(communes_path, communes_text, [item for item in communes if isinstance(item, dict)])
    for path in sorted((Path(data) / "organisations").glob("*.yaml")):
        if not path.name.startswith("."):
            text = _read(path)
            record = _parse(text, path)
            folder.organisations[path.stem] = Organisation(path, text, record if isinstance(record, dict) else {})
    return folder


def _read(path: Path) -> str:
    try:
        return path.read_bytes().decode("utf-8")  # bytes: line endings stay as they are
    except (OSError, UnicodeDecodeError) as error:
        raise GeocodeError(f"{display_path(path)} : lecture impossible ({error})") from None


def _parse(text: str, path: Path):
    try:
        return parse(text).data
    except YamlError as error:
        raise GeocodeError(f"{display_path(path)}:{error.line} : {error.message} (lancez « make validate »)") from None


def commune_queries(folder: DataFolder) -> list[Query]:
    """Communes without a centre, searched by name within their INSEE code."""
    editable = _block_entries(folder.communes_text)
    return [
        Query(f"commune:{item['id']}", "", "", str(item.get("nom", "")), str(item.get("insee", "")))
        for item in folder.communes
        if "coordonnees" not in item and item.get("id") in editable and item.get("insee")
    ]


def organisation_queries(folder: DataFolder) -> tuple[list[Query], dict[str, list[str]]]:
    """Organisations to place, and those skipped by reason (already placed, no usable address)."""
    insee_and_name = {item.get("id"): (str(item.get("insee", "")), str(item.get("nom", ""))) for item in folder.communes}
    queries, skipped = [], {"déjà placées": [], "sans adresse": []}
    for name, organisation in folder.organisations.items():
        record = organisation.data
        if "coordonnees" in record:
            skipped["déjà placées"].append(name)
        elif not record.get("adresse") or record.get("commune") not in insee_and_name:
            skipped["sans adresse"].append(name)  # a street without its commune cannot be checked
        else:
            insee, commune = insee_and_name[record["commune"]]
            queries.append(Query(f"organisation:{name}", str(record["adresse"]), str(record.get("code_postal") or ""), commune, insee))
    return queries, skipped


def request_csv(queries: list[Query]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(query.row() for query in queries)
    return buffer.getvalue().encode("utf-8")


# Talking to the service


def multipart_body(csv_bytes: bytes, boundary: str) -> bytes:
    """The form the batch endpoint reads: the file in `data`, the address columns, the INSEE filter."""
    fields = [("columns", column) for column in ADDRESS_COLUMNS] + [("citycode", "insee")]
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode() for name, value in fields]
    parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="data"; filename="adresses.csv"\r\nContent-Type: text/csv; charset=utf-8\r\n\r\n'.encode() + csv_bytes + b"\r\n")
    return b"".join(parts) + f"--{boundary}--\r\n".encode()


def send(service: str, csv_bytes: bytes, timeout: float = TIMEOUT_SECONDS, sleep: Callable[[float], None] | None = None) -> str:
    """POST one CSV file; the answered CSV. Any failure becomes a GeocodeError."""
    boundary = f"annuaire-{uuid.uuid4().hex}"
    request = urllib.request.Request(
        service,
        data=multipart_body(csv_bytes, boundary),
        headers={"Content-Type": f"multipart/form-data; boundary={boundary}", "Accept": "text/csv", "User-Agent": "annuaire-geocode"},
        method="POST",
    )
    for attempt in range(2):
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return response.read().decode("utf-8-sig")
        except urllib.error.HTTPError as error:
            if error.code == 429 and attempt == 0:  # too many requests: wait as asked, then once more
                (sleep or time.sleep)(_retry_after(error.headers.get("Retry-After")))
                continue
            raise GeocodeError(f"le service de géocodage {service} a répondu HTTP {error.code} ({error.reason})") from None
        except urllib.error.URLError as error:
            raise GeocodeError(f"service de géocodage injoignable ({service}) : {error.reason}") from None
        except (OSError, http.client.HTTPException, UnicodeDecodeError) as error:
            raise GeocodeError(f"échange interrompu avec le service de géocodage ({service}) : {error or error.__class__.__name__}") from None
    raise AssertionError("unreachable")  # pragma: no cover


def _retry_after(value: str | None) -> float:
    try:
        return min(max(float(value), 1.0), LONGEST_RETRY_WAIT)
    except (TypeError, ValueError):
        return 5.0


def geocode(queries: list[Query], service: str, post: Callable[[str, bytes], str] = send, pause: float = PAUSE_SECONDS) -> tuple[dict[str, Match], int]:
    """Every query sent, in chunks; the matches by key and the number of requests made."""
    matches, requests = {}, 0
    for start in range(0, len(queries), ROWS_PER_REQUEST):
        if requests:
            time.sleep(pause)
        matches.update(parse_answer(post(service, request_csv(queries[start : start + ROWS_PER_REQUEST]))))
        requests += 1
    return matches, requests


def parse_answer(text: str) -> dict[str, Match]:
    """The service's CSV read back: a match for each row that has coordinates."""
    reader = csv.DictReader(io.StringIO(text))
    missing = {"cle", "latitude", "longitude", "result_score"} - set(reader.fieldnames or ())
    if missing:
        raise GeocodeError(f"réponse inattendue du service de géocodage (colonnes absentes : {', '.join(sorted(missing))})")
    matches = {}
    for row in reader:
        try:
            matches[row["cle"]] = Match(float(row["latitude"]), float(row["longitude"]), float(row["result_score"]), row.get("result_type") or "", row.get("result_citycode") or "")
        except (TypeError, ValueError):
            pass  # no result for this row: latitude and score are empty
    return matches


def accepted(query: Query, match: Match | None, min_score: float) -> bool:
    """Good enough, in the right commune, and precise enough for its kind (a commune: its centre)."""
    if match is None or match.score < min_score or match.citycode != query.insee:
        return False
    return match.type == "municipality" if query.key.startswith("commune:") else match.type in STREET_LEVEL


# Writing the coordinates


def _rounded(match: Match) -> tuple[float, float]:
    return round(match.lat, 5), round(match.lon, 5)  # about 1 m


def with_commune_coordinates(text: str, placed: dict[str, tuple[float, float]]) -> str:
    """`text` with a `coordonnees: {lat: …, lon: …}` line added to each entry of `placed`."""
    newline = "\r\n" if "\r\n" in text else "\n"
    insertions = []
    for identifier, node in _block_entries(text).items():
        if identifier in placed:
            lat, lon = placed[identifier]
            indent = " " * node.value[0][0].start_mark.column
            at = _end_of_line(text, _last_scalar_end(node))
            line = f"{indent}coordonnees: {{lat: {scalar(lat)}, lon: {scalar(lon)}}}"
            insertions.append((at, line + newline if text[at - 1 : at] == "\n" else newline + line))
    for at, line in sorted(insertions, reverse=True):  # from the end, so that earlier places stay right
        text = text[:at] + line + text[at:]
    return text


def _block_entries(text: str) -> dict[str, yaml.MappingNode]:
    """The entries written one field per line, by identifier: the ones a line can be added to."""
    node = yaml.compose(text, Loader=yaml.SafeLoader)
    entries = {}
    for item in node.value if isinstance(node, yaml.SequenceNode) else ():
        if isinstance(item, yaml.MappingNode) and item.value and not item.flow_style:
            for key, value in item.value:
                if key.value == "id" and isinstance(value, yaml.ScalarNode):
                    entries[value.value] = item
    return entries


def _last_scalar_end(node) -> int:
    while not isinstance(node, yaml.ScalarNode):
        node = node.value[-1][1] if isinstance(node, yaml.MappingNode) else node.value[-1]
    return node.end_mark.index


def _end_of_line(text: str, index: int) -> int:
    if index > 0 and text[index - 1] == "\n":
        return index  # a block scalar ends at the start of the next line
    newline = text.find("\n", index)
    return len(text) if newline < 0 else newline + 1


def with_organisation_coordinates(text: str, lat: float, lon: float) -> str:
    return update(text, {"coordonnees": {"lat": lat, "lon": lon}}, field_order("organisation.schema.json"))


def write_atomically(path: Path, text: str) -> None:
    """A temporary file beside it, then a rename: readers see the old file or the new one, never half."""
    handle = tempfile.NamedTemporaryFile("wb", dir=path.parent, prefix=f".{path.name}.", suffix=".tmp", delete=False)
    try:
        with handle:
            handle.write(text.encode("utf-8"))
        os.chmod(handle.name, path.stat().st_mode & 0o7777)
        os.replace(handle.name, path)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise


# The command


def run(data: Path, service: str = SERVICE, min_score: float = MIN_SCORE, communes_only: bool = False, post: Callable[[str, bytes], str] = send, pause: float = PAUSE_SECONDS) -> int:
    try:
        folder = read_folder(data)
        communes = commune_queries(folder)
        organisations, skipped = ([], {}) if communes_only else organisation_queries(folder)
        queries = communes + organisations
        if queries:
            print(f"Envoi au service de géocodage {service} : {len(communes)} commune(s), {len(organisations)} adresse(s) d'organisation…")
        matches, requests = geocode(queries, service, post, pause)
        placed = {query.key: _rounded(matches[query.key]) for query in queries if accepted(query, matches.get(query.key), min_score)}
        changes = _changes(folder, placed)
        for path, text in changes.items():
            write_atomically(path, text)
    except GeocodeError as error:
        print(f"Géocodage abandonné : {error}. Rien n'a été écrit.", file=sys.stderr)
        return 1
    print(_summary(communes, organisations, skipped, placed, communes_only, folder))
    print(f"Requêtes envoyées au service : {requests} ; fichiers modifiés : {len(changes)}.")
    return 0


def _changes(folder: DataFolder, placed: dict[str, tuple[float, float]]) -> dict[Path, str]:
    """Every file's new text, computed before any is written."""
    changes = {}
    commune_places = {key.removeprefix("commune:"): value for key, value in placed.items() if key.startswith("commune:")}
    if commune_places:
        changes[folder.communes_path] = with_commune_coordinates(folder.communes_text, commune_places)
    for key, (lat, lon) in placed.items():
        if key.startswith("organisation:"):
            organisation = folder.organisations[key.removeprefix("organisation:")]
            changes[organisation.path] = with_organisation_coordinates(organisation.text, lat, lon)
    return changes


def _summary(communes, organisations, skipped, placed, communes_only: bool, folder: DataFolder) -> str:
    if communes_only:
        organisations_line = "Organisations : non traitées (--communes-only)."
    else:
        ignored = " ; ignorées : " + ", ".join(f"{len(names)} {reason}" for reason, names in skipped.items())
        organisations_line = _counts("Organisations", organisations, placed) + ignored + "."
    return _counts("Communes", communes, placed) + _by_hand(folder) + ".\n" + organisations_line


def _counts(label: str, queries: list[Query], placed: dict) -> str:
    missed = [query.key.split(":", 1)[1] for query in queries if query.key not in placed]
    text = f"{label} : {len(queries) - len(missed)} placée(s), {len(missed)} non trouvée(s)"
    return text + (f" ({', '.join(missed)})" if missed else "")


def _by_hand(folder: DataFolder) -> str:
    """Communes without coordinates this tool cannot complete (an entry written on one line, no INSEE code)."""
    editable = _block_entries(folder.communes_text)
    left = [str(item.get("id")) for item in folder.communes if "coordonnees" not in item and (item.get("id") not in editable or not item.get("insee"))]
    return f" ; à compléter à la main : {', '.join(left)}" if left else ""
