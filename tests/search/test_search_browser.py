"""The search page in headless Chromium: type, see results and facets, filter, go back, follow."""

from __future__ import annotations

import json
import re
import shutil

import pytest
from browser import browser, serve


@pytest.fixture(scope="module")
def chromium():
    with browser() as instance:
        yield instance


@pytest.fixture(scope="module")
def page(built_site, chromium):
    with serve(built_site) as base:
        page = chromium.new_page()
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on("console", lambda message: message.type == "error" and errors.append(message.text))
        page.on("response", lambda response: response.status >= 400 and errors.append(f"{response.status} {response.url}"))
        page.base = base
        page.errors = errors
        yield page


def test_search_as_you_type_with_facets_and_history(page):
    page.goto(page.base + "recherche/")
    status = page.locator("#search-status")
    page.wait_for_function("document.getElementById('search-status').textContent.includes('fiches')")
    assert page.locator("#search-nojs").is_hidden()

    page.locator("#search-q").press_sequentially("salle", delay=30)
    page.wait_for_function("document.getElementById('search-status').textContent.includes('« salle »')")
    assert re.match(r"\d+ résultats? pour « salle »", status.inner_text())
    assert page.locator("#search-status").get_attribute("aria-live") == "polite"
    assert "q=salle" in page.url
    titles = page.locator("#search-results .card-title a").all_inner_texts()
    assert any("Salle de réunion" in title for title in titles)
    assert "Offre" in page.locator("#search-results .card-meta .badge").all_inner_texts()
    legends = page.locator("#search-facets legend").all_inner_texts()
    assert legends[:3] == ["Type", "Accès", "Catégorie"]  # « Gratuit », « Disponible maintenant » after the type

    page.get_by_label(re.compile(r"^Commune.*")).count()  # labels are real <label>s
    page.locator("#search-facets input[name=commune][value=trappes]").check()
    page.wait_for_url(re.compile(r"commune=trappes"))
    badges = page.locator("#search-results .card-meta .place").all_inner_texts()
    assert badges and all("Trappes" in place for place in badges)

    page.go_back()
    page.wait_for_function("!location.search.includes('commune=')")
    page.wait_for_function("document.querySelectorAll('#search-facets input:checked').length === 0")
    assert page.locator("#search-q").input_value() == "salle"

    first = page.locator("#search-results .card-title a").first
    title = first.inner_text()
    first.click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text().startswith(title)
    assert page.errors == []


def test_a_facet_ticked_with_the_keyboard_keeps_the_focus(page):
    page.goto(page.base + "recherche/?q=salle")
    box = page.locator("#search-facets input[name=commune][value=trappes]")
    box.focus()
    page.keyboard.press("Space")
    page.wait_for_url(re.compile(r"commune=trappes"))
    # The facets are drawn again with the new counts: the same box, ticked, still has the focus.
    page.wait_for_function("document.activeElement && document.activeElement.id === 'f-commune-trappes' && document.activeElement.checked")
    page.keyboard.press("Space")
    page.wait_for_function("!location.search.includes('commune=')")
    page.wait_for_function("document.activeElement && document.activeElement.id === 'f-commune-trappes' && !document.activeElement.checked")
    assert page.errors == []


def test_header_box_submits_to_the_search_page(page):
    page.goto(page.base + "offres/")
    page.locator("#header-q").fill("fourgon")
    page.locator("#header-q").press("Enter")
    page.wait_for_url(re.compile(r"recherche/\?q=fourgon"))
    page.wait_for_function("document.querySelectorAll('#search-results li').length > 0")
    assert "Fourgon" in page.locator("#search-results").inner_text()


def test_no_result_gives_suggestions(page):
    page.goto(page.base + "recherche/?q=zzzqqq")
    page.wait_for_function("!document.getElementById('search-empty').hidden")
    assert "Aucun résultat" in page.locator("#search-status").inner_text()
    assert page.locator("#search-empty a").count() >= 4


def test_a_typo_is_corrected_and_the_suggestion_runs_the_corrected_query(page):
    page.goto(page.base + "recherche/?q=coop%C3%A9raton")
    page.wait_for_function("document.getElementById('search-status').textContent.includes('Vouliez-vous dire')")
    status = page.locator("#search-status")
    assert re.match(r"\d+ résultats pour « coopératon »\. Vouliez-vous dire « coopération » \?$", status.inner_text())
    assert page.locator("#search-results li").count() > 0
    link = page.locator("#search-status a#search-suggestion")
    assert link.inner_text() == "coopération" and "q=coop%C3%A9ration" in link.get_attribute("href")
    link.click()
    page.wait_for_url(re.compile(r"q=coop%C3%A9ration"))
    page.wait_for_function("document.getElementById('search-status').textContent.includes('« coopération »')")
    assert page.locator("#search-q").input_value() == "coopération"
    assert "Vouliez-vous dire" not in status.inner_text()
    page.go_back()
    page.wait_for_function("document.getElementById('search-q').value === 'coopératon'")
    assert page.errors == []


