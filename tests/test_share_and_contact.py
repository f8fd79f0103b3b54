"""Share previews (Open Graph), the « Contacter » button and its e-mail addresses, and the sample's shared staff.

Parsed from the built sample site (no SITEURL: relative links) and from `dissolved_site`
(built with SITEURL: absolute addresses). The browser side (the button opening, the
script making addresses links) is in tests/quality/test_compact_pages.py.
"""

from __future__ import annotations

import datetime
import struct
import zlib

import pytest
import yaml
from conftest import ROOT, SITEURL, TODAY
from site_helpers import html_files, page, parsed

from annuaire.publish.contacts import contact_for
from annuaire.publish.share_image import HEIGHT, WIDTH, glyphs, layout, share_card
from annuaire.records.lifecycle import lead_partners
from annuaire.records.loader import load_directory

SITENAME = "Coopérer en Saint-Quentin-en-Yvelines"
TOOLS = ("admin/",)  # the web editor: a page of its own, not the site's template


def pages(site):
    return [path for path in html_files(site) if not path.relative_to(site).as_posix().startswith(TOOLS)]


def meta(soup, key: str) -> str | None:
    tag = soup.find("meta", attrs={"property": key}) or soup.find("meta", attrs={"name": key})
    return tag["content"] if tag else None


def sample():
    return load_directory(ROOT / "data", datetime.date.fromisoformat(TODAY))


# Share previews


def test_every_page_has_a_share_preview_without_relative_addresses(built_site):
    found = pages(built_site)
    assert len(found) > 150
    for path in found:
        soup = parsed(path)
        shown = path.relative_to(built_site).as_posix()
        assert meta(soup, "og:locale") == "fr_FR", shown
        assert meta(soup, "og:site_name") == SITENAME, shown
        assert meta(soup, "og:type") == ("article" if shown.startswith("actualites/") and shown != "actualites/index.html" else "website"), shown
        assert meta(soup, "og:title") and meta(soup, "og:description"), shown
        assert meta(soup, "twitter:card") == "summary", shown
        # Without SITEURL the site's links are relative, which previews cannot use: no address at all.
        assert meta(soup, "og:url") is None and meta(soup, "og:image") is None, shown


@pytest.mark.parametrize("url", ["offres/ressourcerie-des-etangs-salle-reunion/", "organisations/e-graine/", "projets/ptce-la-verriere/"])
def test_a_record_is_shared_with_its_name_and_summary(built_site, url):
    soup = page(built_site, url)
    assert meta(soup, "og:title") == soup.h1.get_text(" ", strip=True).removesuffix(" ()").strip()
    assert meta(soup, "og:description") == soup.select_one(".record-header .lead").get_text()


def test_with_siteurl_previews_give_absolute_addresses_and_the_drawn_image(dissolved_site):
    for path in pages(dissolved_site):
        soup = parsed(path)
        shown = path.relative_to(dissolved_site).as_posix()
        assert meta(soup, "og:image") == f"{SITEURL}/apercu.png", shown
        assert meta(soup, "og:image:width") == "1200" and meta(soup, "og:image:height") == "630", shown
        assert meta(soup, "og:image:alt") == SITENAME and meta(soup, "twitter:card") == "summary_large_image", shown
        if shown == "404.html":  # shown at any address: it has none of its own
            assert meta(soup, "og:url") is None
        else:
            assert meta(soup, "og:url") == f"{SITEURL}/{shown.removesuffix('index.html')}", shown
    assert (dissolved_site / "apercu.png").read_bytes() == share_card(SITENAME)


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def test_the_share_image_is_a_1200_by_630_png_that_every_build_draws_the_same(built_site):
    image = (built_site / "apercu.png").read_bytes()
    assert png_size(image) == (WIDTH, HEIGHT) == (1200, 630)
    assert image == share_card(SITENAME) == share_card(SITENAME)
    assert len(image) < 20_000  # a flat card compresses to a few kilobytes
    # Every chunk's checksum is right (a PNG reader would refuse it otherwise).
    position = 8
    while position < len(image):
        length = struct.unpack(">I", image[position:position + 4])[0]
        body = image[position + 4:position + 8 + length]
        assert struct.unpack(">I", image[position + 8 + length:position + 12 + length])[0] == zlib.crc32(body) & 0xFFFFFFFF
        position += 12 + length
    assert position == len(image)


def test_the_name_is_drawn_in_french_or_not_at_all():
    assert layout(SITENAME, 1040, 348)[1] == ["Coopérer en Saint-", "Quentin-en-Yvelines"]
    assert glyphs("Œuvre : ça, île, NOËL, « été » 2026 !") is not None
    without_text = share_card("")
    assert share_card(SITENAME) != without_text
    assert share_card("Coopérer à 文化") == without_text  # a character it cannot draw: no half name


# « Contacter »


