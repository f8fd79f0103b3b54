"""Logos and photos (annuaire.images): what is refused and why, in French; what the copies keep and lose."""

from __future__ import annotations

import datetime
import io
import os
import shutil
import struct
import zlib

import pytest
from conftest import MINIMAL, TODAY
from PIL import Image, ImageCms, ImageDraw

from annuaire.images import checks, responsive
from annuaire.records.loader import validate

DAY = datetime.date.fromisoformat(TODAY)
GPS = 0x8825  # the EXIF pointer to the GPS block
ORIENTATION = 0x0112


def photo(path, size=(1600, 1200), exif=None, **options):
    """A JPEG with a left half red and a right half blue (to tell orientations apart), EXIF optional."""
    image = Image.new("RGB", size, (200, 30, 30))
    ImageDraw.Draw(image).rectangle((size[0] // 2, 0, size[0], size[1]), fill=(30, 30, 200))
    image.save(path, "JPEG", exif=exif if exif is not None else b"", **options)
    return path


def gps_exif() -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = "Appareil de test"  # Make
    exif[0x0131] = "Logiciel de test"  # Software
    exif.get_ifd(GPS).update({1: "N", 2: (48.0, 46.0, 23.0), 3: "E", 4: (2.0, 4.0, 26.0)})
    return exif


# Checks: every refusal says what to do.


def test_a_jpeg_png_or_webp_beside_the_record_is_accepted(tmp_path):
    photo(tmp_path / "salle.jpg")
    Image.new("RGBA", (300, 100), (0, 0, 0, 0)).save(tmp_path / "logo.png")
    Image.new("RGB", (300, 200), "teal").save(tmp_path / "photo.webp", "WEBP")
    photo(tmp_path / "sans-extension")  # the content decides, not the name
    for name in ("salle.jpg", "logo.png", "photo.webp", "sans-extension"):
        assert checks.check_image(tmp_path, name) is None, name


def test_a_missing_file_is_named_with_the_closest_one(tmp_path):
    photo(tmp_path / "Salle.jpg")
    message = checks.check_image(tmp_path, "salle.jpg")
    assert message.startswith("fichier « salle.jpg » introuvable à côté de la fiche") and "vouliez-vous dire « Salle.jpg » ?" in message
    assert "vérifiez son nom" in checks.check_image(tmp_path, "zzz.png")


@pytest.mark.parametrize("name", ["../logo.png", "/etc/passwd", "sous-dossier/logo.png", "..", ".", "..\\logo.png", ".cache.png", " "])
def test_a_path_out_of_the_record_folder_is_refused(tmp_path, name):
    folder = tmp_path / "organisations"
    (folder / "sous-dossier").mkdir(parents=True)
    photo(tmp_path / "logo.png")
    photo(folder / "sous-dossier" / "logo.png")
    message = checks.check_image(folder, name)
    assert message is not None and "à côté de la fiche" in message, name


def test_a_symbolic_link_is_refused_even_to_an_image(tmp_path):
    folder = tmp_path / "organisations"
    folder.mkdir()
    photo(tmp_path / "ailleurs.jpg")
    os.symlink(tmp_path / "ailleurs.jpg", folder / "logo.jpg")
    assert "lien symbolique" in checks.check_image(folder, "logo.jpg")


def test_a_text_file_named_like_a_photo_is_refused(tmp_path):
    (tmp_path / "photo.jpg").write_text("Ceci n'est pas une photo.\n", "utf-8")
    message = checks.check_image(tmp_path, "photo.jpg")
    assert message.startswith("ce fichier n'est pas une image JPEG, PNG ou WebP (son contenu a été vérifié")


def test_an_svg_is_refused_with_what_to_do(tmp_path):
    svg = '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>\n'
    (tmp_path / "logo.svg").write_text(svg, "utf-8")
    (tmp_path / "logo.png").write_text(svg, "utf-8")  # an SVG renamed: found by its content
    for name in ("logo.svg", "logo.png"):
        message = checks.check_image(tmp_path, name)
        assert message.startswith("image SVG refusée") and "exportez-la en PNG" in message, name


def test_another_image_format_is_named(tmp_path):
    Image.new("RGB", (40, 40), "red").save(tmp_path / "anime.gif", "GIF")
    assert checks.check_image(tmp_path, "anime.gif").startswith("image GIF refusée : seuls les formats JPEG, PNG et WebP")


def test_a_file_over_the_weight_limit_is_refused_before_it_is_read(tmp_path, monkeypatch):
    photo(tmp_path / "lourde.jpg", size=(400, 300))
    monkeypatch.setattr(checks, "MAX_BYTES", (tmp_path / "lourde.jpg").stat().st_size - 1)
    assert checks.check_image(tmp_path, "lourde.jpg").startswith("image trop lourde (")


def test_too_many_pixels_are_refused_from_the_header(tmp_path, monkeypatch):
    photo(tmp_path / "grande.jpg", size=(2000, 1000))
    monkeypatch.setattr(checks, "MAX_PIXELS", 1_999_999)
    message = checks.check_image(tmp_path, "grande.jpg")
    assert message.startswith("image trop grande (2000 × 1000 pixels") and "réduisez-la" in message


def test_a_decompression_bomb_is_refused_without_decoding_it(tmp_path):
    """A tiny PNG that declares 50,000 × 50,000 pixels (2.5 billion): refused from its header, in French."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", 50_000, 50_000, 8, 2, 0, 0, 0)  # 8-bit RGB
    pixels = zlib.compress(b"\0" * 1_000_000, 9)  # the start of the first rows: decoding it all would take 7.5 GB
    (tmp_path / "bombe.png").write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b""))
    assert (tmp_path / "bombe.png").stat().st_size < 10_000
    message = checks.check_image(tmp_path, "bombe.png")
    assert message.startswith("image trop grande (50000 × 50000 pixels")


def test_a_truncated_image_is_unreadable(tmp_path):
    data = io.BytesIO()
    Image.effect_noise((600, 400), 60).convert("RGB").save(data, "JPEG")
    (tmp_path / "coupee.jpg").write_bytes(data.getvalue()[: len(data.getvalue()) // 2])
    assert checks.check_image(tmp_path, "coupee.jpg").startswith("image illisible ou abîmée")


# With the records: reported as file:line:column: field: message, all at once; the alternative text is required.


def test_image_problems_are_reported_with_the_record_line(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    data = shutil.copytree(MINIMAL, tmp_path / "data")
    organisation = sorted((data / "organisations").glob("*.yaml"))[0]
    offer = sorted((data / "offers").glob("*.yaml"))[0]
    organisation.write_text(organisation.read_text("utf-8") + "logo:\n  fichier: ../logo.png\n  texte: Logo de l'association\n", "utf-8")
    (data / "offers" / "faux.jpg").write_text("pas une image", "utf-8")
    offer.write_text(offer.read_text("utf-8") + "photos:\n  - fichier: faux.jpg\n    texte: Une salle\n  - fichier: absente.jpg\n    texte: Une autre\n", "utf-8")
    photo(data / "offers" / "oubliee.jpg", size=(64, 48))
    problems = [str(problem) for problem in validate(data, DAY)]
    lines = organisation.read_text("utf-8").splitlines()
    logo_line = lines.index("  fichier: ../logo.png") + 1
    assert f"data/organisations/{organisation.name}:{logo_line}:3: logo.fichier: « ../logo.png » n'est pas un nom de fichier accepté" in "\n".join(problems)
    offer_problems = [p for p in problems if p.startswith(f"data/offers/{offer.name}:")]
    assert len(offer_problems) == 2 and "n'est pas une image JPEG, PNG ou WebP" in offer_problems[0] and "introuvable" in offer_problems[1]
    assert "data/offers/oubliee.jpg: image citée par aucune fiche" in "\n".join(problems)


def test_the_alternative_text_is_required_and_four_photos_at_most(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    data = shutil.copytree(MINIMAL, tmp_path / "data")
    offer = sorted((data / "offers").glob("*.yaml"))[0]
    photo(data / "offers" / "salle.jpg", size=(64, 48))
    items = "".join("  - fichier: salle.jpg\n    texte: La salle\n" for _ in range(5))
    offer.write_text(offer.read_text("utf-8") + "photos:\n  - fichier: salle.jpg\n" + items, "utf-8")
    problems = [p for p in validate(data, DAY) if p.file.endswith(offer.name)]
    assert [p.field.split(",")[0].split("[")[0].split(" ")[0] for p in problems] == ["photos", "photos"], problems
    assert any("texte" in p.message or "texte" in p.field for p in problems), problems


# The copies: metadata gone, orientation applied, widths never upscaled, the same bytes each time.


def test_the_copies_keep_no_metadata_at_all(tmp_path):
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">secret-xmp</rdf:RDF></x:xmpmeta>'
    source = photo(tmp_path / "gps.jpg", exif=gps_exif(), icc_profile=icc, comment=b"secret", xmp=xmp)
    with Image.open(source) as original:  # the test photo does carry all of them
        assert original.getexif().get_ifd(GPS) and original.info["icc_profile"] and original.info["comment"] == b"secret"
        assert b"secret-xmp" in source.read_bytes()
    webp, fallback, files = responsive.responsive(source, responsive.PHOTO_WIDTHS)
    assert len(files) == 6
    for name, content in files.items():
        with Image.open(io.BytesIO(content)) as copy:
            assert not copy.getexif(), name
            assert not {"exif", "icc_profile", "xmp", "XML:com.adobe.xmp", "comment"} & set(copy.info), (name, copy.info.keys())
        assert b"Exif" not in content and b"Appareil de test" not in content and b"secret" not in content and b"ICC_PROFILE" not in content


def test_the_orientation_is_applied_then_forgotten(tmp_path):
    exif = Image.Exif()
    exif[ORIENTATION] = 6  # « rotate 90° clockwise to display »
    source = photo(tmp_path / "debout.jpg", size=(1600, 1200), exif=exif)
    webp, fallback, files = responsive.responsive(source, responsive.PHOTO_WIDTHS)
    assert [(v.width, v.height) for v in fallback] == [(320, 427), (640, 853), (1200, 1600)]
    with Image.open(io.BytesIO(files[fallback[-1].name])) as copy:
        assert copy.size == (1200, 1600) and ORIENTATION not in copy.getexif()
        # Turned clockwise, the red left half is now on top.
        assert copy.getpixel((600, 300))[0] > 150 and copy.getpixel((600, 1300))[2] > 150


def test_widths_are_never_upscaled_and_formats_follow_transparency(tmp_path):
    small = photo(tmp_path / "petite.jpg", size=(500, 250))
    webp, fallback, files = responsive.responsive(small, responsive.PHOTO_WIDTHS)
    assert [v.width for v in webp] == [v.width for v in fallback] == [320, 500]
    assert {v.mime for v in webp} == {"image/webp"} and {v.mime for v in fallback} == {"image/jpeg"}
    logo = Image.new("RGBA", (900, 300), (0, 0, 0, 0))
    ImageDraw.Draw(logo).ellipse((0, 0, 300, 300), fill=(20, 120, 60, 255))
    logo.save(tmp_path / "logo.png")
    webp, fallback, files = responsive.responsive(tmp_path / "logo.png", responsive.LOGO_WIDTHS)
    assert [(v.width, v.height, v.mime) for v in fallback] == [(160, 53, "image/png"), (320, 107, "image/png")]
    with Image.open(io.BytesIO(files[fallback[0].name])) as copy:
        assert copy.mode == "RGBA" and copy.getpixel((159, 0))[3] == 0  # still transparent
    opaque = Image.new("RGBA", (400, 200), (10, 20, 30, 255))
    opaque.save(tmp_path / "opaque.png")
    assert {v.mime for v in responsive.responsive(tmp_path / "opaque.png", responsive.LOGO_WIDTHS)[1]} == {"image/jpeg"}


def test_the_same_image_gives_the_same_names_and_bytes_with_or_without_the_cache(tmp_path):
    source = photo(tmp_path / "salle.jpg", size=(1400, 900))
    first = responsive.responsive(source, responsive.PHOTO_WIDTHS)
    again = responsive.responsive(source, responsive.PHOTO_WIDTHS)
    cold = responsive.responsive(source, responsive.PHOTO_WIDTHS, tmp_path / "cache")
    warm = responsive.responsive(source, responsive.PHOTO_WIDTHS, tmp_path / "cache")
    assert first == again == cold == warm
    assert len(list((tmp_path / "cache").iterdir())) == 1
    names = sorted(first[2])
    assert all(name.startswith(responsive.digest(source.read_bytes(), responsive.PHOTO_WIDTHS)) for name in names)
    photo(source, size=(1400, 901))  # another image: other names
    assert not set(responsive.responsive(source, responsive.PHOTO_WIDTHS)[2]) & set(names)
