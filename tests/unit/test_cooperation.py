"""The cooperation network and its drawing."""

import datetime
import re

import pytest
from conftest import ROOT, TODAY

from annuaire.meeting.cooperation import Network, network
from annuaire.meeting.graph_layout import (
    BACKGROUND,
    FONT_SIZE,
    INK,
    LINE,
    NARROW,
    PALETTE,
    ROW,
    WIDE,
    column_order,
    contrast_ratio,
    crossings,
    draw,
    label_size,
    label_width,
    short_label,
    wrap,
)
from annuaire.record_types import BY_NAME
from annuaire.records.loader import load_directory
from annuaire.records.model import Partner, Record


def sample():
    return load_directory(ROOT / "data", datetime.date.fromisoformat(TODAY))


def made_up(projects: dict[str, list[str]]) -> Network:
    """A network of made-up projects (name: organisation names), without loading any data."""
    organisations = {name: Record(BY_NAME["organisation"], name, {"nom": name.capitalize()}, "")
                     for names in projects.values() for name in names}
    links = []
    for name, members in projects.items():
        project = Record(BY_NAME["project"], name, {"nom": name.capitalize()}, "")
        links += [Partner(project, organisations[member], "partenaire", "Partenaire") for member in sorted(members)]
    ordered = sorted({id(link.project): link.project for link in links}.values(), key=lambda record: record.slug)
    return Network(sorted(organisations.values(), key=lambda record: record.slug), ordered, links, [])


def test_one_link_per_partnership_of_projects_with_two_organisations_or_more():
    d = sample()
    net = network(d)
    expected = {
        (project.slug, partner.organisation.slug)
        for project in d.projects if len(project.partners) >= 2
        for partner in project.partners
    }
    found = [(link.project.slug, link.organisation.slug) for link in net.links]
    assert sorted(found) == sorted(expected) and len(found) == len(set(found)) == 19
    # As many links as partnerships: no pairs of partners.
    assert len(net.links) == sum(len(project.partners) for project in net.projects)
    assert {record.slug for record in net.organisations} == {slug for _project, slug in found}
    assert {record.slug for record in net.projects} == {slug for slug, _organisation in found}
    assert {record.slug for record in net.isolated} == {record.slug for record in d.organisations} - {slug for _p, slug in found}
    assert [r.slug for r in net.members(d.get("project", "ptce-la-verriere"))] == ["mgen", "tracetel", "ville-la-verriere"]


def test_a_project_of_one_organisation_links_nobody():
    d = sample()
    project = d.get("project", "ptce-la-verriere")
    project.partners = project.partners[:1]
    net = network(d)
    assert project not in net.projects and "ptce-la-verriere" not in {link.project.slug for link in net.links}
    assert {"mgen", "tracetel", "ville-la-verriere"} <= {record.slug for record in net.isolated}


def test_partners_of_an_organisation_and_the_projects_they_share():
    d = sample()
    net = network(d)
    partners = net.partners_of(d.get("organisation", "fondation-horizons-partages"))
    shared = {other.slug: [project.slug for project in projects] for other, projects in partners}
    assert shared["coop-mobilite-du-val"] == ["groupement-employeurs-ouest-sqy", "sorties-solidaires-aines"]
    assert shared["octet-pour-tous"] == ["tiers-lieu-numerique-guyancourt"]
    assert "fondation-horizons-partages" not in shared
    assert [other.slug for other, _projects in partners] == sorted(shared, key=lambda slug: d.get("organisation", slug).title.casefold())
    assert net.partners_of(d.get("organisation", "codesqy")) == []
    assert net.degree(d.get("organisation", "fondation-horizons-partages")) == 3


def nodes(drawing):
    return [(n.record.slug, n.x, n.y) for n in drawing.projects + drawing.organisations]


