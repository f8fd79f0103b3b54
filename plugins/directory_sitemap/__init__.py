"""Pelican plugin: sitemap.xml, robots.txt and the 404 page.

- `sitemap.xml` (`SITEMAP_SAVE_AS`) lists absolute addresses only, so it is
  written when SITEURL is set; `lastmod` comes from the records' `mis_a_jour`
  and the articles' dates. It lists the pages that exist in the output: put
  this plugin last in PLUGINS, so that every other page is written before.
- `robots.txt` (`SITEMAP_ROBOTS_SAVE_AS`) allows everything and points to the sitemap
  when there is one. Crawlers only read it at the root of a host.
- `404.html` (`SITEMAP_NOT_FOUND_SAVE_AS`): a web server shows it at any depth, so its
  links cannot be relative: they are absolute with SITEURL, else start at the
  host's root (right for a site at the root of its domain; under a sub-path,
  build with SITEURL).
"""

from __future__ import annotations

from pathlib import Path

from pelican.generators import Generator

from annuaire.pelican_plugin import DirectoryPlugin
from annuaire.publish import sitemap
from annuaire.publish.output import write_bytes
from annuaire.record_types import LIST_TYPES, RECORD_TYPES
from annuaire.records.lifecycle import is_current
from annuaire.settings import Setting, build_date

NAME = "directory_sitemap"
SETTINGS = (
    Setting("SITEMAP_SAVE_AS", "sitemap.xml", "file of the sitemap, written only when SITEURL is set (it needs absolute addresses)"),
    Setting("SITEMAP_ROBOTS_SAVE_AS", "robots.txt", "file of robots.txt"),
    Setting("SITEMAP_NOT_FOUND_SAVE_AS", "404.html", "file of the page a web server shows for a missing address"),
)
DIRECT_PAGES = ("INDEX_URL", "PAGES_FIELDS_URL", "COOPERATIONS_URL", "AGENDA_URL", "SEARCH_URL")


class SitemapGenerator(Generator):
    def generate_output(self, writer):
        settings = self.settings
        writer.write_file(
            settings["SITEMAP_NOT_FOUND_SAVE_AS"],
            self.get_template("404"),
            self.context,
            relative_urls=False,
            template_name="404",
            url=settings["SITEMAP_NOT_FOUND_SAVE_AS"],
        )
        siteurl = settings["SITEURL"].rstrip("/")
        sitemap_url = None
        if siteurl and settings["SITEMAP_SAVE_AS"]:
            entries = {f"{siteurl}/{url}": lastmod for url, lastmod in self._pages().items() if self._exists(url)}
            write_bytes(self.output_path, settings["SITEMAP_SAVE_AS"], sitemap.sitemap(entries), NAME)
            sitemap_url = f"{siteurl}/{settings['SITEMAP_SAVE_AS']}"
        write_bytes(self.output_path, settings["SITEMAP_ROBOTS_SAVE_AS"], sitemap.robots(sitemap_url), NAME)

    def _pages(self) -> dict[str, str | None]:
        """{site URL: date of last change or None} of every page worth listing (filter pages are not)."""
        settings, context = self.settings, self.context
        pages: dict[str, str | None] = {}
        directory = context.get("directory")
        if directory is not None:
            today = build_date(settings)
            everything = []
            for kind in RECORD_TYPES:
                records = [record for record in directory.records[kind.name] if is_current(record, today)]
                everything += records
                dates = [record.data["mis_a_jour"] for record in records]
                pages[settings[kind.setting("LIST_URL")]] = max(dates) if dates else None
                pages.update({record.url: record.data["mis_a_jour"] for record in records})
            for kind in LIST_TYPES:
                pages[settings[kind.setting("LIST_URL")]] = None
                pages.update({item.url: None for item in directory.records[kind.name]})
            pages[""] = max((record.data["mis_a_jour"] for record in everything), default=None)
        for name in DIRECT_PAGES:
            if settings.get(name):
                pages.setdefault(settings[name], None)
        for page in context.get("pages", []) + context.get("hidden_pages", []):
            pages[page.url] = _day(getattr(page, "modified", None) or getattr(page, "date", None))
        for article in context.get("articles", []):
            pages[article.url] = _day(getattr(article, "modified", None) or article.date)
        return pages

    def _exists(self, url: str) -> bool:
        path = Path(self.output_path) / url
        return (path / "index.html").is_file() if url == "" or url.endswith("/") else path.is_file()


def _day(moment) -> str | None:
    return moment.date().isoformat() if moment is not None else None


PLUGIN = DirectoryPlugin(NAME, SETTINGS, generator=SitemapGenerator)
register = PLUGIN.register
