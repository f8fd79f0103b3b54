"""Pelican settings of the directory site.

Build with `make html` (or `make html DATA=other-data OUTPUT=other-output`).
Only what a site owner changes is here: each plugin's settings have their
defaults beside it (plugins/*/__init__.py, and annuaire/settings.py for the
shared ones), all listed with their meaning in the README (« Réglages »).
"""

import json
import os
from pathlib import Path

HERE = Path(__file__).resolve().parent

# The site's name says its territory. Set them here, or for one build in the environment:
#   make html DATA=yvelines SITENAME="Coopérer dans les Yvelines" CONTENT=yvelines-pages
SITENAME = os.environ.get("SITENAME") or "Coopérer en Saint-Quentin-en-Yvelines"
SITESUBTITLE = os.environ.get("SITESUBTITLE") or "L'annuaire des associations et de leurs coopérations : ressources à partager, besoins, projets communs"
SITEURL = os.environ.get("SITEURL", "")
# Relative links let the site work from any folder or sub-path, and from disk.
RELATIVE_URLS = not SITEURL
TIMEZONE = "Europe/Paris"
DEFAULT_LANG = "fr"
LOCALE = ("C.UTF-8",)  # dates are formatted in French by the theme, not by the system locale

PATH = os.environ.get("CONTENT") or str(HERE / "content")  # pages (about, contribute) and news: the sample's speak of SQY
PAGE_PATHS = ["pages"]
ARTICLE_PATHS = ["articles"]
STATIC_PATHS = []
THEME = str(HERE / "theme")
OUTPUT_PATH = os.environ.get("OUTPUT", str(HERE / "output"))
DELETE_OUTPUT_DIRECTORY = True

PLUGIN_PATHS = [str(HERE / "plugins")]
PLUGINS = [
    "directory_records", "directory_images", "directory_pages", "directory_search",
    "directory_matching", "directory_cooperation", "directory_agenda",
    "directory_opendata", "directory_feeds", "directory_admin", "directory_map",
    "directory_contribute", "directory_sitemap",  # last: the sitemap lists the pages the others wrote
]

# Directory data (records and reference lists)
ANNUAIRE_DATA_PATH = os.environ.get("DATA", str(HERE / "data"))
ANNUAIRE_TODAY = os.environ.get("ANNUAIRE_TODAY") or None

# The web editor (Sveltia CMS) at /admin/: its config.yml is generated from the schemas at build time.
# Each edit becomes a pull (merge) request on this repository (editorial workflow), reviewed like any other.
# Where edits go is the backend, a JSON object in the environment (the CI workflows set it) or here:
#   GitHub:  {"name": "github", "repo": "mon-orga/annuaire", "branch": "main",
#             "base_url": "https://auth.example.org"}   # an OAuth service for GitHub logins (see CONTRIBUTING.md);
#             without it, each person signs in with a personal access token
#   GitLab:  {"name": "gitlab", "repo": "mon-groupe/annuaire", "branch": "main", "auth_type": "pkce",
#             "app_id": "identifiant-de-l-application-oauth", "api_root": "https://gitlab.example.org/api/v4",
#             "base_url": "https://gitlab.example.org", "auth_endpoint": "oauth/authorize"}
#   Forgejo and Gitea: the "gitea" backend, as Sveltia CMS's documentation describes it.
# A local trial needs no backend: on http://localhost, in a Chromium-based browser, the editor offers
# « Travailler avec un dépôt local » and writes into the clone's files.
# The default, {"name": "test-repo"}, keeps edits in the browser and saves nothing: a demonstration.
ADMIN_BACKEND = json.loads(os.environ.get("ANNUAIRE_ADMIN_BACKEND") or '{"name": "test-repo"}')

# The contribution form (/contribuer/formulaire/): where a volunteer's record goes, without an account.
# By e-mail to the maintainers (replace the sample's address with yours), and, when set, as a proposal on
# the git host: {"host": "github", "url": "https://github.com/mon-orga/annuaire", "branch": "main", "data": "data"}
# ("host": "gitlab" for GitLab); it also gives each record page its « Modifier le fichier » link.
CONTRIBUTE_EMAIL = os.environ.get("ANNUAIRE_CONTRIBUTE_EMAIL", "annuaire@example.org")
CONTRIBUTE_REPOSITORY = json.loads(os.environ.get("ANNUAIRE_REPOSITORY") or "null")

# Every plugin's own settings (addresses of the directory's pages, feeds, exports...) have
# defaults beside the plugin, listed in the README (« Réglages »): set one here to change it.
# Open data licence: Licence Ouverte by default; for the ODbL:
#   from annuaire.publish.exports import ODBL
#   OPENDATA_LICENSE = ODBL

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
PAGINATED_TEMPLATES = {"index": 10}
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
