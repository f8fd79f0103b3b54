"""Gate 1, keyboard: Tab reaches every interactive element in document order, each with a visible focus indicator.

The page lists what should take focus (links, buttons, fields, summaries, tabindex="0"
regions that are rendered and enabled) and records, at every `focusin`, which element got
focus and its computed style. Python then presses Tab once per element, plus one. The
indicator must be visible: an outline, shadow, border, background or underline that the
element does not have unfocused, on an element inside the viewport.
"""

from __future__ import annotations

import shutil

import pytest

from .chromium import DESKTOP, PHONE, Visit, visit_all
from .conftest import FIGURES, site_by_name
from .pages import site_pages

PREPARE = """() => {
  const selector = 'a[href], area[href], button, input:not([type=hidden]), select, textarea, summary, iframe, [tabindex], '
    + '[contenteditable]:not([contenteditable=false]), audio[controls], video[controls]';
  let expected = [...document.querySelectorAll(selector)].filter(e =>
    !e.disabled && e.tabIndex >= 0 && !e.closest('[inert]')
    && !(e.tagName === 'SUMMARY' && e.parentElement.querySelector(':scope > summary') !== e)
    && e.checkVisibility({visibilityProperty: true}));
  const groups = new Set();  // radio buttons: one stop per group
  expected = expected.filter(e => {
    if (e.type !== 'radio' || !e.name) return true;
    if (groups.has(e.name)) return false;
    groups.add(e.name);
    return true;
  });
  const look = e => {
    const s = getComputedStyle(e);
    const outline = s.outlineStyle === 'none' || parseFloat(s.outlineWidth) === 0 ? 'none'
      : [s.outlineStyle, s.outlineWidth, s.outlineColor, s.outlineOffset].join(' ');
    return {outline,
            shadow: s.boxShadow, border: s.borderColor + ' ' + s.borderWidth, background: s.backgroundColor,
            underline: s.textDecorationLine + ' ' + s.textDecorationThickness};
  };
  const name = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
    + ' « ' + (e.innerText || e.value || e.getAttribute('aria-label') || '').trim().slice(0, 40) + ' »';
  window.__focus = {expected, names: expected.map(name), rest: expected.map(look), focused: []};
  // Can the focused element be seen once the browser scrolls to it? Not if it sits above or left of
  // the page, is a pixel wide, or is cut off by an ancestor that hides its overflow or clips.
  const seeable = e => {
    const box = e.getBoundingClientRect();
    if (box.width < 2 || box.height < 2 || box.top + scrollY < 0 || box.left + scrollX < 0) return false;
    for (let p = e.parentElement; p && p !== document.body; p = p.parentElement) {
      const s = getComputedStyle(p);
      const clips = ['hidden', 'clip'].includes(s.overflowX) || ['hidden', 'clip'].includes(s.overflowY) || s.clip !== 'auto' || s.clipPath !== 'none';
      if (!clips) continue;
      const r = p.getBoundingClientRect();
      if (r.width < 2 || r.height < 2 || box.right <= r.left || box.left >= r.right || box.bottom <= r.top || box.top >= r.bottom) return false;
    }
    return true;
  };
  document.addEventListener('focusin', () => {
    const e = document.activeElement;
    window.__focus.focused.push({index: expected.indexOf(e), name: name(e), look: look(e), inView: seeable(e)});
  });
  return {count: expected.length, positive: expected.filter(e => e.tabIndex > 0).map(name)};
}"""

COLLECT = "() => ({focused: window.__focus.focused, rest: window.__focus.rest, names: window.__focus.names})"


async def tab_through(page, visit):
    prepared = await page.evaluate(PREPARE)
    await page.evaluate("() => { document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0); }")
    for _ in range(prepared["count"] + 1):
        await page.keyboard.press("Tab")
    return {**prepared, **(await page.evaluate(COLLECT))}


