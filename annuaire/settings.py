"""The settings every directory plugin shares, and how a plugin declares its own.

Each plugin in plugins/ declares its settings beside it (a tuple of `Setting`,
with a prefix of its own: AGENDA_, FEEDS_, SEARCH_...) and its `DirectoryPlugin`
applies their defaults, and these shared ones, when Pelican starts. A site owner
overrides any of them in pelican.conf.py. The README's table of settings is
checked against these declarations by tests/test_settings.py.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

from annuaire.record_types import KINDS, LIST_TYPES, RECORD_TYPES, RecordType
from annuaire.records import lifecycle

CHECKOUT = Path(__file__).resolve().parents[1]  # the folder holding the package, package.json and node_modules


@dataclass(frozen=True)
class Setting:
    name: str
    default: object
    doc: str  # for maintainers, as the README shows it


def _url_settings() -> tuple[Setting, ...]:
    """Where each type's pages go, from the registry's URL segment: OFFER_URL, OFFER_LIST_URL..."""
    found = []
    for kind in KINDS:
        segment = kind.segment
        found += [
            Setting(kind.setting("URL"), f"{segment}/{{slug}}/", "address of a record's page"),
            Setting(kind.setting("SAVE_AS"), f"{segment}/{{slug}}/index.html", "file of a record's page"),
            Setting(kind.setting("LIST_URL"), f"{segment}/", "address of the type's listing"),
            Setting(kind.setting("LIST_SAVE_AS"), f"{segment}/index.html", "file of the type's listing"),
        ]
        if isinstance(kind, RecordType):
            found += [
                Setting(kind.setting("FILTER_URL"), f"{segment}/{{facet}}/{{value}}/", "address of a listing filtered by a facet value"),
                Setting(kind.setting("FILTER_SAVE_AS"), f"{segment}/{{facet}}/{{value}}/index.html", "file of a filtered listing"),
            ]
    return tuple(found)


SETTINGS: tuple[Setting, ...] = (
    Setting("ANNUAIRE_DATA_PATH", "data", "the data folder: one sub-folder per record type, themes.yaml, communes.yaml"),
    Setting("ANNUAIRE_TODAY", None, "the build's date, AAAA-MM-JJ, for a reproducible site; None: the day of the build, in TIMEZONE"),
    Setting("ANNUAIRE_STALE_DAYS", 365, "age in days of `mis_a_jour` after which `make validate` warns and `make stale` lists a record"),
    Setting("ANNUAIRE_CACHE_PATH", None, "incremental builds: the traces of the last build's pages (`make html` sets `<output>.cache`); None: every page rendered"),
    Setting("ANNUAIRE_PREVIOUS_OUTPUT", None, "incremental builds: the last build's site, whose unchanged pages are reused (`make html` sets it to the output folder)"),
    Setting("ANNUAIRE_NODE_MODULES", None, "where npm installed lunr.js, Leaflet, Ajv and Sveltia CMS for the build; None: node_modules/ beside the package"),
) + _url_settings()


def apply(settings: dict, declared: tuple[Setting, ...]) -> None:
    """The shared settings' defaults, `declared`'s, and the template globals every page uses."""
    for setting in SETTINGS + declared:
        settings.setdefault(setting.name, setting.default)
    # Contributors' text is untrusted: every template value is escaped unless marked safe.
    settings["JINJA_ENVIRONMENT"] = {**settings.get("JINJA_ENVIRONMENT", {}), "autoescape": True}

    def listing_url(kind) -> str:
        """Address of a type's listing, for the menu and the headings: listing_url(kind)."""
        return settings[kind.setting("LIST_URL")]

    settings.setdefault("JINJA_GLOBALS", {}).update({"RECORD_TYPES": RECORD_TYPES, "LIST_TYPES": LIST_TYPES, "listing_url": listing_url})


def build_date(settings: dict) -> datetime.date:
    """The build's "today" (see `lifecycle.build_date`)."""
    return lifecycle.build_date(settings.get("ANNUAIRE_TODAY"), settings.get("TIMEZONE"))


def node_modules(settings: dict) -> Path:
    return Path(settings.get("ANNUAIRE_NODE_MODULES") or CHECKOUT / "node_modules")
