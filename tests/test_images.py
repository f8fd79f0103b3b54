"""Logos and photos in a built site (plugins/directory_images, theme/templates/_pictures.html).

A copy of the sample data gets a generated logo (with transparency) and photos (one with a GPS
position and a turned orientation): their pages show responsive <picture>s whose files exist, the
build is byte-identical with a cold or a warm cache, pages without images have none, a bad image
stops the build with a French message, and in Chromium at 390 px the photos load and fit.
"""

from __future__ import annotations

import filecmp
import io
import json
import shutil
from pathlib import Path

import pytest
from browser import browser, serve
from conftest import ROOT, TODAY
from PIL import Image, ImageDraw
from site_helpers import page

from annuaire.cli import build

ORGANISATION = "ressourcerie-des-etangs"
OFFER = "ressourcerie-des-etangs-salle-reunion"
SITEURL = "https://annuaire.example.org"
PHOTOS = [
    ("salle.jpg", "La salle de réunion, ses tables en U et le tableau blanc", "La grande salle, au rez-de-chaussée"),
    ("cuisine.jpg", 'Le coin cuisine, son évier & son « frigo » "<b>" <script>alert(1)</script>', ""),  # escaped, never markup
    ("acces.png", "L'entrée de plain-pied, sans marche", ""),
]