def focus_problems(result) -> list[str]:
    problems = [f"tabindex positif (ordre imposé) : {name}" for name in result["positive"]]
    order = [entry["index"] for entry in result["focused"]]
    if order[result["count"]:] == [0]:
        order = order[:-1]  # the last Tab left the page and came back to its first link (no browser toolbar here)
    if order != list(range(result["count"])):
        missed = [result["names"][i] for i in range(result["count"]) if i not in order]
        strays = [entry["name"] for entry in result["focused"] if entry["index"] < 0]
        problems.append(f"ordre du focus : {order} au lieu de 0..{result['count'] - 1} ; jamais atteints : {missed[:5]} ; hors liste : {strays[:5]}")
    for entry in result["focused"]:
        if entry["index"] < 0:
            continue
        rest, look = result["rest"][entry["index"]], entry["look"]
        changed = [key for key in ("outline", "shadow", "border", "background", "underline") if look[key] != rest[key]]
        visible = (look["outline"] != "none" and "outline" in changed) or (changed and changed != ["outline"])
        if not visible:
            problems.append(f"aucun indicateur de focus visible : {entry['name']}")
        if not entry["inView"]:
            problems.append(f"élément focalisé hors de l'écran : {entry['name']}")
    return problems


# Templates with every kind of control (links, search form, filter summaries, scrollable regions,
# checkboxes of the search facets) on a desktop; the home page on a phone too; on the torture
# site, the project page with every field full (32 partners: the most links).
KEYBOARD_TEMPLATES = {
    "accueil", "liste filtrée", "organisation", "projet", "référence des champs", "recherche avec résultats",
    "coopérations", "agenda", "page introuvable",
}
KEYBOARD_VISITS = (
    [("exemple", page.url, DESKTOP, page) for page in site_pages("exemple") if page.template in KEYBOARD_TEMPLATES]
    + [("exemple", "", PHONE, None)]
    + [("torture", page.url, DESKTOP, page) for page in site_pages("torture")
       if page.url == "projets/champs-pleins/"]
)


@pytest.fixture(scope="module")
def tabbed(request):
    done = {}

    def run(name):
        if name not in done:
            site = site_by_name(request, name)
            visits = [Visit(url, width, page.settle if page else "load") for site_name, url, width, page in KEYBOARD_VISITS
                      if site_name == name and (page is None or page.file(site).is_file())]
            done[name] = visit_all(site, visits, tab_through)
            presses = sum(seen.probe["count"] + 1 for seen in done[name].values())
            FIGURES[f"clavier, site {name}"] = f"{len(visits)} pages, {presses} appuis sur Tab"
        return done[name]

    return run


@pytest.mark.parametrize(("site", "url", "width", "page"), KEYBOARD_VISITS, ids=[f"{s}:{u or '/'}-{w}px" for s, u, w, _ in KEYBOARD_VISITS])
def test_tab_reaches_every_control_in_order_with_a_visible_focus(site, url, width, page, tabbed, request):
    if page is not None and not page.file(site_by_name(request, site)).is_file():
        if page.optional:
            pytest.skip(f"« {page.template} » ({url}) is not built yet")
        pytest.fail(f"« {page.template} » ({url}) is not in the built site: update tests/quality/pages.py")
    seen = tabbed(site)[Visit(url, width, page.settle if page else "load")]
    assert seen.probe["count"] > 5
    assert focus_problems(seen.probe) == []


def test_planted_hidden_focus_and_forced_order_are_reported(built_site, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    target = site / "a-propos" / "index.html"
    html = target.read_text("utf-8")
    html = html.replace("</head>", "<style>.footer-links a:focus-visible { outline: none; }</style></head>", 1)
    html = html.replace("</h1>", '</h1><p><a href="#contenu" tabindex="3">impose son ordre</a></p>', 1)
    target.write_text(html, "utf-8")
    result = visit_all(site, [Visit("a-propos/")], tab_through)[Visit("a-propos/")].probe
    problems = focus_problems(result)
    assert any(problem.startswith("tabindex positif") for problem in problems)
    assert any(problem.startswith("ordre du focus") for problem in problems)
    assert any(problem.startswith("aucun indicateur de focus visible : a « À propos »") for problem in problems), problems
