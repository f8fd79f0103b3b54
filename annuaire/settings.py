"""Default settings of the directory plugins; `pelican.conf.py` overrides any of them."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

DEFAULTS = {
    "ANNUAIRE_DATA_PATH": "data",
    "ANNUAIRE_TODAY": None,  # ISO date for reproducible checks; None means the build's date
    "ANNUAIRE_HOME_SAVE_AS": "index.html",
    "ANNUAIRE_LATEST_COUNT": 6,
    "ANNUAIRE_FIELDS_URL": "contribuer/champs/",
    "ANNUAIRE_FIELDS_SAVE_AS": "contribuer/champs/index.html",
    # Matching offers with needs, and partners for projects (directory_matching)
    "ANNUAIRE_MATCHING_LIMIT": 5,  # suggestions shown per record
    "ANNUAIRE_PARTNER_MAX_KM": 10,  # a possible partner acts in a project's commune or this close to one
    # Cooperation graph (directory_cooperation)
    "COOPERATIONS_URL": "cooperations/",
    "COOPERATIONS_SAVE_AS": "cooperations/index.html",
    # Agenda: events are articles with a `Start` metadata (directory_agenda)
    "AGENDA_URL": "agenda/",
    "AGENDA_SAVE_AS": "agenda/index.html",
    "AGENDA_ICS_URL": "agenda/agenda.ics",
    "AGENDA_ICS_SAVE_AS": "agenda/agenda.ics",
    "EVENT_ICS_URL": "agenda/evenements/{slug}.ics",
    "EVENT_ICS_SAVE_AS": "agenda/evenements/{slug}.ics",
    "AGENDA_UID_DOMAIN": None,  # right part of iCalendar UIDs; None: the host of SITEURL, else "annuaire.invalid"
    # Open data (directory_opendata): licence of the data, as a Frictionless `licenses` entry
    "ANNUAIRE_LICENSE": {
        "name": "etalab-2.0",
        "title": "Licence Ouverte / Open Licence 2.0 (Etalab)",
        "path": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
    },
    "OPENDATA_URL": "donnees/",  # folder of the exports: JSON, CSV, GeoJSON, datapackage.json
    "OPENDATA_SAVE_AS": "donnees/",
    # Atom feeds of new records (directory_feeds)
    "ANNUAIRE_FEED_LIMIT": 50,
    "OFFER_FEED_URL": "flux/offres.atom.xml",
    "OFFER_FEED_SAVE_AS": "flux/offres.atom.xml",
    "NEED_FEED_URL": "flux/besoins.atom.xml",
    "NEED_FEED_SAVE_AS": "flux/besoins.atom.xml",
    "PROJECT_FEED_URL": "flux/projets.atom.xml",
    "PROJECT_FEED_SAVE_AS": "flux/projets.atom.xml",
    # Files for crawlers and lost visitors (directory_sitemap); the sitemap needs SITEURL
    "SITEMAP_SAVE_AS": "sitemap.xml",
    "ROBOTS_SAVE_AS": "robots.txt",
    "NOT_FOUND_SAVE_AS": "404.html",
    "ANNUAIRE_NODE_MODULES": None,  # where npm installed lunr.js and the stemmer; None: beside plugins/
    "SEARCH_URL": "recherche/",
    "SEARCH_SAVE_AS": "recherche/index.html",
    # Freshness: `make validate` warns about records not checked (`mis_a_jour`) for longer; `make stale` lists them
    "ANNUAIRE_STALE_DAYS": 365,
    # Web editor for contributors, Decap CMS (directory_admin): its folder, and where edits are sent.
    # {"name": "test-repo"} keeps edits in the browser only (a trial); see pelican.conf.py for GitHub and GitLab.
    "ANNUAIRE_ADMIN_URL": "admin/",
    "ANNUAIRE_ADMIN_BACKEND": {"name": "test-repo"},
}

# URL layout of each type: (name, single, listing) path segments.
_LAYOUT = {
    "organisation": "organisations",
    "offer": "offres",
    "need": "besoins",
    "project": "projets",
    "theme": "themes",
    "commune": "communes",
}

for _name, _segment in _LAYOUT.items():
    _prefix = _name.upper()
    DEFAULTS[f"{_prefix}_URL"] = f"{_segment}/{{slug}}/"
    DEFAULTS[f"{_prefix}_SAVE_AS"] = f"{_segment}/{{slug}}/index.html"
    DEFAULTS[f"{_prefix}_LIST_URL"] = f"{_segment}/"
    DEFAULTS[f"{_prefix}_LIST_SAVE_AS"] = f"{_segment}/index.html"
    DEFAULTS[f"{_prefix}_FILTER_URL"] = f"{_segment}/{{facet}}/{{value}}/"
    DEFAULTS[f"{_prefix}_FILTER_SAVE_AS"] = f"{_segment}/{{facet}}/{{value}}/index.html"


def apply_defaults(settings: dict) -> None:
    for key, value in DEFAULTS.items():
        settings.setdefault(key, value)
    settings.setdefault("PAGINATED_TEMPLATES", {})
    settings["PAGINATED_TEMPLATES"].setdefault("records", 24)


# The other licence documented on the open data page: `ANNUAIRE_LICENSE = ODBL` in pelican.conf.py.
ODBL = {
    "name": "ODbL-1.0",
    "title": "Open Database License (ODbL) 1.0",
    "path": "https://opendatacommons.org/licenses/odbl/1-0/",
}


def build_date(settings: dict) -> datetime.date:
    """The build's "today": `ANNUAIRE_TODAY` (an ISO date) when set, else the system's date.

    Expiry, matching and the agenda's upcoming and past events depend on it:
    set it to build the same data into the same site on another day. The
    system's date is taken in the site's TIMEZONE, whatever the machine's.
    """
    today = settings.get("ANNUAIRE_TODAY")
    if today:
        return datetime.date.fromisoformat(today)
    # The day where the site lives (TIMEZONE), not where the machine that builds it is.
    zone = settings.get("TIMEZONE")
    return datetime.datetime.now(ZoneInfo(zone) if zone else None).date()
