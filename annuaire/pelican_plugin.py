"""What every directory plugin does with Pelican, once: defaults, generator, hook after reading.

A plugin module builds one `DirectoryPlugin` and exposes its `register`. The
receivers are bound methods of that module-level object: blinker keeps weak
references and de-duplicates them, so building several sites in one process
(the tests do) never connects a receiver twice. Pelican is imported only when
a plugin registers: the core does not need it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from annuaire.settings import Setting, apply


@dataclass(eq=False)
class DirectoryPlugin:
    name: str
    settings: tuple[Setting, ...] = ()
    generator: type | None = None  # a Pelican Generator: its generate_context, then generate_output
    # Runs once every generator has read its sources, before any page is written: (context, settings).
    finalized: Callable[[dict, dict], None] | None = None
    configure: Callable[[dict], None] | None = None  # more settings work when Pelican starts (template globals)

    def initialized(self, pelican) -> None:
        apply(pelican.settings, self.settings)
        if self.configure is not None:
            self.configure(pelican.settings)

    def get_generators(self, pelican):
        return self.generator

    def all_generators_finalized(self, generators) -> None:
        self.finalized(generators[0].context, generators[0].settings)

    def register(self) -> None:
        from pelican import signals

        signals.initialized.connect(self.initialized)
        if self.generator is not None:
            signals.get_generators.connect(self.get_generators)
        if self.finalized is not None:
            signals.all_generators_finalized.connect(self.all_generators_finalized)
