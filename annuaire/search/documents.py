"""What the search knows of each record and page: indexed text, display, facets.

Only what people search is indexed: names, summaries, labels, names of the
organisations involved, the words of an organisation's title in the register
that its name lacks, and the start of descriptions (long descriptions cost
index size and rarely decide a result).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from annuaire.meeting.keywords import fold
from annuaire.publish.facets import access_labels
from annuaire.publish.french_dates import french_date
from annuaire.record_types import RECORD_TYPES
from annuaire.records import schemas
from annuaire.records.lifecycle import access, is_current

DESCRIPTION_WORDS = 30  # new words taken from the start of a description
SNIPPET_CHARS = 160

# Search result types, in display order; pages are Pelican's pages and news.
TYPE_LABELS = {kind.name: kind.label for kind in RECORD_TYPES} | {"page": "Page"}

# Index fields and their boosts, in the order a match weighs: the name; then categories, themes,
# communes and the organisations involved (a query naming a commune or a theme ranks the records
# there first); then the summary; then the start of the description.
FIELDS = {"titre": 10, "mots": 5, "resume": 2, "texte": 1}

# Results of these types, and those that hold the query's words in these fields only, come after
# the others, whatever their scores: pages (about, contribute, news) and descriptions never push
# down a record that holds the words in its name, categories, themes, communes or summary.
SECONDARY = {"types": ["page"], "fields": ["texte"]}

_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


@dataclass
class SearchDocument:
    type: str
    title: str
    url: str
    snippet: str
    fields: dict[str, str]
    place: str = ""  # communes, as shown in a result
    organisation: str = ""  # who offers or looks for it
    category: str = ""
    themes: list[str] = field(default_factory=list)
    communes: list[str] = field(default_factory=list)
    access: list[str] = field(default_factory=list)  # « gratuit », « disponible-maintenant » (lifecycle.access)
    terms: list[str] = field(default_factory=list)  # an offer's or a need's terms and dates, see `terms_line`


def text_of(html_text: str) -> str:
    return _SPACE.sub(" ", html.unescape(_TAG.sub(" ", html_text or ""))).strip()


def first_words(text: str, count: int, known: str = "") -> str:
    """The first `count` words of `text` that `known` does not already hold (case and accents aside).

    A description mostly repeats its record's name and summary, and a title in
    the register its name: those words are indexed already, and would only add
    to the index.
    """
    seen = {fold(word) for word in known.split()}  # case and accents aside: « ÉLÈVES » and « élèves » are one
    words = []
    for word in text.split(maxsplit=count * 4)[: count * 4]:  # the start of the text is enough
        if fold(word) not in seen:
            seen.add(fold(word))
            words.append(word)
            if len(words) == count:
                break
    return " ".join(words)


def snippet(text: str, limit: int = SNIPPET_CHARS) -> str:
    text = _SPACE.sub(" ", text).strip()
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(" ,;:.") + "…"


def terms_line(kind: str, data: dict, labels: dict) -> list[str]:
    """An offer's or a need's terms and dates, as its listing card shows them (the macro `terms` of
    theme/templates/_macros.html): [conditions type, its label, the period, the expiry], "" for what
    it lacks; an empty list when it has none of them, or for another kind of record."""
    if kind not in ("offer", "need"):
        return []
    conditions = (data.get("conditions") or {}).get("type", "")
    period = data.get("disponibilite") or {}
    start, end = period.get("debut"), period.get("fin")
    if start and end:
        when = f"Du {french_date(start, str(start)[:4] != str(end)[:4])} au {french_date(end)}"
    elif start:
        when = f"À partir du {french_date(start)}"
    elif end:
        when = f"Jusqu'au {french_date(end)}"
    else:
        when = ""
    expiry = f"Annonce valable jusqu'au {french_date(data['expire_le'])}" if data.get("expire_le") else ""
    if not (conditions or when or expiry):
        return []
    return [conditions, labels.get("conditions.type", {}).get(conditions, conditions) if conditions else "", when, expiry]


def record_document(record, today=None) -> SearchDocument:
    """A record's document; with `today`, an offer or a need available then is « disponible-maintenant »."""
    kind = record.kind.name
    data = record.data
    labels = schemas.vocabulary(record.kind.schema)
    category = data.get("categorie", "")
    words = [  # the "mots" field
        labels.get("categorie", {}).get(category, ""),
        labels.get("type", {}).get(data.get("type"), ""),
        labels.get("forme", {}).get(data.get("forme"), ""),
        *(theme.title for theme in record.themes),
        *(commune.title for commune in record.communes),
        record.organisation.title if record.organisation else "",
        *(partner.organisation.title for partner in record.partners),
        *(partner.organisation.data.get("sigle", "") for partner in record.partners),
    ]
    title = record.title + (f" {data['sigle']}" if data.get("sigle") else "")
    keywords = " ".join(word for word in words if word)
    summary = data["resume"]
    if official := data.get("titre_officiel"):  # found by the words of its title in the register that the rest lacks
        keywords = " ".join(filter(None, (keywords, first_words(official, len(official.split()), f"{title} {keywords} {summary}"))))
    return SearchDocument(
        type=kind,
        title=record.title,
        url=record.url,
        snippet=snippet(data["resume"]),
        fields={
            "titre": title,
            "mots": keywords,
            "resume": summary,
            "texte": first_words(text_of(record.description_html), DESCRIPTION_WORDS, f"{title} {keywords} {summary}"),
        },
        place=", ".join(commune.title for commune in record.communes),
        organisation=record.organisation.title if record.organisation else "",
        category=category,
        themes=[theme.slug for theme in record.themes],
        communes=[commune.slug for commune in record.communes],
        access=access(data, today) if kind in ("offer", "need") else [],
        terms=terms_line(kind, data, labels),
    )


def content_document(content) -> SearchDocument:
    """A Pelican page or article (about, contribute, news)."""
    summary = text_of(getattr(content, "summary", "") or "")
    body = text_of(content.content)
    return SearchDocument(
        type="page",
        title=content.title,
        url=content.url,
        snippet=snippet(summary or body),
        fields={"titre": content.title, "mots": "", "resume": summary, "texte": first_words(body, DESCRIPTION_WORDS * 4, f"{content.title} {summary}")},
    )


def facet_labels(directory) -> dict[str, dict[str, str]]:
    """French labels of the facet values: result types, categories, themes, communes, access (« Gratuit »...)."""
    return {
        "type": dict(TYPE_LABELS),  # in display order
        "categorie": schemas.vocabulary("offer.schema.json")["categorie"],
        "theme": {theme.slug: theme.title for theme in directory.themes},
        "commune": {commune.slug: commune.title for commune in directory.communes},
        "acces": access_labels(),  # in display order
    }


def collect(directory, pages=(), articles=(), today=None) -> list[SearchDocument]:
    """Every searchable thing, in a stable order: records by type then name, then pages.

    With `today`, what is no longer current (expired offers and needs, dissolved
    organisations and theirs) is left out, as from the listings, and the offers
    and needs available on that day are « disponible-maintenant ».
    """
    documents = [
        record_document(record, today)
        for kind in RECORD_TYPES
        for record in directory.records[kind.name]
        if today is None or is_current(record, today)
    ]
    documents += [content_document(item) for item in sorted([*pages, *articles], key=lambda item: item.url)]
    return documents
