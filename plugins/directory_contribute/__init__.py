"""Pelican plugin: the contribution form, at `CONTRIBUTE_FORM_URL` (contribuer/formulaire/).

A volunteer lists an association, an offer, a need or a project, or proposes a
change of a record, without git and without an account. In the output phase it
writes, into that folder:

- `index.html`, the choice of a type, and one form page a type (`organisation/`,
  `offre/`, `besoin/`, `projet/`), generated from the JSON Schemas
  (`annuaire.contribute.form`); each carries, as JSON, its type's schema with its
  `$ref`s inlined, the plan of the file `make new` writes and the themes;
- the form's scripts and styles (`annuaire/contribute/browser/`): `form.js` reads the form,
  checks it in the browser with the same schemas through Ajv (npm `ajv-dist`, copied
  from node_modules to `vendor/ajv/`, never committed) and the same French messages
  as `make validate` (`problems.js`), and writes the same file as `make new`
  (`record-yaml.js`), to send by e-mail (`CONTRIBUTE_EMAIL`), to propose on the git
  host (`CONTRIBUTE_REPOSITORY`) or to download;
- `listes/organisation/` and `listes/commune/`, the searchable choices cut into
  small files (`annuaire.contribute.choice_lists`);
- `fiches/<type>/<n>.json`, each record's own data and the names it cites, about
  64 records a file (`annuaire.contribute.record_files`): « Proposer une
  modification » on a record's page opens the form with `?modifier=<identifiant>`,
  which reads it there.

Without JavaScript the form says how else to contribute. An empty
`CONTRIBUTE_FORM_URL` leaves the form out, and the record pages' link with it.
"""

from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path

from pelican.generators import Generator

from annuaire.contribute import choice_lists, record_files
from annuaire.contribute.form import form_fields
from annuaire.contribute.git_host import file_links
from annuaire.contribute.scaffold import plan
from annuaire.pelican_plugin import DirectoryPlugin
from annuaire.publish.jsonld import script_json
from annuaire.publish.output import write_bytes
from annuaire.record_types import BY_NAME, RECORD_TYPES, RecordType
from annuaire.records import schemas
from annuaire.settings import Setting, node_modules

logger = logging.getLogger(__name__)

NAME = "directory_contribute"
SETTINGS = (
    Setting("CONTRIBUTE_FORM_URL", "contribuer/formulaire/", "folder of the contribution form; empty: no form"),
    Setting("CONTRIBUTE_EMAIL", None, "the maintainers' address the form's « Envoyer par courriel » writes to; None: no e-mail button"),
    Setting(
        "CONTRIBUTE_REPOSITORY",
        None,
        'the git host where the data lives, for « Proposer sur GitHub/GitLab » and « Modifier le fichier »: '
        '{"host": "github" or "gitlab", "url": "https://github.com/owner/name", "branch": "main", "data": "data"}; None: no such links',
    ),
    Setting("CONTRIBUTE_REVIEW_TIME", "dans la semaine", "when the maintainers read a proposal, as the form's page says it (« L'équipe la relit … »)"),
)
BROWSER = Path(__file__).resolve().parents[2] / "annuaire" / "contribute" / "browser"
FILES = ("form.js", "combobox.js", "problems.js", "record-yaml.js", "form.css")
VENDOR_FILES = {"ajv-dist/dist/ajv2020.min.js": "ajv/ajv2020.min.js"}
PACKAGE = "ajv-dist/package.json"  # the bundle has no licence file: its notice is written from here
CHOICES = ("organisation", "commune")  # searchable choices; themes are few: check boxes


class MissingAjv(Exception):
    exitcode = 1


def type_folder(kind: RecordType) -> str:
    """`organisation/`, `offre/`, `besoin/`, `projet/`: the French name of a type, as `make new` takes it."""
    return (kind.aliases[0] if kind.aliases else kind.name) + "/"


def vendor_files(folder: Path) -> dict[str, Path]:
    files = {target: folder / source for source, target in VENDOR_FILES.items()}
    files["package.json"] = folder / PACKAGE
    missing = [str(path) for path in files.values() if not path.is_file()]
    files.pop("package.json")
    if missing:
        raise MissingAjv(f"{NAME} : fichiers introuvables ({', '.join(missing)}) ; installez les paquets npm avec « make setup » (npm ci)")
    return files


def licence_notice(package: Path) -> bytes:
    """Ajv's name, version, licence and author, as its package declares them (MIT asks for the notice)."""
    about = json.loads(package.read_text("utf-8"))
    repository = about.get("repository", {})
    url = repository.get("url", "") if isinstance(repository, dict) else str(repository)
    return (
        f"{about['name']} {about['version']} : {about.get('description', '')}\n"
        f"Licence {about.get('license', '')}, © {about.get('author', '')}\n{url.removeprefix('git+')}\n"
    ).encode()


def record_content(record, directory) -> dict:
    """A record's data as the form reads it back, and the names of the records it cites."""
    names: dict[str, dict[str, str]] = {}
    for reference in record.kind.references:
        for _path, slug in reference.places(record.data):
            target = directory.get(reference.target, slug)
            if target is not None:
                names.setdefault(reference.target, {})[slug] = target.title
    return {"fiche": record.data, "noms": {kind: dict(sorted(found.items())) for kind, found in sorted(names.items())}}


