"""Gate: the right thing first, in a real browser, on a phone (390 × 844) and a desktop (1280 px).

A compact header (site name, search, a « Menu » that opens with the keyboard, with and without
JavaScript, and says whether it is open), on one row on a desktop with « Contribuer » in sight;
the first record of a listing without scrolling on a phone; an offer's practical block before
its suggestions; the « Contacter » button's links (mailto:, tel:, the web site), its fallbacks,
and the readable address when no script runs.
"""

from __future__ import annotations

import shutil

import pytest
from browser import browser, serve

from .chromium import DESKTOP, PHONE

PHONE_SCREEN = {"width": PHONE, "height": 844}
DESKTOP_SCREEN = {"width": DESKTOP, "height": 800}
HEADER_MAX = 160  # px on a 390 × 844 phone: a fifth of the screen at most
PAGES = ("", "organisations/", "offres/ressourcerie-des-etangs-salle-reunion/", "besoins/entraide-seniors-transport-sorties/",
         "organisations/e-graine/", "projets/ptce-la-verriere/", "cooperations/", "contribuer/", "themes/solidarite/")


@pytest.fixture(scope="module")
def site(built_site):
    with serve(built_site) as base, browser() as chromium:
        yield base, chromium


@pytest.fixture
def open_page(site):
    base, chromium = site
    contexts = []

    def opened(url, screen=PHONE_SCREEN, javascript=True):
        context = chromium.new_context(viewport=screen, java_script_enabled=javascript, reduced_motion="reduce")
        contexts.append(context)
        tab = context.new_page()
        tab.goto(base + url)
        return tab

    yield opened
    for context in contexts:
        context.close()


def box(tab, selector):
    return tab.locator(selector).first.bounding_box()


def expanded(tab, name: str) -> bool | None:
    """The `expanded` state a screen reader is given for the disclosure button called `name` (None: not exposed)."""
    session = tab.context.new_cdp_session(tab)
    for node in session.send("Accessibility.getFullAXTree")["nodes"]:
        if node.get("name", {}).get("value") == name and not node.get("ignored"):
            states = {item["name"]: item["value"].get("value") for item in node.get("properties", [])}
            if "expanded" in states:
                return states["expanded"]
    return None


def tab_to(tab, selector, presses=15):
    """Press Tab until `selector` has the focus; False if it never does."""
    for _ in range(presses):
        tab.keyboard.press("Tab")
        if tab.evaluate("s => document.activeElement === document.querySelector(s)", selector):
            return True
    return False


@pytest.mark.parametrize("url", PAGES)
def test_the_header_takes_little_of_a_phone_screen(open_page, url):
    tab = open_page(url)
    header = box(tab, ".site-header")
    assert header["height"] <= HEADER_MAX, f"{url}: {header['height']} px"
    assert tab.locator(".site-name a").is_visible() and tab.locator("#header-q").is_visible()
    assert tab.locator(".menu > summary").is_visible()
    assert tab.evaluate("document.documentElement.scrollWidth") <= PHONE


@pytest.mark.parametrize("url", ["organisations/", "offres/", "besoins/", "projets/", "offres/categorie/locaux/"])
def test_the_first_record_of_a_listing_shows_without_scrolling_on_a_phone(open_page, url):
    tab = open_page(url)
    card, title = box(tab, "main .card"), box(tab, "main .card .card-title")
    assert title["y"] + title["height"] <= PHONE_SCREEN["height"] - 100, f"{url}: title at {title['y']} px"
    assert card["y"] < PHONE_SCREEN["height"] - 150
    # The filters are one button away.
    tab.click(".filters-panel > summary")
    assert tab.locator(".filters-panel details a").first.is_visible()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "sans-js"])
def test_the_menu_opens_with_the_keyboard_and_says_so(open_page, javascript):
    tab = open_page("organisations/", javascript=javascript)
    assert not tab.locator(".menu-list a").first.is_visible()
    assert tab_to(tab, ".menu > summary")
    assert expanded(tab, "Menu") is False
    tab.keyboard.press("Enter")
    assert expanded(tab, "Menu") is True
    menu = tab.locator(".menu-list")
    for name in ("Organisations", "Coopérations", "Thèmes", "Agenda", "À propos", "Contribuer"):
        assert menu.get_by_role("link", name=name, exact=True).is_visible(), name
    tab.keyboard.press("Tab")
    assert tab.evaluate("document.activeElement.textContent") == "Organisations"
    assert box(tab, ".site-header")["height"] < PHONE_SCREEN["height"]  # the open menu fits the screen
    if javascript:
        tab.keyboard.press("Escape")  # js/site.js: back to the button, closed
    else:
        tab.keyboard.press("Shift+Tab")
        tab.keyboard.press("Enter")
    assert expanded(tab, "Menu") is False
    assert tab.evaluate("document.activeElement === document.querySelector('.menu > summary')")
    assert not menu.get_by_role("link", name="Organisations", exact=True).is_visible()