@pytest.mark.parametrize("size", [WIDE, NARROW], ids=["large", "etroit"])
def test_drawing_is_deterministic_and_complete(size):
    first, second = draw(network(sample()), size), draw(network(sample()), size)
    assert nodes(first) == nodes(second)
    assert [e.path for e in first.edges] == [e.path for e in second.edges]
    net = network(sample())
    assert sorted(n.record.slug for n in first.projects) == sorted(r.slug for r in net.projects)
    assert sorted(n.record.slug for n in first.organisations) == sorted(r.slug for r in net.organisations)
    # One curve a link, each from its project's node to its organisation's node, in its project's group.
    assert len(first.edges) == len(net.links) == 19
    where = {(n.record.kind.name, n.record.slug): (n.x, n.y) for n in first.projects + first.organisations}
    for group in first.groups:
        assert {edge.link.project.slug for edge in group.edges} == {group.style.project.slug}
        for edge in group.edges:
            numbers = [float(x) for x in re.findall(r"-?[\d.]+", edge.path)]
            assert tuple(numbers[:2]) == where[("project", edge.link.project.slug)]
            assert tuple(numbers[-2:]) == where[("organisation", edge.link.organisation.slug)]
    # Inside the drawing, with room for the labels on both sides; nodes of a column never closer than a row.
    assert all(0 < n.x < first.width and 0 < n.y < first.height for n in first.projects + first.organisations)
    assert all(n.label.x - n.label.width > 0 for n in first.projects)
    assert all(n.label.x + n.label.width < first.width for n in first.organisations)
    for column in (first.projects, first.organisations):
        heights = [n.y for n in column]
        assert all(later - earlier >= ROW for earlier, later in zip(heights, heights[1:]))
        # The lines of a label, centred on its node, never reach those of the next node.
        spans = [(n.label.y - FONT_SIZE, n.label.y + LINE * (len(n.label.rows) - 1) + 4) for n in column]
        assert all(upper[1] < lower[0] for upper, lower in zip(spans, spans[1:]))
        assert all(top - FONT_SIZE > 0 and bottom < first.height for top, bottom in spans)


def test_linked_nodes_are_placed_near_each_other():
    net = network(sample())
    projects, organisations = column_order(net)
    # Far fewer crossings than in alphabetical order.
    assert crossings(net, projects, organisations) <= 2 < 10 < crossings(net, net.projects, net.organisations)
    drawing = draw(net)
    height = {n.record.slug: n.y for n in drawing.projects + drawing.organisations}
    # The PTCE's partners work with nobody else: they sit next to each other, level with the project.
    ptce = sorted(height[slug] for slug in ("mgen", "tracetel", "ville-la-verriere"))
    assert ptce[2] - ptce[0] == 2 * ROW and ptce[1] == height["ptce-la-verriere"]
    # Two separate groups never cross; groups in alphabetical order would.
    apart = made_up({"a": ["a1", "c1"], "b": ["b1", "d1"]})
    assert crossings(apart, apart.projects, apart.organisations) == 1
    assert crossings(apart, *column_order(apart)) == 0


def test_crossings_are_counted_like_all_pairs():
    net = made_up({"p": ["a", "c", "e"], "q": ["b", "d"], "r": ["a", "e"], "s": ["c", "d", "f"]})
    projects, organisations = net.projects, net.organisations
    p = {id(r): i for i, r in enumerate(projects)}
    o = {id(r): i for i, r in enumerate(organisations)}
    ends = [(p[id(link.project)], o[id(link.organisation)]) for link in net.links]
    expected = sum((a[0] - b[0]) * (a[1] - b[1]) < 0 for i, a in enumerate(ends) for b in ends[i + 1:])
    assert crossings(net, projects, organisations) == expected > 0
    assert crossings(net, projects[::-1], organisations[::-1]) == expected


def test_size_grows_with_partnerships_not_pairs():
    many = made_up({"big": [f"o{index:03d}" for index in range(200)]})
    drawing = draw(many)
    assert len(drawing.edges) == 200 and drawing.height < 200 * ROW + 200
    assert len(draw(made_up({})).edges) == 0


def test_colours_meet_the_contrast_ratios():
    assert contrast_ratio(INK, BACKGROUND) >= 4.5  # labels: text, AA
    assert all(contrast_ratio(colour, BACKGROUND) >= 4.5 for colour in PALETTE)  # links: 3:1 is needed


def test_each_project_has_its_own_colour_and_dash_while_the_palette_lasts():
    drawing = draw(made_up({f"p{index:02d}": [f"a{index}", f"b{index}"] for index in range(24)}))
    looks = [(group.style.colour, group.style.dash) for group in drawing.groups]
    assert len(set(looks)) == 24
    assert {node.colour for node in drawing.projects} == {colour for colour, _dash in looks}