def choice_entries(directory, kind: str) -> list[tuple[str, str, str]]:
    """(identifier, name, detail) of every choice: an organisation's commune, a commune's postal code."""
    entries = []
    for record in directory.records[kind]:
        if kind == "organisation":
            commune = record.links.get("commune")
            detail = commune[0].title if commune else ""
            if record.data.get("dissoute"):
                continue
        else:
            detail = ", ".join(record.data.get("codes_postaux") or ())  # the form checks an organisation's postal code with it
        entries.append((record.slug, record.title, detail))
    return entries


def references(kind: RecordType) -> list[dict]:
    """A type's references as problems.js reads them: each with its field's description and examples,
    which the messages quote (schema_check._reference_field)."""
    fields = {path: node for path, node, _required in schemas.fields(kind.schema)}
    found = []
    for ref in kind.references:
        node = fields.get(ref.path, {})
        field = {key: node[key] for key in ("description", "examples") if key in node}
        found.append({"path": ref.path, "target": ref.target, "partnership": ref.partnership, "field": field})
    return found


def page_data(kind: RecordType, themes: dict[str, str], settings: dict, records: int) -> str:
    """The JSON a form page carries for its script, safe inside a <script> element."""
    content = {
        "type": kind.name,
        "label": kind.label,
        "folder": kind.folder,
        "fields": [field.to_json() for field in form_fields(kind, themes)],
        "plan": plan(kind),
        "schema": schemas.inlined(kind.schema),
        "references": references(kind),
        "unknown": {target: BY_NAME[target].unknown for target in sorted({ref.target for ref in kind.references})},
        "known": {"theme": themes},
        "lists": {name: f"listes/{name}/" for name in CHOICES},  # under the form's folder
        "records": {"folder": f"fiches/{type_folder(kind)}", "files": record_files.file_count(records)},
        "email": settings.get("CONTRIBUTE_EMAIL") or "",
        "repository": file_links(settings.get("CONTRIBUTE_REPOSITORY"), kind, "{slug}"),
    }
    return script_json(content)



class DirectoryContributeGenerator(Generator):
    def generate_output(self, writer):
        settings = self.settings
        folder = settings["CONTRIBUTE_FORM_URL"]
        directory = self.context.get("directory")
        if not folder or directory is None:
            return
        output = Path(self.output_path)
        for name in FILES:
            write_bytes(self.output_path, f"{folder}{name}", (BROWSER / name).read_bytes(), NAME)
        for target, source in vendor_files(node_modules(settings)).items():
            (output / folder / "vendor" / target).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, output / folder / "vendor" / target)
        write_bytes(self.output_path, f"{folder}vendor/ajv/LICENSE.txt", licence_notice(node_modules(settings) / PACKAGE), NAME)
        for kind in CHOICES:
            for name, content in choice_lists.files(choice_entries(directory, kind)).items():
                write_bytes(self.output_path, f"{folder}listes/{kind}/{name}", content, NAME)
        for kind in RECORD_TYPES:
            contents = {record.slug: record_content(record, directory) for record in directory.records[kind.name]}
            for name, content in record_files.files(contents).items():
                write_bytes(self.output_path, f"{folder}fiches/{type_folder(kind)}{name}", content, NAME)
        themes = {theme.slug: theme.title for theme in directory.records["theme"]}
        common = {"relative_urls": settings["RELATIVE_URLS"]}
        writer.write_file(f"{folder}index.html", self.get_template("contribute"), self.context, url=folder, template_name="contribute", **common)
        for kind in RECORD_TYPES:
            url = f"{folder}{type_folder(kind)}"
            writer.write_file(
                f"{url}index.html",
                self.get_template("contribute_form"),
                self.context,
                url=url,
                template_name="contribute_form",
                kind=kind,
                form_fields=form_fields(kind, themes),
                form_data=page_data(kind, themes, settings, len(directory.records[kind.name])),
                **common,
            )
        logger.info("%s: formulaire de contribution écrit dans %s", NAME, folder)


def configure(settings: dict) -> None:
    """Template globals: the record pages' « Proposer une modification » and « Modifier le fichier »."""

    def change_url(record) -> str:
        folder = settings.get("CONTRIBUTE_FORM_URL")
        kind = BY_NAME[record.kind.name]
        return f"{folder}{type_folder(kind)}?modifier={record.slug}" if folder and isinstance(kind, RecordType) else ""

    def edit_url(record) -> str:
        return file_links(settings.get("CONTRIBUTE_REPOSITORY"), record.kind, record.slug).get("edit", "") if isinstance(record.kind, RecordType) else ""

    settings.setdefault("JINJA_GLOBALS", {}).update({"change_url": change_url, "edit_url": edit_url, "contribute_folder": type_folder})


PLUGIN = DirectoryPlugin(NAME, SETTINGS, generator=DirectoryContributeGenerator, configure=configure)
register = PLUGIN.register