def test_a_pointer_opens_the_menu_without_javascript(open_page):
    tab = open_page("", javascript=False)
    tab.click(".menu > summary")
    assert tab.locator(".menu-list").get_by_role("link", name="Contribuer").is_visible()


@pytest.mark.parametrize("url", ["", "organisations/", "offres/ressourcerie-des-etangs-salle-reunion/", "contribuer/"])
def test_the_header_is_one_row_on_a_desktop_with_contribuer_in_sight(open_page, url):
    tab = open_page(url, DESKTOP_SCREEN)
    items = [".site-name", ".header-search", *[f".menu-list > li:nth-child({n})" for n in range(1, tab.locator(".menu-list > li").count() + 1)]]
    boxes = {item: box(tab, item) for item in items}
    assert not tab.locator(".menu > summary").is_visible()  # no menu button: the entries are there
    top = max(b["y"] for b in boxes.values())
    bottom = min(b["y"] + b["height"] for b in boxes.values())
    assert top < bottom, {item: (b["y"], b["height"]) for item, b in boxes.items()}  # one row: they all share a line
    assert box(tab, ".site-header")["height"] <= 90
    cta = tab.locator(".nav-cta a")
    assert cta.is_visible() and cta.inner_text() == "Contribuer"
    assert tab.evaluate("document.documentElement.scrollWidth") <= DESKTOP


def test_plus_opens_a_list_on_a_desktop_and_closes_with_escape(open_page):
    tab = open_page("", DESKTOP_SCREEN)
    assert tab_to(tab, ".menu-more summary", 20)
    assert expanded(tab, "Plus") is False
    tab.keyboard.press("Enter")
    assert tab.locator(".menu-more").get_by_role("link", name="Thèmes").is_visible()
    tab.keyboard.press("Escape")
    assert not tab.locator(".menu-more").get_by_role("link", name="Thèmes").is_visible()
    assert tab.evaluate("document.activeElement === document.querySelector('.menu-more summary')")


@pytest.mark.parametrize("url", ["offres/atelier-bois-et-co-fourgon/", "besoins/coop-mobilite-comptable-temps-partage/"])
def test_the_practical_block_comes_right_after_the_summary_on_a_phone(open_page, url):
    tab = open_page(url)
    practical, details, suggestions = box(tab, "#infos"), box(tab, "#details"), box(tab, "#suggestions")
    assert practical["y"] < details["y"] < suggestions["y"]
    # Nothing of the page's body comes between the summary and the block, for the eyes and in the source.
    assert tab.evaluate("document.querySelector('.record-body').firstElementChild.matches('.record-side')")
    between = tab.evaluate("""() => {
      const lead = document.querySelector('.record-header .lead');
      const after = [...lead.parentElement.children].filter(e => lead.compareDocumentPosition(e) & Node.DOCUMENT_POSITION_FOLLOWING);
      const notes = [...document.querySelector('article.record').children].filter(e => e.matches('.notice'));
      return [...after, ...notes].map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className.split(' ')[0] : ''));
    }""")
    assert set(between) <= {"p", "details.contact", "p.contact-none", "ul.tags", "p.notice"}, between  # by, « Contacter », themes, notes
    side, main = box(tab, ".record-side"), box(tab, ".record-main")
    assert side["x"] == main["x"]  # one column
    wide = open_page(url, DESKTOP_SCREEN)
    assert box(wide, ".record-side")["x"] > box(wide, ".record-main")["x"]  # a box on the right


def test_contacter_gives_an_e_mail_link_a_phone_link_and_the_web_site(open_page):
    tab = open_page("offres/ressourcerie-des-etangs-salle-reunion/")
    panel = tab.locator(".record-header .contact-panel")
    assert not panel.is_visible()
    assert tab_to(tab, ".contact > summary", 30)
    tab.keyboard.press("Enter")
    assert panel.is_visible() and expanded(tab, "Contacter") is True
    assert panel.locator("a[href^='mailto:']").get_attribute("href") == "mailto:contact@ressourcerie-des-etangs.example.org"
    assert panel.locator("a[href^='mailto:']").inner_text() == "contact@ressourcerie-des-etangs.example.org"
    assert panel.locator("a[href^='tel:']").get_attribute("href") == "tel:0199001234"
    assert panel.locator("a[href^='https:']").get_attribute("href") == "https://ressourcerie-des-etangs.example.org/"
    assert "Contact de l'organisation" in panel.inner_text()  # the offer has none of its own
    assert "[arobase]" not in panel.inner_text()


def test_without_javascript_the_address_is_readable(open_page):
    tab = open_page("offres/ressourcerie-des-etangs-salle-reunion/", javascript=False)
    tab.click(".contact > summary")
    panel = tab.locator(".record-header .contact-panel")
    assert "contact [arobase] ressourcerie-des-etangs.example.org (remplacez [arobase] par @)" in panel.inner_text()
    assert panel.locator("a[href^='mailto:']").count() == 0
    assert panel.locator("a[href^='tel:']").get_attribute("href") == "tel:0199001234"


