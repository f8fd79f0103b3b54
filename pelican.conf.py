"""Pelican settings of the directory site.

Build with `make html` (or `make html DATA=other-data OUTPUT=other-output`).
Every URL of the site is set here; the plugins' defaults are in
`plugins/annuaire/settings.py`.
"""

import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "plugins"))  # the plugins share the `annuaire` package

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
PLUGINS = ["directory_records", "directory_pages", "directory_search"]

# Directory data (records and reference lists)
ANNUAIRE_DATA_PATH = os.environ.get("DATA", str(HERE / "data"))
ANNUAIRE_TODAY = os.environ.get("ANNUAIRE_TODAY") or None

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
