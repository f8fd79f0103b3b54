"""Pelican plugin: the cooperation network, on organisation pages and on its own page.

Before any page is written, the network of organisations and the projects
they share (one link per partnership) is published as `context["cooperation"]`
(an `annuaire.meeting.cooperation.Network`): organisation pages list their partners
from it. In its output phase, the plugin writes the « Coopérations » page
(`COOPERATIONS_URL`): a drawing made at build time (wide for a desktop, narrow
for a phone), and the table of the same links (each project with its partner organisations); past
`COOPERATIONS_DRAWN_LINKS` links, those of the projects with the most partners, the page saying so.
"""

from __future__ import annotations

from pelican.generators import Generator

from annuaire.meeting.cooperation import network
from annuaire.meeting.graph_layout import NARROW, WIDE, draw
from annuaire.pelican_plugin import DirectoryPlugin
from annuaire.settings import Setting

SETTINGS = (
    Setting("COOPERATIONS_URL", "cooperations/", "address of the cooperation network's page"),
    Setting("COOPERATIONS_SAVE_AS", "cooperations/index.html", "file of that page"),
    Setting("COOPERATIONS_DRAWN_LINKS", 40, "partnerships the page draws and tables at most, those of the projects with the most partners (all are in the projects' listing)"),
    Setting("COOPERATIONS_ISOLATED_SHOWN", 60, "organisations without a shared project the page names at most (a département has thousands)"),
)


class CooperationGenerator(Generator):
    def generate_output(self, writer):
        net = self.context.get("cooperation")
        if net is None:
            return
        settings = self.settings
        shown = net.busiest(settings["COOPERATIONS_DRAWN_LINKS"])
        writer.write_file(
            settings["COOPERATIONS_SAVE_AS"],
            self.get_template("cooperations"),
            self.context,
            relative_urls=settings["RELATIVE_URLS"],
            template_name="cooperations",
            url=settings["COOPERATIONS_URL"],
            network=net,
            shown=shown,
            drawings=(draw(shown, WIDE), draw(shown, NARROW)),  # a desktop's, a phone's
        )


def publish_network(context, settings):
    if context.get("directory") is not None:
        context["cooperation"] = network(context["directory"])


PLUGIN = DirectoryPlugin("directory_cooperation", SETTINGS, generator=CooperationGenerator, finalized=publish_network)
register = PLUGIN.register