def test_a_project_s_contact_is_its_lead_partner_s(open_page):
    tab = open_page("projets/tiers-lieu-numerique-guyancourt/", DESKTOP_SCREEN)
    tab.click(".contact > summary")
    panel = tab.locator(".record-header .contact-panel")
    assert "Contact de l'organisation porteuse" in panel.inner_text()
    assert panel.locator("a[href^='mailto:']").count() == 1


def test_without_a_contact_a_link_proposes_one(open_page):
    tab = open_page("organisations/codesqy/")
    link = tab.locator(".record-header .contact-none a")
    assert link.inner_text() == "Proposer un contact"
    link.click()
    tab.wait_for_url("**/contribuer/formulaire/organisation/?modifier=codesqy#champ-contact")
    tab.wait_for_selector("#formulaire[data-ready=true]")
    assert tab.input_value("#champ-nom") == "Codesqy"  # filled with the record
    heading = box(tab, "#champ-contact")
    assert -1 < heading["y"] < PHONE_SCREEN["height"]  # scrolled to it (a fraction of a pixel above 0 is rounding)
    assert tab.evaluate("document.activeElement.id") == "champ-contact-nom"


def test_planted_tall_header_and_open_filters_are_reported(built_site, site, tmp_path):
    """The same measures on a copy whose header is taller and whose filters are always open."""
    copy = tmp_path / "site"
    shutil.copytree(built_site, copy)
    stylesheet = copy / "theme" / "css" / "site.css"
    stylesheet.write_text(stylesheet.read_text("utf-8") + ".header-bar { padding-bottom: 6rem; }\n", "utf-8")
    listing = copy / "organisations" / "index.html"
    listing.write_text(listing.read_text("utf-8").replace('<details class="filters-panel">', '<details class="filters-panel" open>', 1), "utf-8")
    _base, chromium = site  # the module's browser: one Playwright at a time
    with serve(copy) as base:
        context = chromium.new_context(viewport=PHONE_SCREEN)
        tab = context.new_page()
        tab.goto(base + "organisations/")
        assert box(tab, ".site-header")["height"] > HEADER_MAX
        title = box(tab, "main .card .card-title")
        assert title["y"] + title["height"] > PHONE_SCREEN["height"] - 100
        context.close()


def test_the_search_page_offers_filtrer_before_the_results_on_a_phone(open_page):
    tab = open_page("recherche/?q=salle")
    tab.wait_for_function("document.querySelectorAll('#search-results li').length > 0")
    toggle = tab.locator(".search-facets .filters-panel > summary")
    assert toggle.is_visible() and toggle.inner_text() == "Filtrer"
    # In source order and on the screen, « Filtrer » comes before the first result, which shows unscrolled.
    assert tab.evaluate("""() => {
        const toggle = document.querySelector('.search-facets summary'), first = document.querySelector('#search-results li')
        return !!(toggle.compareDocumentPosition(first) & Node.DOCUMENT_POSITION_FOLLOWING)
    }""")
    result = box(tab, "#search-results li")
    assert box(tab, ".search-facets summary")["y"] < result["y"] < PHONE_SCREEN["height"]
    assert not tab.locator("#search-facets legend").first.is_visible()  # folded
    # By keyboard: the search field, its button, then « Filtrer »; Enter opens it, Space ticks « Gratuit ».
    assert tab_to(tab, ".search-facets summary", presses=25)
    assert expanded(tab, "Filtrer") is False
    tab.keyboard.press("Enter")
    assert expanded(tab, "Filtrer") is True
    assert tab.locator("#search-facets").get_by_text("Disponible maintenant").is_visible()
    gratuit = tab.locator("#search-facets input[name=acces][value=gratuit]")
    gratuit.focus()
    tab.keyboard.press("Space")
    tab.wait_for_function("new URLSearchParams(location.search).get('acces') === 'gratuit'")
    tab.wait_for_function("document.querySelector('.search-facets summary').textContent === 'Filtrer (1)'")
    assert tab.evaluate("document.activeElement.value") == "gratuit"  # the focus stays on the box
    assert tab.evaluate("document.documentElement.scrollWidth") <= PHONE


def test_the_search_facets_are_a_column_beside_the_results_on_a_desktop(open_page):
    tab = open_page("recherche/?q=salle", DESKTOP_SCREEN)
    tab.wait_for_function("document.querySelectorAll('#search-results li').length > 0")
    assert not tab.locator(".search-facets .filters-panel > summary").is_visible()  # no button: always open
    legend, result = box(tab, "#search-facets legend"), box(tab, "#search-results li")
    assert tab.locator("#search-facets legend").first.is_visible()
    assert legend["x"] + legend["width"] <= result["x"] and legend["y"] < DESKTOP_SCREEN["height"]
