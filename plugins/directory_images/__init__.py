"""Pelican plugin: the responsive copies of the records' logos and photos (`annuaire.images`).

The images were checked with the records (`annuaire.images.checks`, run by the
loader: any problem stops the build before this runs). Here each one becomes
a few widths of WebP plus a JPEG or PNG fallback, without metadata, under
`IMAGES_SAVE_AS` with content-hashed names; the copies are kept in
`IMAGES_CACHE_PATH` between builds. Each record with images gets
`record.pictures`, a list of `annuaire.images.responsive.Picture` (a logo:
one), which `theme/templates/_pictures.html` shows. A record without images
gets nothing, and its page is the same as without this plugin.
"""

from __future__ import annotations

import logging
from pathlib import Path

from pelican.generators import Generator

from annuaire.images import IMAGE_FIELDS, image_entries
from annuaire.images.responsive import LOGO_WIDTHS, PHOTO_WIDTHS, Picture, responsive
from annuaire.pelican_plugin import DirectoryPlugin
from annuaire.publish.output import write_bytes
from annuaire.record_types import BY_NAME
from annuaire.settings import CHECKOUT, Setting

NAME = "directory_images"
logger = logging.getLogger(__name__)

SETTINGS = (
    Setting("IMAGES_SAVE_AS", "images/", "folder of the site for the copies of the logos and photos (content-hashed names)"),
    Setting("IMAGES_CACHE_PATH", None, "folder keeping the copies between builds; None: .cache/images beside the package; '': no cache"),
)


def cache_folder(settings: dict) -> Path | None:
    value = settings.get("IMAGES_CACHE_PATH")
    if value == "":
        return None
    return Path(value) if value else CHECKOUT / ".cache" / "images"


class DirectoryImagesGenerator(Generator):
    def generate_context(self):
        directory = self.context["directory"]
        data_path = Path(self.settings["ANNUAIRE_DATA_PATH"])
        prefix = self.settings["IMAGES_SAVE_AS"]
        cache = cache_folder(self.settings)
        self.files: dict[str, bytes] = {}
        count = 0
        for kind, (_field, many) in IMAGE_FIELDS.items():
            folder = data_path / BY_NAME[kind].folder
            widths = PHOTO_WIDTHS if many else LOGO_WIDTHS
            for record in directory.records[kind]:
                pictures = []
                for _path, entry in image_entries(kind, record.data):
                    webp, fallback, files = responsive(folder / entry["fichier"], widths, cache)
                    self.files.update(files)
                    pictures.append(Picture(tuple(webp), tuple(fallback), entry["texte"], entry.get("legende", ""), prefix))
                    count += 1
                if pictures:
                    record.pictures = pictures
        if count:
            logger.info("%s: %d images, %d fichiers", NAME, count, len(self.files))

    def generate_output(self, writer):
        prefix = self.settings["IMAGES_SAVE_AS"]
        for name, content in sorted(self.files.items()):
            write_bytes(self.output_path, prefix + name, content, NAME)


PLUGIN = DirectoryPlugin(NAME, SETTINGS, generator=DirectoryImagesGenerator)
register = PLUGIN.register