def test_stop_words_alone_list_the_directory_and_unknown_words_find_nothing(page):
    page.goto(page.base + "recherche/?q=de+la")
    page.wait_for_function("document.getElementById('search-status').textContent.includes('fiches')")
    assert re.match(r"Mots trop courants pour être cherchés : « de la »\. \d+ fiches dans l'annuaire\.$", page.locator("#search-status").inner_text())
    assert page.locator("#search-empty").is_hidden() and page.locator("#search-facets legend").count() >= 3
    for query in ("bus", "vélo", "xyzw"):
        page.goto(page.base + "recherche/?q=" + query)
        page.wait_for_function("!document.getElementById('search-empty').hidden")
        assert page.locator("#search-status").inner_text() == f"Aucun résultat pour « {query} »."
        assert page.locator("#search-results li").count() == 0
    assert page.errors == []


def test_without_javascript_the_page_explains_and_links(built_site):
    from bs4 import BeautifulSoup

    soup = BeautifulSoup((built_site / "recherche" / "index.html").read_text("utf-8"), "html.parser")
    explanation = soup.find(id="search-nojs")
    assert explanation.get("hidden") is None
    assert soup.find(id="search-app").has_attr("hidden")
    assert len(explanation.find_all("a")) >= 5


def copy_with_index(built_site, tmp_path, edit=None):
    """A copy of the built site and its search folder, its index.json changed by `edit` when given."""
    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    folder = next(path for path in (site / "search").iterdir() if (path / "index.json").is_file())
    if edit is not None:
        index = json.loads((folder / "index.json").read_text("utf-8"))
        edit(index)
        (folder / "index.json").write_text(json.dumps(index), "utf-8")
    return site, folder


@pytest.mark.parametrize("missing", ["index.json", "docs-0.json"])
def test_search_files_that_fail_to_load_leave_the_listings(built_site, chromium, tmp_path, missing):
    site, folder = copy_with_index(built_site, tmp_path)
    (folder / missing).unlink()
    with serve(site) as base:
        page = chromium.new_page()
        uncaught = []
        page.on("pageerror", lambda error: uncaught.append(str(error)))
        page.goto(base + "recherche/?q=salle")
        page.wait_for_function("document.getElementById('search-status').textContent.includes('pas pu se charger')")
        assert page.locator("#search-nojs").is_visible()
        assert page.locator("#search-nojs a").count() >= 5
        assert page.locator("#search-results li").count() == 0
        assert uncaught == []
        page.close()


def test_a_display_shard_fetched_for_the_results_that_fails_leaves_the_listings(built_site, chromium, tmp_path):
    # Large directories fetch display shards when results need them, not with the index.
    site, folder = copy_with_index(built_site, tmp_path, lambda index: index.update(eagerShards=False))
    (folder / "docs-0.json").unlink()
    with serve(site) as base:
        page = chromium.new_page()
        uncaught = []
        page.on("pageerror", lambda error: uncaught.append(str(error)))
        page.goto(base + "recherche/?q=salle")
        page.wait_for_function("document.getElementById('search-status').textContent.includes('pas pu se charger')")
        assert page.locator("#search-nojs").is_visible()
        assert page.locator("#search-results li").count() == 0
        assert uncaught == []
        page.close()


def test_result_types_are_labelled_as_the_index_says(built_site, chromium, tmp_path):
    # The type badges' labels travel in index.json (its "type" facet), not in the page's script.
    def relabel(index):
        index["facets"]["type"] = [[value, "Offre à partager" if value == "offer" else label] for value, label in index["facets"]["type"]]

    site, _folder = copy_with_index(built_site, tmp_path, relabel)
    with serve(site) as base:
        page = chromium.new_page()
        uncaught = []
        page.on("pageerror", lambda error: uncaught.append(str(error)))
        page.goto(base + "recherche/?q=salle")
        page.wait_for_function("document.querySelectorAll('#search-results li').length > 0")
        badges = page.locator("#search-results .card-meta .badge-offer").all_inner_texts()
        assert badges and set(badges) == {"Offre à partager"}
        assert page.locator("label[for=f-type-offer]").inner_text().startswith("Offre à partager")
        assert uncaught == []
        page.close()


