"""Pelican plugin: suggest offers for needs, needs for offers, partners for projects.

Suggestions are computed once every generator has read its sources and
before any page is written, and published as `context["matches"]`
(an `annuaire.meeting.matching.Matches`): the record pages of `directory_pages`
show them. The rules are in `annuaire.meeting.matching` and `annuaire.meeting.partners`.
"""

from __future__ import annotations

import logging

from annuaire.meeting.matching import match
from annuaire.meeting.partners import suggest_partners
from annuaire.pelican_plugin import DirectoryPlugin
from annuaire.settings import Setting, build_date

logger = logging.getLogger(__name__)

SETTINGS = (
    Setting("MATCHING_LIMIT", 5, "suggestions shown on a record's page"),
    Setting("MATCHING_PARTNER_MAX_KM", 10, "a possible partner acts in a project's commune or this close to one"),
)


def suggest(context, settings):
    directory = context.get("directory")
    if directory is None:
        return
    limit = settings["MATCHING_LIMIT"]
    matches = match(directory, build_date(settings), limit)
    matches.partners_by_project = suggest_partners(directory, limit, settings["MATCHING_PARTNER_MAX_KM"])
    context["matches"] = matches
    pairs = sum(len(items) for items in matches.offers_by_need.values())
    logger.info("directory_matching: %d suggestions d'offres, %d projets cherchent des partenaires", pairs, len(matches.partners_by_project))


PLUGIN = DirectoryPlugin("directory_matching", SETTINGS, finalized=suggest)
register = PLUGIN.register
