"""One page of every template, for the checks made in a real browser. Adding a page is one line.

URLs are relative to the site root. A `{placeholder}` is filled from the site's slugs
(`SAMPLE_SLUGS` below, `torture.SLUGS`), one page per value; a page whose placeholder a
site does not give is not checked on that site. A page that shows no record (`data=False`)
is checked on the sample site only. An `optional` page is checked once a build writes it,
and skipped (with the reason) until then.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from . import torture


@dataclass(frozen=True)
class Page:
    template: str
    url: str
    optional: bool = False
    settle: str = "load"  # "networkidle": the page fetches what it shows after loading
    data: bool = True  # False: shows none of the records, checked on the sample site only


PAGES = (
    Page("accueil", ""),
    Page("liste des organisations", "organisations/"),
    Page("liste des offres", "offres/"),
    Page("liste des besoins", "besoins/"),
    Page("liste des projets", "projets/"),
    Page("liste filtrée", "offres/categorie/{offer_category}/"),
    Page("organisation", "organisations/{organisation}/"),
    Page("offre", "offres/{offer}/"),
    Page("besoin", "besoins/{need}/"),
    Page("projet", "projets/{project}/"),
    Page("thème", "themes/{theme}/"),
    Page("commune", "communes/{commune}/"),
    Page("index des thèmes", "themes/"),
    Page("index des communes", "communes/"),
    Page("page de contenu", "a-propos/", data=False),
    Page("contribuer", "contribuer/", data=False),
    Page("actualité", "actualites/atelier-mutualisation-cooperation/", data=False),
    Page("actualités", "actualites/"),
    Page("référence des champs", "contribuer/champs/", data=False),
    Page("formulaire : choix du type", "contribuer/formulaire/", data=False),
    Page("formulaire d'une organisation", "contribuer/formulaire/organisation/"),
    Page("formulaire d'un projet", "contribuer/formulaire/projet/"),
    Page("proposer une modification", "contribuer/formulaire/offre/?modifier={offer}", settle="networkidle"),
    Page("recherche avec résultats", "recherche/?q={query}", optional=True, settle="networkidle"),
    Page("coopérations", "cooperations/", optional=True),
    Page("agenda", "agenda/", optional=True),
    Page("carte", "carte/", optional=True, settle="networkidle"),
    Page("évènement de l'agenda", "actualites/speed-dating-cooperation-exemple/", optional=True, data=False),
    Page("données ouvertes", "donnees-ouvertes/", optional=True, data=False),
    Page("page introuvable", "404.html", optional=True),
    Page("page propre au jeu de données", "{extra}"),
)

# Tools rather than pages of the directory: the Sveltia CMS editor, a large third-party application
# that talks to the Git host by design. Their HTML is validated and scanned like every other file;
# they are outside the CSS + JS budget and are not opened in the browser.
TOOLS = ("admin/",)

SAMPLE_SLUGS = {
    "organisation": ["e-graine"],
    "offer": ["ressourcerie-des-etangs-salle-reunion"],
    "need": ["entraide-seniors-transport-sorties"],
    "project": ["ptce-la-verriere"],
    "theme": ["solidarite"],
    "commune": ["la-verriere"],
    "offer_category": ["locaux"],
    "query": ["salle"],
}
TORTURE_SLUGS = {**torture.SLUGS, "query": ["champs"]}
SLUGS = {"exemple": SAMPLE_SLUGS, "torture": TORTURE_SLUGS}

_PLACEHOLDER = re.compile(r"\{(\w+)\}")


@dataclass(frozen=True)
class SitePage:
    site: str
    template: str
    url: str
    optional: bool
    settle: str

    @property
    def id(self) -> str:
        return f"{self.site}:{self.url or '/'}"

    def file(self, root: Path) -> Path:
        path = self.url.split("?")[0]
        return root / path / "index.html" if path == "" or path.endswith("/") else root / path


def site_pages(site: str) -> list[SitePage]:
    """Every page of `PAGES` on one site, placeholders filled."""
    slugs = SLUGS[site]
    pages = []
    for page in PAGES:
        if not page.data and site != "exemple":
            continue
        names = _PLACEHOLDER.findall(page.url)
        if any(name not in slugs for name in names):
            continue
        urls = [page.url]
        for name in names:
            urls = [url.replace(f"{{{name}}}", value) for url in urls for value in slugs[name]]
        pages += [SitePage(site, page.template, url, page.optional, page.settle) for url in urls]
    return pages
