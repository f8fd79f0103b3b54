"""annuaire.publish.page_cache: what a page reads is traced, and checked again by the next build."""

import datetime

import jinja2
from conftest import MINIMAL, TODAY

from annuaire.publish.fingerprint import Fingerprints
from annuaire.publish.page_cache import PageCache, Trace, _Service, ask
from annuaire.records.loader import load_directory


def directory():
    return load_directory(MINIMAL, datetime.date.fromisoformat(TODAY))


class Suggestions:
    """A service as a template asks it: a method taking a record."""

    def __init__(self, d):
        self.d = d

    def for_offer(self, offer):
        return [need.slug for need in self.d.records["need"]] if getattr(offer, "slug", None) == "salle-verte" else []


class Maps:
    """A service whose answers depend only on the records read and on its state."""

    def __init__(self, state):
        self.state = state

    def __trace_state__(self):
        return self.state

    def caption(self, record):
        return f"Carte de {record.commune.title}"


def cache(context) -> PageCache:
    return PageCache(None, None, "clé", context)


def test_the_records_a_page_reads_are_traced_from_templates_and_from_python():
    d = directory()
    context = {"directory": d}
    template = jinja2.Environment().from_string("{{ offer.title }} — {{ owner(offer) }}")
    pages = cache(context)

    def render(_trace):
        template.render(offer=d.get("offer", "salle-verte"), owner=lambda offer: offer.organisation.data["nom"])
        return ["offres/salle-verte/index.html"]

    files, stored = pages.render(render, "arguments")
    assert files == ["offres/salle-verte/index.html"]
    read = {tuple(pages.table[number][:2]) for number in stored["records"]}
    assert read == {("offer", "salle-verte"), ("organisation", "asso-verte")}


def test_questions_to_a_service_are_asked_again_with_this_builds_records():
    first = directory()
    trace, fingerprints = Trace(), Fingerprints()
    service = _Service("suggestions", Suggestions(first), trace, fingerprints)
    assert service.for_offer(first.get("offer", "salle-verte")) != []
    (name, question, answer), = trace.questions
    assert question == ["call", "for_offer", [{"record": ["offer", "salle-verte"]}]]
    second = directory()
    assert Fingerprints().of(ask(Suggestions(second), question, second)) == answer
    second.records["need"].clear()
    assert Fingerprints().of(ask(Suggestions(second), question, second)) != answer


def test_a_service_with_a_state_is_compared_by_its_state_once():
    d = directory()
    trace = Trace()
    maps = _Service("maps", Maps(("2026-12-01", [("guyancourt", (48.77, 2.07))])), trace, Fingerprints())
    assert maps.caption(d.get("offer", "salle-verte")) == "Carte de Guyancourt"
    maps.caption(d.get("organisation", "asso-verte"))
    assert [question for _name, question, _answer in trace.questions] == [["state"]]


def test_a_question_that_cannot_be_asked_again_makes_the_page_always_rendered():
    trace = Trace()
    _Service("suggestions", Suggestions(directory()), trace, Fingerprints()).for_offer(object())
    assert trace.opaque