def test_acronyms_are_preferred_and_names_never_cut():
    d = sample()
    assert short_label(d.get("organisation", "mgen")) == "MGEN"
    label = short_label(d.get("organisation", "saint-quentin-en-yvelines"))
    assert label == "Casqy"
    long = d.get("organisation", "fondation-horizons-partages")
    long.data = {**long.data, "nom": "Fondation pour le développement durable des territoires et des quartiers"}
    assert short_label(long) == long.title


@pytest.mark.parametrize("size", [WIDE, NARROW], ids=["large", "etroit"])
def test_every_label_of_the_sample_is_whole_on_lines_that_fit(size):
    net = network(sample())
    drawing = draw(net, size)
    for node in drawing.projects + drawing.organisations:
        assert node.label.text == short_label(node.record) == " ".join(node.label.rows).replace("- ", "-")
        assert "…" not in node.label.text
        assert all(label_width(line) <= size.line for line in node.label.rows), node.label.rows
    names = {node.label.text for node in drawing.projects}
    assert "Groupement d'employeurs associatif de l'ouest (exemple)" in names
    assert "Partage de salariés entre e-graine et Bleu Oxygène Développement" in names
    # On a desktop, two lines at most; on a phone, shorter lines.
    if size is WIDE:
        assert max(len(node.label.rows) for node in drawing.projects + drawing.organisations) == 2


def test_names_are_wrapped_at_spaces_and_after_hyphens():
    assert wrap("Maison de l'environnement de Saint-Quentin-en-Yvelines", 180) == (
        "Maison de", "l'environnement de", "Saint-Quentin-en-", "Yvelines")
    assert wrap("Partage de salariés entre e-graine et Bleu", 180) == ("Partage de", "salariés entre", "e-graine et Bleu")
    assert wrap("MGEN", 10) == ("MGEN",)  # a word longer than a line stays whole, alone
    assert wrap("Anticonstitutionnellement dit", 100) == ("Anticonstitutionnellement", "dit")
    long = "Fondation pour le développement durable des territoires et des quartiers"
    assert " ".join(wrap(long, WIDE.line)) == long and len(wrap(long, WIDE.line)) == 3


def test_on_a_phone_the_narrow_drawing_keeps_12_px_labels():
    net = network(sample())
    assert label_size(draw(net, NARROW)) >= 12  # shown 358 px wide: a 390 px phone less the page's margins
    assert label_size(draw(net, WIDE)) < 12  # the wide one would not
    assert draw(net, NARROW).width < draw(net, WIDE).width <= 1120  # the page's width on a desktop


def test_label_widths_count_wide_characters_double_and_marks_not_at_all():
    assert label_width("文化") == 2 * 16 > label_width("ab")  # two ems at 16 px
    assert label_width("e\u0301") == label_width("e")


def test_a_dissolved_organisation_keeps_its_links_but_is_not_listed_without_a_project():
    d = sample()
    before = network(d)
    for slug in ("codesqy", "compagnie-du-chapiteau-bleu"):  # without a project; partner in one
        d.get("organisation", slug).data["dissoute"] = True
    net = network(d)
    assert "codesqy" in {record.slug for record in before.isolated}
    assert {record.slug for record in net.isolated} == {record.slug for record in before.isolated} - {"codesqy"}
    assert [(link.project.slug, link.organisation.slug) for link in net.links] == [(link.project.slug, link.organisation.slug) for link in before.links]
    assert "compagnie-du-chapiteau-bleu" in {record.slug for record in net.organisations}


def test_the_busiest_projects_are_kept_within_a_number_of_links():
    net = made_up({"gros": ["a", "b", "c", "d", "e"], "moyen": ["a", "f", "g"], "petit": ["h", "i"], "autre": ["j", "k"]})
    assert net.busiest(20) is net  # 12 links: all of them
    kept = net.busiest(8)  # 5 + 3; « petit » (2 more) would pass 8
    assert [project.slug for project in kept.projects] == ["gros", "moyen"]
    assert len(kept.links) == 8 and {record.slug for record in kept.organisations} == set("abcdefg")
    assert kept.isolated == net.isolated
    assert [project.slug for project in net.busiest(7).projects] == ["autre", "gros"]  # « gros », then the first that fits; in alphabetical order
    assert [project.slug for project in net.busiest(1).projects] == ["gros"]  # one project at least