def generated_photo(path: Path, size, colour, orientation: int = 1) -> None:
    """A photo with a GPS position in its EXIF, as phones write them."""
    image = Image.new("RGB", size, colour)
    ImageDraw.Draw(image).rectangle((size[0] // 4, size[1] // 4, size[0] // 2, size[1] // 2), fill=(250, 250, 240))
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif.get_ifd(0x8825).update({1: "N", 2: (48.0, 46.0, 23.0), 3: "E", 4: (2.0, 4.0, 26.0)})
    image.save(path, "JPEG" if path.suffix == ".jpg" else "PNG", exif=exif, quality=90)


def data_with_images(target: Path) -> Path:
    data = shutil.copytree(ROOT / "data", target)
    logo = Image.new("RGBA", (800, 400), (0, 0, 0, 0))
    ImageDraw.Draw(logo).ellipse((20, 20, 380, 380), fill=(20, 110, 60, 255))
    logo.save(data / "organisations" / "ressourcerie-logo.png")
    organisation = data / "organisations" / f"{ORGANISATION}.yaml"
    organisation.write_text(organisation.read_text("utf-8") + "logo:\n  fichier: ressourcerie-logo.png\n  texte: Logo de la Ressourcerie des étangs\n", "utf-8")
    generated_photo(data / "offers" / "salle.jpg", (3000, 2000), (150, 60, 40), orientation=6)
    generated_photo(data / "offers" / "cuisine.jpg", (1024, 768), (60, 120, 160))
    generated_photo(data / "offers" / "acces.png", (900, 600), (90, 150, 90))
    lines = ["photos:"]
    for name, alt, caption in PHOTOS:
        lines += [f"  - fichier: {name}", f"    texte: {json.dumps(alt, ensure_ascii=False)}"] + ([f"    legende: {caption}"] if caption else [])
    offer = data / "offers" / f"{OFFER}.yaml"
    offer.write_text(offer.read_text("utf-8") + "\n".join(lines) + "\n", "utf-8")
    return data


def settings_with_cache(folder: Path, cache: Path) -> Path:
    """pelican.conf.py with the images' cache in `cache`."""
    settings = folder / "pelican.conf.py"
    text = (ROOT / "pelican.conf.py").read_text("utf-8")
    settings.write_text(text.replace("HERE = Path(__file__).resolve().parent", f"HERE = Path({str(ROOT)!r})")
                        + f"\nIMAGES_CACHE_PATH = {str(cache)!r}\n", "utf-8")
    return settings


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    """The same data built three times at SITEURL: cold cache, another cold cache, then the first cache warm."""
    folder = tmp_path_factory.mktemp("images")
    data = data_with_images(folder / "data")
    built = []
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ANNUAIRE_TODAY", TODAY)
        patch.setenv("SITEURL", SITEURL)
        for name, cache in (("cold", "cache-a"), ("other-cold", "cache-b"), ("warm", "cache-a")):
            output = folder / name
            assert build(data, output, settings_with_cache(folder, folder / cache)) == 0
            built.append(output)
    return built


def images_of(soup):
    return soup.select("picture")


def test_the_logo_and_the_photos_are_responsive_pictures_with_their_files(sites):
    site = sites[0]
    logo_page = page(site, f"organisations/{ORGANISATION}/")
    [logo] = images_of(logo_page)
    offer_page = page(site, f"offres/{OFFER}/")
    photos = images_of(offer_page)
    assert len(photos) == len(PHOTOS)
    for picture, (_name, alt, _caption) in zip(photos, PHOTOS, strict=True):
        source, img = picture.find("source"), picture.find("img")
        assert source["type"] == "image/webp" and source["sizes"] == img["sizes"]
        assert img["alt"] == alt and img["loading"] == "lazy" and img["decoding"] == "async"
        assert int(img["width"]) > 0 and int(img["height"]) > 0
        for srcset, suffixes in ((source["srcset"], (".webp",)), (img["srcset"], (".jpg", ".png"))):
            candidates = [item.strip().split(" ") for item in srcset.split(",")]
            widths = [int(width.removesuffix("w")) for _url, width in candidates]
            assert widths == sorted(widths)
            for url, width in candidates:
                assert url.startswith(f"{SITEURL}/images/") and url.endswith(suffixes), url
                with Image.open(site / url.removeprefix(SITEURL + "/")) as copy:
                    assert copy.width == int(width.removesuffix("w")) and not copy.getexif()
        assert (site / img["src"].removeprefix(SITEURL + "/")).is_file()
    # The logo, at the top of the page, is not lazy: shown 160 px wide, a copy twice as wide for dense screens.
    source, img = logo.find("source"), logo.find("img")
    assert img["alt"] == "Logo de la Ressourcerie des étangs" and "loading" not in img.attrs and img["decoding"] == "async"
    assert (img["width"], img["height"]) == ("160", "80") and img["src"].endswith("-160.png") and img["srcset"].endswith("-320.png 2x")
    assert source["type"] == "image/webp" and source["srcset"] == img["src"].replace(".png", ".webp") + ", " + img["srcset"].replace(".png", ".webp")
    for url in [img["src"], img["srcset"].split(" ")[0], *(part.strip().split(" ")[0] for part in source["srcset"].split(","))]:
        assert (site / url.removeprefix(SITEURL + "/")).is_file(), url
    # The logo keeps its transparency (PNG fallback); the turned photo is upright and never upscaled.
    assert logo.find("img")["src"].endswith(".png")
    first = photos[0].find("img")
    assert (first["width"], first["height"]) == ("1280", "1920")
    assert photos[2].find("img")["srcset"].endswith(".jpg 900w")  # an opaque PNG photo: JPEG fallback, 900 px at most
    captions = [figure.find("figcaption") for figure in offer_page.select(".gallery figure")]
    assert captions[0].get_text() == PHOTOS[0][2] and captions[1] is None
    assert offer_page.find(id="photos").get_text() == "Photos"
    assert "<script>alert" not in (site / f"offres/{OFFER}/index.html").read_text("utf-8")


def test_the_logo_is_shared_and_described(sites):
    soup = page(sites[0], f"organisations/{ORGANISATION}/")
    image = soup.find("meta", property="og:image")["content"]
    assert image.startswith(f"{SITEURL}/images/") and image.endswith("-320.png")
    assert soup.find("meta", property="og:image:alt")["content"] == "Logo de la Ressourcerie des étangs"
    assert soup.find("meta", property="og:image:type")["content"] == "image/png"
    described = json.loads(soup.find("script", type="application/ld+json").string)
    assert described["logo"] == image
    offer_page = page(sites[0], f"offres/{OFFER}/")
    offer = json.loads(offer_page.find("script", type="application/ld+json").string)
    assert offer["image"] == [f"{SITEURL}/{a['href']}".replace(f"{SITEURL}/{SITEURL}", SITEURL) for a in offer_page.select(".gallery a")]
    assert len(offer["image"]) == len(PHOTOS) and all(url.startswith(f"{SITEURL}/images/") for url in offer["image"])
    other = page(sites[0], "organisations/e-graine/")
    assert other.find("meta", property="og:image")["content"] == f"{SITEURL}/apercu.png" and not images_of(other)


def test_pages_without_images_have_none_and_the_exports_leave_images_out(sites):
    site = sites[0]
    with_images = {f"organisations/{ORGANISATION}/index.html", f"offres/{OFFER}/index.html"}
    for html in site.rglob("*.html"):
        if html.relative_to(site).as_posix() not in with_images:
            assert "<picture" not in html.read_text("utf-8"), html
    for name in ("organisations", "offres"):
        assert "logo" not in (site / "donnees" / f"{name}.csv").read_text("utf-8-sig").splitlines()[0]
        assert not any({"logo", "photos"} & set(row) for row in json.loads((site / "donnees" / f"{name}.json").read_text("utf-8")))
    # The images' copies: 2 widths × 2 formats for the logo, 3 × 2 for each photo (the smaller ones at their own width).
    assert len(list((site / "images").iterdir())) == 2 * 2 + 3 * 3 * 2


def differences(comparison: filecmp.dircmp, prefix: str = "") -> list[str]:
    found = [prefix + name for name in comparison.left_only + comparison.right_only + comparison.diff_files + comparison.funny_files]
    for name, sub in sorted(comparison.subdirs.items()):
        found += differences(sub, f"{prefix}{name}/")
    return found


def test_the_same_data_gives_the_same_site_byte_for_byte(sites):
    cold, other_cold, warm = sites
    for other in (other_cold, warm):
        # Files of another date are compared byte for byte (filecmp's shallow test only skips identical stat signatures).
        assert differences(filecmp.dircmp(cold, other)) == []
    assert sorted(path.name for path in (cold / "images").iterdir()) == sorted(path.name for path in (warm / "images").iterdir())


def test_a_bad_image_stops_the_build_with_every_problem_in_french(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("ANNUAIRE_TODAY", TODAY)
    data = data_with_images(tmp_path / "data")
    (data / "offers" / "cuisine.jpg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>", "utf-8")
    (data / "offers" / "salle.jpg").write_bytes(b"pas une image")
    assert build(data, tmp_path / "output", settings_with_cache(tmp_path, tmp_path / "cache")) != 0
    errors = capsys.readouterr().err
    assert "rien n'est publié" in errors and "image SVG refusée" in errors and "n'est pas une image JPEG, PNG ou WebP" in errors
    assert f"data/offers/{OFFER}.yaml:" in errors and "Traceback" not in errors
    assert not (tmp_path / "output").exists()


# In Chromium, on a phone: the photos load (WebP), lazily, and the gallery fits the screen.


@pytest.mark.parametrize("width", [390, 1280])
def test_in_chromium_the_images_load_and_fit_the_screen(sites, width):
    site = sites[0]
    with serve(site) as base, browser() as chromium:
        context = chromium.new_context(viewport={"width": width, "height": 844}, reduced_motion="reduce")
        tab = context.new_page()
        requests = []
        tab.on("request", lambda request: requests.append(request.url))
        for url, count in ((f"organisations/{ORGANISATION}/", 1), (f"offres/{OFFER}/", len(PHOTOS))):
            # SITEURL is absolute: the served copy answers for it.
            tab.route(f"{SITEURL}/**", lambda route: route.fulfill(path=str(site / route.request.url.removeprefix(SITEURL + "/").split("?")[0])))
            tab.goto(base + url)
            tab.evaluate("window.scrollTo(0, document.body.scrollHeight)")
            tab.wait_for_function(f"[...document.images].filter(i => i.closest('picture') && i.complete && i.naturalWidth > 0).length === {count}")
            assert tab.evaluate("[...document.querySelectorAll('.gallery img')].every(i => i.loading === 'lazy')")
            loaded = tab.evaluate("[...document.querySelectorAll('picture img')].map(i => [i.currentSrc, i.naturalWidth, i.getBoundingClientRect().right])")
            assert all(src.endswith(".webp") and natural > 0 and right <= width for src, natural, right in loaded), loaded
            assert tab.evaluate("document.documentElement.scrollWidth") <= width
        assert all(url.startswith((base, SITEURL)) for url in requests), requests
        context.close()


def test_the_copies_hold_no_gps_position(sites):
    for path in (sites[0] / "images").iterdir():
        content = path.read_bytes()
        with Image.open(io.BytesIO(content)) as copy:
            assert not copy.getexif() and "exif" not in copy.info, path.name
