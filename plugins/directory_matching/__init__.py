"""Pelican plugin: suggest offers for needs, needs for offers, partners for projects.

Suggestions are computed once every generator has read its sources and
before any page is written, and published as `context["matches"]`
(an `annuaire.matching.Matches`): the record pages of `directory_pages`
show them. The rules are in `annuaire.matching` and `annuaire.partners`.
"""

from __future__ import annotations

import logging

from pelican import signals

from annuaire.meeting.matching import match
from annuaire.meeting.partners import suggest_partners
from annuaire.settings import apply_defaults, build_date

logger = logging.getLogger(__name__)


def initialized(pelican):
    apply_defaults(pelican.settings)


def all_generators_finalized(generators):
    context, settings = generators[0].context, generators[0].settings
    directory = context.get("directory")
    if directory is None:
        return
    limit = settings["ANNUAIRE_MATCHING_LIMIT"]
    matches = match(directory, build_date(settings), limit)
    matches.partners_by_project = suggest_partners(directory, limit, settings["ANNUAIRE_PARTNER_MAX_KM"])
    context["matches"] = matches
    pairs = sum(len(items) for items in matches.offers_by_need.values())
    logger.info("directory_matching: %d suggestions d'offres, %d projets cherchent des partenaires", pairs, len(matches.partners_by_project))


def register():
    signals.initialized.connect(initialized)
    signals.all_generators_finalized.connect(all_generators_finalized)
