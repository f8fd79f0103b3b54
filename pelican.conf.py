"""Pelican settings of the directory site.

Build with `make html` (or `make html DATA=other-data OUTPUT=other-output`).
Every URL of the site is set here; the plugins' defaults are in
`plugins/annuaire/settings.py`.
"""

import json
import os
from pathlib import Path

HERE = Path(__file__).resolve().parent

SITENAME = "Coopérer en Saint-Quentin-en-Yvelines"
SITESUBTITLE = "L'annuaire des associations et de leurs coopérations : ressources à partager, besoins, projets communs"
SITEURL = os.environ.get("SITEURL", "")
# Relative links let the site work from any folder or sub-path, and from disk.
RELATIVE_URLS = not SITEURL
TIMEZONE = "Europe/Paris"
DEFAULT_LANG = "fr"
LOCALE = ("C.UTF-8",)  # dates are formatted in French by the theme, not by the system locale

PATH = str(HERE / "content")
PAGE_PATHS = ["pages"]
ARTICLE_PATHS = ["articles"]
STATIC_PATHS = []
THEME = str(HERE / "theme")
OUTPUT_PATH = os.environ.get("OUTPUT", str(HERE / "output"))
DELETE_OUTPUT_DIRECTORY = True

PLUGIN_PATHS = [str(HERE / "plugins")]
PLUGINS = [
    "directory_records", "directory_pages", "directory_search",
    "directory_matching", "directory_cooperation", "directory_agenda",
    "directory_opendata", "directory_feeds", "directory_admin",
    "directory_sitemap",  # last: the sitemap lists the pages the others wrote
]

# Directory data (records and reference lists)
ANNUAIRE_DATA_PATH = os.environ.get("DATA", str(HERE / "data"))
ANNUAIRE_TODAY = os.environ.get("ANNUAIRE_TODAY") or None
# `make validate` warns about records whose `mis_a_jour` is older than this; `make stale` lists them.
ANNUAIRE_STALE_DAYS = 365

# The web editor (Decap CMS) at /admin/: its config.yml is generated from the schemas at build time.
# Each edit becomes a pull (merge) request on this repository (editorial workflow), reviewed like any other.
# Where edits go is the backend, a JSON object in the environment (the CI workflows set it) or here:
#   GitHub:  {"name": "github", "repo": "mon-orga/annuaire", "branch": "main",
#             "base_url": "https://auth.example.org"}   # an OAuth proxy for GitHub logins (see CONTRIBUTING.md)
#   GitLab:  {"name": "gitlab", "repo": "mon-groupe/annuaire", "branch": "main", "auth_type": "pkce",
#             "app_id": "identifiant-de-l-application-oauth", "api_root": "https://gitlab.example.org/api/v4",
#             "base_url": "https://gitlab.example.org", "auth_endpoint": "oauth/authorize"}
#   Local trial with a clone: {"name": "proxy", "proxy_url": "http://localhost:8081/api/v1", "branch": "main"}
#             and `npx decap-server` in the clone (it writes the files there, no account needed).
# The default, {"name": "test-repo"}, keeps edits in the browser and saves nothing: a demonstration.
ANNUAIRE_ADMIN_BACKEND = json.loads(os.environ.get("ANNUAIRE_ADMIN_BACKEND") or '{"name": "test-repo"}')
ANNUAIRE_ADMIN_URL = "admin/"

