from annuaire.publish.markup import render_markdown, safe_url


def test_markdown_is_rendered_and_headings_sit_below_the_page_structure():
    html = render_markdown("# Titre\n\nUn **texte** avec [un lien](https://example.org/).\n\n- a\n- b")
    assert html.startswith("<h3>Titre</h3>")
    assert '<a href="https://example.org/" rel="nofollow noreferrer">un lien</a>' in html
    assert "<ul>" in html and "<strong>texte</strong>" in html


def test_headings_never_skip_a_level():
    html = render_markdown("## Deux\n\n###### Six\n\n# Un\n\n#### Quatre")
    assert html.split("\n") == ["<h3>Deux</h3>", "<h4>Six</h4>", "<h3>Un</h3>", "<h4>Quatre</h4>"]


def test_raw_html_and_unsafe_urls_are_neutralised():
    html = render_markdown(
        "<script>alert(1)</script><img src=x onerror=alert(2)> <b onclick='x()'>gras</b>\n\n"
        "[a](javascript:alert(3)) [b](data:text/html,<script>) ![c](https://tracker.example/p.png)\n\n"
        "<iframe src='https://evil.example'></iframe><a href='vbscript:x'>v</a>"
    )
    for needle in ("<script", "alert(", "onerror", "onclick", "javascript:", "data:", "<img", "<iframe", "vbscript"):
        assert needle not in html
    assert "<b>gras</b>" in html


def test_empty_description_renders_nothing():
    assert render_markdown("") == "" and render_markdown("  \n") == ""


def test_safe_url():
    assert safe_url("https://a.example/") == "https://a.example/"
    assert safe_url("mailto:x@example.org") == "mailto:x@example.org"
    assert safe_url("JavaScript:alert(1)") is None
    assert safe_url(" data:text/html,x") is None
    assert safe_url(None) is None
