"""Is a contributor's image publishable? Every refusal is a French sentence saying what to do.

A file is accepted when it lies in the record's own folder (a plain name, no
folder, no `..`, no symbolic link), is at most `MAX_BYTES` and `MAX_PIXELS`,
and its content (not its name) is a JPEG, PNG or WebP image that decodes
completely. Pillow reads the header first: a huge declared size is refused
before any pixel is decoded (decompression bombs).
"""

from __future__ import annotations

import warnings
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from annuaire.images import IMAGE_SUFFIXES, image_entries
from annuaire.problems import Problem, display_path
from annuaire.records.identifiers import suggestion

MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000
FORMATS = ("JPEG", "PNG", "WEBP")
_FORMAT_NAMES = {"GIF": "GIF", "TIFF": "TIFF", "BMP": "BMP", "ICO": "ICO", "PPM": "PPM", "PSD": "Photoshop", "JPEG2000": "JPEG 2000"}
_RESAVE = "ouvrez-la dans un logiciel d'images et enregistrez-la en JPEG (photo) ou en PNG (logo)"


def check_image(folder: Path, name: str) -> str | None:
    """Why the image `name` of a record in `folder` cannot be published, or None when it can."""
    if not name.strip() or "/" in name or "\\" in name or name in (".", "..") or name.startswith("."):
        return (f"« {name} » n'est pas un nom de fichier accepté : posez l'image à côté de la fiche, dans le même dossier, "
                "et donnez seulement son nom, sans dossier ni « .. » (par exemple « logo.png »)")
    path = folder / name
    if path.is_symlink():
        return f"« {name} » est un lien symbolique : posez le fichier de l'image lui-même à côté de la fiche"
    if not path.exists():
        return f"fichier « {name} » introuvable à côté de la fiche (dossier {display_path(folder)}/){_close_name(folder, name)}"
    if not path.is_file() or path.resolve().parent != folder.resolve():
        return f"« {name} » n'est pas un fichier posé à côté de la fiche"
    size = path.stat().st_size
    if size > MAX_BYTES:
        return (f"image trop lourde ({_megabytes(size)} Mo ; {_megabytes(MAX_BYTES)} Mo au plus) : réduisez-la "
                "(2000 pixels de large suffisent) ou enregistrez-la en JPEG de qualité 80")
    with path.open("rb") as file:
        head = file.read(1024)
    if _looks_like_svg(head, name):
        return ("image SVG refusée : un SVG peut contenir du code et n'a pas de taille en pixels ; "
                "exportez-la en PNG (au moins 640 pixels de large) depuis votre logiciel de dessin")
    return _decode_problem(path)


def _decode_problem(path: Path) -> str | None:
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(path, formats=FORMATS) as image:
                pixels = image.width * image.height
                if pixels > MAX_PIXELS:
                    return _too_large(image.width, image.height)
                if image.format == "JPEG":
                    image.draft(image.mode, (image.width // 8, image.height // 8))  # every byte read, an eighth of the pixels made
                image.load()
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            return _too_large(*_declared_size(path))
        except UnidentifiedImageError:
            return _not_an_image(path)
        except (OSError, ValueError, SyntaxError, EOFError):
            return f"image illisible ou abîmée (fichier incomplet ?) : {_RESAVE}"
    return None


def _declared_size(path: Path) -> tuple[int, int]:
    """The size the header declares, read without the pixel limit (nothing is decoded)."""
    limit, Image.MAX_IMAGE_PIXELS = Image.MAX_IMAGE_PIXELS, None
    try:
        with Image.open(path, formats=FORMATS) as image:
            return image.width, image.height
    except Exception:  # only for the message: the image is refused anyway
        return 0, 0
    finally:
        Image.MAX_IMAGE_PIXELS = limit


def _too_large(width: int, height: int) -> str:
    size = f"{width} × {height} pixels, " if width else ""
    return (f"image trop grande ({size}{MAX_PIXELS // 1_000_000} millions de pixels au plus) : "
            "réduisez-la (2000 pixels de large suffisent pour le site)")


def _not_an_image(path: Path) -> str:
    """Name the real format when Pillow knows it (GIF, TIFF...), else say it is no image."""
    try:
        with Image.open(path) as image:
            found = _FORMAT_NAMES.get(image.format, image.format)
    except Exception:  # any failure means: not an image Pillow knows
        found = None
    if found:
        return f"image {found} refusée : seuls les formats JPEG, PNG et WebP sont acceptés ; {_RESAVE}"
    return ("ce fichier n'est pas une image JPEG, PNG ou WebP (son contenu a été vérifié, pas seulement son nom) : "
            f"{_RESAVE}")


def _looks_like_svg(head: bytes, name: str) -> bool:
    if name.lower().endswith((".svg", ".svgz")):
        return True
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return text.startswith(b"<") and b"<svg" in text


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".replace(".", ",").replace(",0", "")


def _close_name(folder: Path, name: str) -> str:
    """« ; vouliez-vous dire « logo.png » ? » when an image of the folder has a close name."""
    names = sorted(path.name for path in folder.iterdir() if path.suffix.lower() in IMAGE_SUFFIXES) if folder.is_dir() else []
    close = suggestion(name, {other: other for other in names})
    return f" ; vouliez-vous dire « {close} » ?" if close else " : vérifiez son nom, majuscules comprises"


def check(sources: dict, data_path: Path, folders: dict[str, str]) -> list[Problem]:
    """Every image problem of the records (`sources` by type), and every image of their folders that no record cites.

    `folders` gives each type's folder name in `data_path`.
    """
    problems = []
    for kind, folder_name in folders.items():
        folder = Path(data_path) / folder_name
        cited = set()
        for source in sources.get(kind) or []:
            for path, entry in image_entries(kind, source.data):
                name = entry.get("fichier")
                if not isinstance(name, str):
                    continue
                cited.add(name)
                message = check_image(folder, name)  # even in a record that failed its schema: all problems at once
                if message:
                    problems.append(source.problem((*path, "fichier"), message))
        problems += _uncited(folder, cited)
    return problems


def _uncited(folder: Path, cited: set[str]) -> list[Problem]:
    if not folder.is_dir():
        return []
    return [
        Problem(display_path(path), 0, "", "image citée par aucune fiche : nommez-la dans le champ « logo » d'une organisation "
                "ou « photos » d'une offre ou d'un besoin (champ « fichier »), ou retirez-la du dossier")
        for path in sorted(folder.iterdir())
        if path.suffix.lower() in IMAGE_SUFFIXES and path.name not in cited and not path.name.startswith(".")
    ]
