"""The cooperation network and its drawing."""

import datetime
from itertools import combinations

from conftest import ROOT, TODAY

from annuaire.cooperation import circle_order, network
from annuaire.graph_layout import BACKGROUND, INK, PALETTE, contrast_ratio, draw, short_label
from annuaire.loader import load_directory


def sample():
    return load_directory(ROOT / "data", datetime.date.fromisoformat(TODAY))


def test_one_link_per_pair_of_partners_and_per_project():
    d = sample()
    net = network(d)
    expected = {
        (project.slug, *sorted((a.slug, b.slug)))
        for project in d.projects
        for a, b in combinations([p.organisation for p in project.partners], 2)
    }
    found = [(link.project.slug, *sorted((link.first.slug, link.second.slug))) for link in net.links]
    assert sorted(found) == sorted(expected) and len(found) == len(set(found))
    linked = {record.slug for link in net.links for record in (link.first, link.second)}
    assert {record.slug for record in net.organisations} == linked
    assert {record.slug for record in net.isolated} == {record.slug for record in d.organisations} - linked


def test_partners_of_an_organisation_and_the_projects_they_share():
    d = sample()
    partners = network(d).partners_of(d.get("organisation", "fondation-horizons-partages"))
    shared = {other.slug: [project.slug for project in projects] for other, projects in partners}
    assert shared["coop-mobilite-du-val"] == ["groupement-employeurs-ouest-sqy", "sorties-solidaires-aines"]
    assert "fondation-horizons-partages" not in shared
    assert network(d).partners_of(d.get("organisation", "codesqy")) == []


def test_drawing_is_deterministic_and_complete():
    first, second = draw(network(sample())), draw(network(sample()))
    assert [(n.record.slug, n.x, n.y) for n in first.nodes] == [(n.record.slug, n.x, n.y) for n in second.nodes]
    assert [e.path for e in first.edges] == [e.path for e in second.edges]
    net = network(sample())
    assert sorted(n.record.slug for n in first.nodes) == sorted(r.slug for r in net.organisations)
    assert len(first.edges) == len(net.links)
    assert sorted(r.slug for r in circle_order(net)) == sorted(r.slug for r in net.organisations)
    # Nodes stay inside the drawing, with room for labels.
    assert all(0 < n.x < first.width and 0 < n.y < first.height for n in first.nodes)


def test_two_links_between_the_same_organisations_do_not_overlap():
    drawing = draw(network(sample()))
    by_pair = {}
    for edge in drawing.edges:
        by_pair.setdefault((edge.link.first.slug, edge.link.second.slug), []).append(edge.path)
    doubles = [paths for paths in by_pair.values() if len(paths) > 1]
    assert doubles and all(len(set(paths)) == len(paths) for paths in doubles)


def test_colours_meet_the_contrast_ratios():
    assert contrast_ratio(INK, BACKGROUND) >= 4.5  # labels: text, AA
    assert all(contrast_ratio(colour, BACKGROUND) >= 4.5 for colour in PALETTE)  # links: 3:1 is needed


def test_long_names_are_shortened_at_a_word_and_acronyms_preferred():
    d = sample()
    assert short_label(d.get("organisation", "mgen")) == "MGEN"
    label = short_label(d.get("organisation", "saint-quentin-en-yvelines"))
    assert label == "Casqy"
    long = d.get("organisation", "fondation-horizons-partages")
    long.data = {**long.data, "nom": "Fondation pour le développement durable des territoires et des quartiers"}
    assert short_label(long).endswith("…") and len(short_label(long)) <= 40