def test_a_contact_falls_back_to_the_organisation_then_the_lead_partner():
    d = sample()
    own = contact_for(d.get("offer", "coop-mobilite-transport-solidaire"))  # its own contact
    assert own.telephone == "01 99 00 34 56" and own.owner is None
    offer = contact_for(d.get("offer", "ressourcerie-des-etangs-salle-reunion"))  # none: its organisation's
    assert offer.owner.slug == "ressourcerie-des-etangs" and offer.email == ("contact", "ressourcerie-des-etangs.example.org")
    assert offer.website == "https://ressourcerie-des-etangs.example.org/" and not offer.lead
    project = d.get("project", "tiers-lieu-numerique-guyancourt")
    assert "contact" not in project.data
    lead = lead_partners(project.partners, lambda partner: partner.role)[0].organisation
    found = contact_for(project)
    assert found.owner is lead and found.lead and found.email == tuple(lead.data["contact"]["email"].split("@"))
    assert contact_for(d.get("organisation", "codesqy")) is None
    assert contact_for(d.get("project", "partage-salaries-e-graine-bleu-oxygene")) is None  # neither has published one
    # A dissolved lead partner is nobody to call.
    lead.data["dissoute"] = True
    assert contact_for(project) is None or contact_for(project).owner is not lead


def contact_emails() -> set[str]:
    found = set()
    for path in (ROOT / "data").glob("*/*.yaml"):
        data = yaml.safe_load(path.read_text("utf-8"))
        if isinstance(data, dict) and isinstance(data.get("contact"), dict) and data["contact"].get("email"):
            found.add(data["contact"]["email"])
    return found


def test_e_mail_addresses_are_never_written_whole_but_readable(built_site):
    """Nowhere in a page's source: not in what it shows, links or gives machines (schema.org JSON-LD)."""
    emails = contact_emails()
    assert len(emails) >= 5
    for path in html_files(built_site):
        source = path.read_text("utf-8")
        assert not [email for email in emails if email in source], path
    soup = page(built_site, "offres/ressourcerie-des-etangs-salle-reunion/")
    written = soup.select_one(".contact .email")
    assert [span.get_text() for span in written.find_all("span")[:2]] == ["contact", "ressourcerie-des-etangs.example.org"]
    assert written.get_text() == "contact [arobase] ressourcerie-des-etangs.example.org (remplacez [arobase] par @)"


def test_the_contact_button_lists_every_way_and_says_whose_contact_it_is(built_site):
    soup = page(built_site, "offres/ressourcerie-des-etangs-salle-reunion/")
    button = soup.select_one(".record-header details.contact")
    assert button.summary.get_text(strip=True) == "Contacter"
    assert button.select_one(".contact-owner a")["href"].endswith("organisations/ressourcerie-des-etangs/")
    ways = [dt.get_text() for dt in button.select(".contact-ways dt")]
    assert ways == ["Courriel", "Téléphone", "Site web"]
    assert button.find("a", href="tel:0199001234").get_text() == "01 99 00 12 34"


@pytest.mark.parametrize(("url", "form"), [
    ("organisations/codesqy/", "organisation/?modifier=codesqy"),
    ("projets/partage-salaries-e-graine-bleu-oxygene/", "projet/?modifier=partage-salaries-e-graine-bleu-oxygene"),
])
def test_without_a_contact_the_page_asks_for_one_through_the_form(built_site, url, form):
    soup = page(built_site, url)
    assert not soup.select(".contact")
    link = soup.select_one(".record-header .contact-none a")
    assert link.get_text() == "Proposer un contact" and link["href"].endswith(f"contribuer/formulaire/{form}#champ-contact")
    assert page(built_site, "contribuer/formulaire/" + form.split("?")[0]).find(id="champ-contact").name == "fieldset"


def test_a_dissolved_organisation_has_no_contact_button(dissolved_site):
    for url in ("organisations/compagnie-du-chapiteau-bleu/", "offres/chapiteau-bleu-charge-communication/"):
        soup = page(dissolved_site, url)
        assert not soup.select(".contact, .contact-none"), url


# The seed's story: e-graine and Bleu Oxygène Développement share employees


def test_the_shared_staff_is_a_cooperation_between_e_graine_and_bleu_oxygene(built_site):
    data = yaml.safe_load((ROOT / "data" / "projects" / "partage-salaries-e-graine-bleu-oxygene.yaml").read_text("utf-8"))
    assert [partner["organisation"] for partner in data["partenaires"]] == ["e-graine", "bleu-oxygene-developpement"]
    assert "exemple" not in data  # told by the seed article, like e-graine's own record
    network = page(built_site, "cooperations/")
    row = next(tr for tr in network.select(".links-table tbody tr") if "partage-salaries-e-graine-bleu-oxygene" in tr.th.a["href"])
    assert [a.get_text() for a in row.select("td a")] == ["Bleu Oxygène Développement", "e-graine"]
    alone = {a.get_text() for a in network.select("#sans-lien ~ ul a")}
    assert not alone & {"e-graine", "Bleu Oxygène Développement"}
    for slug in ("e-graine", "bleu-oxygene-developpement"):
        memberships = page(built_site, f"organisations/{slug}/").select("#projets ~ .memberships a")
        assert [a["href"].rstrip("/").rsplit("/", 1)[-1] for a in memberships] == ["partage-salaries-e-graine-bleu-oxygene"]
