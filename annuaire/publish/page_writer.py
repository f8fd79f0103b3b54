"""Pages rendered on every core: a list of Pelican `write_file` calls, written by forked workers.

A plugin queues its pages (`PageQueue.add`, the arguments of Pelican's
`Writer.write_file`) and writes them at once (`PageQueue.write`). Each page is
rendered from the same loaded directory and templates whatever the worker, so
the files are the same bytes with one worker or many. Pelican's writer refuses
to write a file twice; the workers each know only their own files, so the
parent checks the union and records it in its writer, for the plugins that
write after. The last page is written here, after the others: Pelican's writer
leaves `localsiteurl` of the shared context as the last page set it, and the
pages written later (the 404 page) see the same value as in a build on one core.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from annuaire.workers import fork_map


@dataclass
class Page:
    save_as: str
    template: object  # a Jinja template
    template_name: str
    url: str
    paginated: dict | None = None
    variables: dict = field(default_factory=dict)


class PageQueue:
    def __init__(self, writer, context: dict, relative_urls: bool, plugin: str):
        self.writer, self.context, self.relative_urls, self.plugin = writer, context, relative_urls, plugin
        self.pages: list[Page] = []

    def add(self, save_as: str, template, template_name: str, url: str, paginated=None, **variables) -> None:
        self.pages.append(Page(save_as, template, template_name, url, paginated, variables))

    def write(self, jobs: int | None = None) -> None:
        """Write every queued page (with `jobs` workers, default JOBS or every core), then empty the queue."""
        pages, self.pages = self.pages, []
        if not pages:
            return
        self.writer._written_files = files = _Recording(self.writer._written_files)
        self._record(fork_map(self._write_one, pages[:-1], jobs))
        self._write_one(pages[-1])
        self.writer._written_files = set(files)

    def _write_one(self, page: Page) -> list[str]:
        """Render and write one page (all its pages when paginated); the paths written."""
        files = self.writer._written_files
        files.new = []
        self.writer.write_file(
            page.save_as, page.template, self.context, relative_urls=self.relative_urls, paginated=page.paginated,
            template_name=page.template_name, url=page.url, **page.variables,
        )
        return files.new

    def _record(self, written: list[list[str]]) -> None:
        """Refuse a file written twice by two workers, as Pelican does in one process; tell the writer what exists."""
        files = self.writer._written_files
        seen: set[str] = set()
        for paths in written:
            for path in paths:
                if path in seen:
                    raise FileExistsError(f"{self.plugin}: « {path} » serait écrit deux fois")
                seen.add(path)
        files.update(seen)


class _Recording(set):
    """Pelican's set of written files, which also lists the files added since `new` was emptied."""

    new: list[str]

    def add(self, path) -> None:
        self.new.append(path)
        super().add(path)
