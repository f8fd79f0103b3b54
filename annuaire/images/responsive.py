"""Responsive copies of a checked image: a few widths, WebP plus a fallback, without metadata.

The EXIF orientation is applied first, colours are converted to sRGB when the
file carries an ICC profile, then every copy is encoded afresh from pixels
only: no EXIF (so no GPS position, no camera serial), no XMP, no ICC profile,
no comment. Widths are never larger than the original (no upscaling). The
fallback is JPEG, or PNG when the image really uses transparency.

Files are named after a hash of the original's bytes and of everything that
shapes the copies (`RECIPE`, Pillow's version): the same image always gives
the same names and, Pillow's encoders being deterministic, the same bytes;
a changed image gets new names, so browsers may cache them for ever.
Processing a large photo takes a fraction of a second per copy, so the copies
are kept in a cache folder outside the site, by that same hash.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import PIL
from PIL import Image, ImageCms, ImageOps

PHOTO_WIDTHS = (320, 640, 1280)
LOGO_WIDTHS = (160, 320)
# Everything that changes the copies' bytes: a change here gives new names (and new cache entries).
RECIPE = {"webp": {"quality": 80, "method": 4}, "jpeg": {"quality": 82, "optimize": True, "progressive": True}, "png": {"optimize": True}, "v": 1}
_MIME = {"webp": "image/webp", "jpg": "image/jpeg", "png": "image/png"}


@dataclass(frozen=True)
class Variant:
    name: str  # file name under the images folder: "3fa2c1d09b41-640.webp" (48 bits of SHA-256, then the width)
    width: int
    height: int
    mime: str


@dataclass(frozen=True)
class Picture:
    """An image as the templates show it: its copies and its alternative text (`alt`), caption optional."""

    webp: tuple[Variant, ...]
    fallback: tuple[Variant, ...]
    alt: str
    caption: str = ""
    prefix: str = "images/"  # the copies' folder, relative to the site's root

    @property
    def largest(self) -> Variant:
        return self.fallback[-1]

    @property
    def src(self) -> str:
        """The fallback for browsers without srcset: the middle width (640 of 320, 640, 1280)."""
        return self.prefix + self.fallback[(len(self.fallback) - 1) // 2 if len(self.fallback) > 2 else -1].name

    def density_srcset(self, variants: tuple[Variant, ...], siteurl: str = "", skip_first: bool = False) -> str:
        """For an image shown at its smallest copy's width (a logo): `a-160.webp, a-320.webp 2x`;
        `skip_first` leaves out that copy (an <img>'s `src` already names it)."""
        first = variants[0].width
        shown = variants[1:] if skip_first else variants
        return ", ".join(f"{siteurl}/{self.prefix}{v.name}" + (f" {v.width / first:g}x" if v.width != first else "") for v in shown)

    def srcset(self, variants: tuple[Variant, ...], siteurl: str = "") -> str:
        return ", ".join(f"{siteurl}/{self.prefix}{variant.name} {variant.width}w" for variant in variants)

    @property
    def width(self) -> int:
        return self.largest.width

    @property
    def height(self) -> int:
        return self.largest.height


def digest(data: bytes, widths: tuple[int, ...]) -> str:
    recipe = json.dumps({**RECIPE, "widths": widths, "pillow": PIL.__version__}, sort_keys=True).encode()
    return hashlib.sha256(recipe + b"\0" + data).hexdigest()[:12]


def responsive(path: Path, widths: tuple[int, ...], cache: Path | None = None) -> tuple[list[Variant], list[Variant], dict[str, bytes]]:
    """(WebP copies, fallback copies, {file name: bytes}) of the image at `path`, smallest first."""
    data = Path(path).read_bytes()
    key = digest(data, widths)
    if cache is not None:
        found = _from_cache(Path(cache), key)
        if found is not None:
            return found
    webp, fallback, files = _make(data, key, widths)
    if cache is not None:
        _to_cache(Path(cache), key, webp, fallback, files)
    return webp, fallback, files


def _make(data: bytes, key: str, widths: tuple[int, ...]):
    with Image.open(io.BytesIO(data)) as original:
        original.load()
        image = ImageOps.exif_transpose(original)
    image = _to_srgb(image)
    transparent = _uses_transparency(image)
    image = image.convert("RGBA" if transparent else "RGB")
    image.info.clear()
    targets = sorted({min(width, image.width) for width in widths})
    fallback_ext = "png" if transparent else "jpg"
    webp, fallback, files = [], [], {}
    for width in targets:
        height = max(1, round(image.height * width / image.width))
        copy = image if width == image.width else image.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)
        copy.info.clear()
        for ext, found in (("webp", webp), (fallback_ext, fallback)):
            name = f"{key}-{width}.{ext}"
            files[name] = _encode(copy, ext)
            found.append(Variant(name, width, height, _MIME[ext]))
    return webp, fallback, files


def _encode(image: Image.Image, ext: str) -> bytes:
    buffer = io.BytesIO()
    if ext == "webp":
        image.save(buffer, "WEBP", exif=b"", icc_profile=None, **RECIPE["webp"])
    elif ext == "jpg":
        image.save(buffer, "JPEG", exif=b"", icc_profile=None, **RECIPE["jpeg"])
    else:
        image.save(buffer, "PNG", icc_profile=None, **RECIPE["png"])
    return buffer.getvalue()


def _to_srgb(image: Image.Image) -> Image.Image:
    """Pixels in sRGB: a colour profile is applied, then dropped; CMYK and palettes become RGB(A)."""
    profile = image.info.get("icc_profile")
    if image.mode == "P":
        image = image.convert("RGBA" if "transparency" in image.info else "RGB")
    if profile and image.mode in ("RGB", "RGBA", "CMYK", "L"):
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
            mode = "RGBA" if image.mode == "RGBA" else "RGB"
            converted = ImageCms.profileToProfile(image, source, ImageCms.createProfile("sRGB"), outputMode=mode)
            if converted is not None:
                return converted
        except (OSError, ValueError, TypeError, ImageCms.PyCMSError):
            pass  # an unusable profile: the pixels are taken as they are
    if image.mode not in ("RGB", "RGBA"):
        image = image.convert("RGBA" if image.mode in ("LA", "PA") else "RGB")
    return image


def _uses_transparency(image: Image.Image) -> bool:
    if image.mode not in ("RGBA", "LA", "PA"):
        return False
    low, _high = image.getchannel("A").getextrema()
    return low < 255


def _from_cache(cache: Path, key: str):
    folder = cache / key
    try:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        webp = [Variant(**item) for item in manifest["webp"]]
        fallback = [Variant(**item) for item in manifest["fallback"]]
        files = {variant.name: (folder / variant.name).read_bytes() for variant in webp + fallback}
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return webp, fallback, files


def _to_cache(cache: Path, key: str, webp, fallback, files) -> None:
    """Written to a temporary folder, then renamed: a build stopped half-way leaves no half entry."""
    staging = cache / ".tmp-none"
    try:
        cache.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(dir=cache, prefix=".tmp-"))
        for name, content in files.items():
            (staging / name).write_bytes(content)
        manifest = {"webp": [variant.__dict__ for variant in webp], "fallback": [variant.__dict__ for variant in fallback]}
        (staging / "manifest.json").write_text(json.dumps(manifest, sort_keys=True), encoding="utf-8")
        os.replace(staging, cache / key)
    except OSError:
        shutil.rmtree(staging, ignore_errors=True)  # another build wrote it first, or the cache is read-only: the copies are still returned