def test_the_stemmer_is_in_the_page_s_script_and_costs_no_request(built_site, chromium):
    # "salles" finds "Salle" through the stemmer, which is plain JavaScript inside the search script:
    # no WebAssembly, no module, no request beyond the script, the index and its shards.
    with serve(built_site) as base:
        page = chromium.new_page()
        uncaught = []
        requested = []
        page.on("pageerror", lambda error: uncaught.append(str(error)))
        page.on("request", lambda request: requested.append(request.url))
        page.goto(base + "recherche/?q=salles")
        page.wait_for_function("document.querySelectorAll('#search-results li').length > 0")
        assert any("Salle" in title for title in page.locator("#search-results .card-title a").all_inner_texts())
        assert not [url for url in requested if url.endswith((".mjs", ".wasm"))], requested
        scripts = [url for url in requested if "/search/" in url and url.endswith(".js")]
        assert len(scripts) == 1 and "/search/search-" in scripts[0], scripts
        assert not [url for url in requested if "vendor" in url or "stemmer" in url], requested
        assert uncaught == []
        page.close()


def test_result_cards_show_the_terms_and_dates_as_listing_cards_do(page, built_site):
    from bs4 import BeautifulSoup

    page.goto(page.base + "recherche/?q=salle+de+r%C3%A9union")
    page.wait_for_function("document.querySelectorAll('#search-results li').length > 0")
    card = page.locator("#search-results article", has=page.locator("a[href$='offres/ressourcerie-des-etangs-salle-reunion/']"))
    shown = card.locator(".card-terms span").all_inner_texts()
    listing = BeautifulSoup((built_site / "offres" / "index.html").read_text("utf-8"), "html.parser")
    link = listing.find("a", href=re.compile(r"offres/ressourcerie-des-etangs-salle-reunion/$"))
    expected = [span.get_text(" ", strip=True) for span in link.find_parent("article").select(".card-terms > span")]
    assert shown == expected and shown[0] == "Gratuit" and shown[1].startswith("À partir du 1er février")
    assert card.locator(".card-terms .terms-gratuit").count() == 1
    # Organisations have no terms line.
    assert page.locator("#search-results .card-organisation .card-terms").count() == 0
    assert page.errors == []


def split_index(folder):
    """The sample site's index (small: one file) cut as a large directory's is: its chunks, vocabulary and
    facets in files of their own, what index.py writes past INLINE_CHARS."""
    index = json.loads((folder / "index.json").read_text("utf-8"))
    chunks = index["index"].pop("inline")
    for n, chunk in enumerate(chunks):
        (folder / f"terms-{n}.json").write_text(json.dumps(chunk), "utf-8")
    (folder / "words.json").write_text(json.dumps(index.pop("words")), "utf-8")
    (folder / "facets.json").write_text(json.dumps(index["facets"]), "utf-8")
    index["facets"] = {"type": index["facets"]["type"]}
    (folder / "index.json").write_text(json.dumps(index), "utf-8")
    return len(chunks)


def test_a_large_index_fetches_a_query_s_chunks_then_the_facets(built_site, chromium, tmp_path):
    site, folder = copy_with_index(built_site, tmp_path)
    assert split_index(folder) >= 1
    with serve(site) as base:
        page = chromium.new_page()
        uncaught, fetched = [], []
        page.on("pageerror", lambda error: uncaught.append(str(error)))
        page.on("request", lambda request: "/search/" in request.url and fetched.append(request.url.rsplit("/", 1)[1]))
        page.goto(base + "recherche/?q=salle")
        page.wait_for_function("document.querySelectorAll('#search-results li').length > 0")
        page.wait_for_function("document.querySelectorAll('#search-facets legend').length >= 3")
        assert re.match(r"\d+ résultats? pour « salle »", page.locator("#search-status").inner_text())
        names = [name for name in fetched if name.endswith(".json")]
        assert any(name.startswith("terms-") for name in names) and "facets.json" in names and "words.json" not in names
        # A filter in the address: the results wait for the facets, and hold only what the filter keeps.
        page.goto(base + "recherche/?q=salle&commune=trappes")
        page.wait_for_function("document.querySelectorAll('#search-results li').length > 0")
        assert all("Trappes" in place for place in page.locator("#search-results .card-meta .place").all_inner_texts())
        assert page.locator("#f-commune-trappes").is_checked()
        # A typo: the vocabulary is fetched, and the correction offered.
        page.goto(base + "recherche/?q=coop%C3%A9raton")
        page.wait_for_function("document.getElementById('search-status').textContent.includes('Vouliez-vous dire')")
        assert "words.json" in fetched
        assert uncaught == []
        page.close()