# Records: one page each, a listing, and one filter page per facet value.
ORGANISATION_URL = "organisations/{slug}/"
ORGANISATION_SAVE_AS = "organisations/{slug}/index.html"
ORGANISATION_LIST_URL = "organisations/"
ORGANISATION_LIST_SAVE_AS = "organisations/index.html"
ORGANISATION_FILTER_URL = "organisations/{facet}/{value}/"
ORGANISATION_FILTER_SAVE_AS = "organisations/{facet}/{value}/index.html"
OFFER_URL = "offres/{slug}/"
OFFER_SAVE_AS = "offres/{slug}/index.html"
OFFER_LIST_URL = "offres/"
OFFER_LIST_SAVE_AS = "offres/index.html"
OFFER_FILTER_URL = "offres/{facet}/{value}/"
OFFER_FILTER_SAVE_AS = "offres/{facet}/{value}/index.html"
NEED_URL = "besoins/{slug}/"
NEED_SAVE_AS = "besoins/{slug}/index.html"
NEED_LIST_URL = "besoins/"
NEED_LIST_SAVE_AS = "besoins/index.html"
NEED_FILTER_URL = "besoins/{facet}/{value}/"
NEED_FILTER_SAVE_AS = "besoins/{facet}/{value}/index.html"
PROJECT_URL = "projets/{slug}/"
PROJECT_SAVE_AS = "projets/{slug}/index.html"
PROJECT_LIST_URL = "projets/"
PROJECT_LIST_SAVE_AS = "projets/index.html"
PROJECT_FILTER_URL = "projets/{facet}/{value}/"
PROJECT_FILTER_SAVE_AS = "projets/{facet}/{value}/index.html"
THEME_URL = "themes/{slug}/"
THEME_SAVE_AS = "themes/{slug}/index.html"
THEME_LIST_URL = "themes/"
THEME_LIST_SAVE_AS = "themes/index.html"
COMMUNE_URL = "communes/{slug}/"
COMMUNE_SAVE_AS = "communes/{slug}/index.html"
COMMUNE_LIST_URL = "communes/"
COMMUNE_LIST_SAVE_AS = "communes/index.html"
ANNUAIRE_HOME_SAVE_AS = "index.html"
ANNUAIRE_FIELDS_URL = "contribuer/champs/"
ANNUAIRE_FIELDS_SAVE_AS = "contribuer/champs/index.html"
SEARCH_URL = "recherche/"
SEARCH_SAVE_AS = "recherche/index.html"

# The meeting place: suggestions, cooperation network, agenda (events are articles with a Start).
ANNUAIRE_MATCHING_LIMIT = 5
ANNUAIRE_PARTNER_MAX_KM = 10
COOPERATIONS_URL = "cooperations/"
COOPERATIONS_SAVE_AS = "cooperations/index.html"
AGENDA_URL = "agenda/"
AGENDA_SAVE_AS = "agenda/index.html"
AGENDA_ICS_URL = "agenda/agenda.ics"
AGENDA_ICS_SAVE_AS = "agenda/agenda.ics"
EVENT_ICS_URL = "agenda/evenements/{slug}.ics"
EVENT_ICS_SAVE_AS = "agenda/evenements/{slug}.ics"

# Open data: licence of the data (a Frictionless `licenses` entry); the other documented
# choice is the ODbL: `from annuaire.settings import ODBL` then `ANNUAIRE_LICENSE = ODBL`.
ANNUAIRE_LICENSE = {
    "name": "etalab-2.0",
    "title": "Licence Ouverte / Open Licence 2.0 (Etalab)",
    "path": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
}
OPENDATA_URL = "donnees/"
OPENDATA_SAVE_AS = "donnees/"
OFFER_FEED_URL = OFFER_FEED_SAVE_AS = "flux/offres.atom.xml"
NEED_FEED_URL = NEED_FEED_SAVE_AS = "flux/besoins.atom.xml"
PROJECT_FEED_URL = PROJECT_FEED_SAVE_AS = "flux/projets.atom.xml"
# sitemap.xml needs absolute addresses: it is written only when SITEURL is set.
SITEMAP_SAVE_AS = "sitemap.xml"
ROBOTS_SAVE_AS = "robots.txt"
NOT_FOUND_SAVE_AS = "404.html"

# Pelican's own content: pages (about, contribute) and news articles.
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
ARTICLE_URL = "actualites/{slug}/"
ARTICLE_SAVE_AS = "actualites/{slug}/index.html"
INDEX_SAVE_AS = "actualites/index.html"
INDEX_URL = "actualites/"
DIRECT_TEMPLATES = ["index"]
CATEGORY_SAVE_AS = TAG_SAVE_AS = AUTHOR_SAVE_AS = ""
CATEGORIES_SAVE_AS = TAGS_SAVE_AS = AUTHORS_SAVE_AS = ARCHIVES_SAVE_AS = ""
YEAR_ARCHIVE_SAVE_AS = MONTH_ARCHIVE_SAVE_AS = DAY_ARCHIVE_SAVE_AS = ""
DRAFT_SAVE_AS = DRAFT_PAGE_SAVE_AS = ""
SLUGIFY_SOURCE = "basename"

# Pages beyond the first: organisations/page/2/
DEFAULT_PAGINATION = 10
PAGINATED_TEMPLATES = {"index": 10, "records": 24}
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)

# Feeds, open data and search come with their own plugins.
FEED_ALL_ATOM = FEED_ALL_RSS = CATEGORY_FEED_ATOM = TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = AUTHOR_FEED_RSS = None

# Markdown of content/ pages: raw HTML is theirs (maintainers write them), records' Markdown is sanitised.
MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.toc": {"permalink": False},
    },
    "output_format": "html5",
}
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
