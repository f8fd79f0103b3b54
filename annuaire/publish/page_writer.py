"""Pages rendered on every core, and reused from the previous build when nothing they show has changed.

A plugin queues its pages (`PageQueue.add`, the arguments of Pelican's
`Writer.write_file`) and writes them at once (`PageQueue.write`). With a
`PageCache` (incremental builds, `annuaire.publish.page_cache`), a page whose
trace is unchanged is linked from the previous site; the others render in
forked workers, each from the same loaded directory and templates, so the
files are the same bytes with one worker or many, reused or not.

Pelican's writer refuses to write a file twice; the workers each know only
their own files, so the parent checks the union and records it in its writer,
for the plugins that write after. The last page is always rendered here, after
the others: Pelican's writer leaves `localsiteurl` of the shared context as the
last page set it, and the pages written later (the 404 page) see the same value
as in a build on one core.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from annuaire.workers import fork_map


@dataclass
class Page:
    save_as: str
    template: object  # a Jinja template
    template_name: str
    url: str
    paginated: dict | None = None
    variables: dict = field(default_factory=dict)
    arguments: str = ""  # their digest, with a cache


class PageQueue:
    def __init__(self, writer, context: dict, relative_urls: bool, plugin: str, cache=None):
        self.writer, self.context, self.relative_urls, self.plugin, self.cache = writer, context, relative_urls, plugin, cache
        self.output = Path(writer.output_path)
        self.pages: list[Page] = []

    def add(self, save_as: str, template, template_name: str, url: str, paginated=None, **variables) -> None:
        self.pages.append(Page(save_as, template, template_name, url, paginated, variables))

    def write(self, jobs: int | None = None) -> None:
        """Write every queued page (with `jobs` workers, default JOBS or every core), then empty the queue."""
        pages, self.pages = self.pages, []
        if not pages:
            return
        self.writer._written_files = _Recording(self.writer._written_files)
        *others, last = pages
        rendered = self._reuse(others, jobs) if self.cache is not None else others
        results = fork_map(self._render, rendered, jobs)
        self._record([self._absolute(files) for files, _trace in results])
        results.append(self._render(last))
        if self.cache is not None:
            for page, (_files, trace) in zip([*rendered, last], results, strict=True):
                self.cache.keep(page.save_as, trace)
        self.writer._written_files = set(self.writer._written_files)

    def _reuse(self, pages: list[Page], jobs: int | None) -> list[Page]:
        """Link the unchanged pages from the previous site; the pages left to render. The traces are checked
        on every core: a check asks again the questions of the page (its suggestions, its partners)."""
        cache, left, reused = self.cache, [], []
        for page in pages:
            page.arguments = cache.arguments(page)
        checks = fork_map(lambda page: cache.unchanged(page, page.arguments), pages, jobs)
        for page, unchanged in zip(pages, checks, strict=True):
            if unchanged:
                reused.append(self._absolute(cache.reuse(page.save_as, self.output)))
            else:
                left.append(page)
        self._record(reused)
        return left

    def _render(self, page: Page) -> tuple[list[str], dict | None]:
        """Render and write one page (all its pages when paginated): the files written, relative to the output,
        and with a cache, the page's trace."""
        if self.cache is None:
            return self._write(page, self.context), None
        if not page.arguments:
            page.arguments = self.cache.arguments(page)
        return self.cache.render(lambda trace: self._write(page, {**self.context, **self.cache.services(trace)}), page.arguments)

    def _write(self, page: Page, context: dict) -> list[str]:
        files = self.writer._written_files
        files.new = []
        self.writer.write_file(
            page.save_as, page.template, context, relative_urls=self.relative_urls, paginated=page.paginated,
            template_name=page.template_name, url=page.url, **page.variables,
        )
        if context is not self.context:  # Pelican's writer sets it on the context it is given
            self.context["localsiteurl"] = context["localsiteurl"]
        return [os.path.relpath(path, self.output) for path in files.new]

    def _absolute(self, files: list[str]) -> list[str]:
        return [os.path.join(self.output, name) for name in files]

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
