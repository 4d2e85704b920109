"""Images that people upload: refused when a browser (or our own code) could not afford them.

A few kilobytes of PNG can declare 20000 × 20000 pixels: 400 megapixels, more than 1.5 GB once
decoded, in every reader's browser when the image is shown inline. The header is read (never the
pixels) and both the sides and the area are capped; malformed files, compressed text chunks that
inflate beyond Pillow's limits and animations whose frames add up are refused the same way.
Every image upload goes through `image_problem`: thread attachments, change-request screenshots,
working-group documents and Wagtail's images.
"""

import warnings

from django.utils.translation import gettext as _
from PIL import Image

# Browsers stop drawing canvases beyond 16,384 px a side; 25 megapixels is a 6K screen capture
# with room to spare, and about 100 MB once decoded.
MAX_SIDE = 16_384
MAX_PIXELS = 25_000_000


def _too_big(name: str, width: int | None = None, height: int | None = None) -> str:
    limits = {"side": MAX_SIDE, "megapixels": MAX_PIXELS // 1_000_000}
    if width and height:
        return _(
            "« %(name)s » mesure %(width)d × %(height)d pixels : une image ne doit pas dépasser "
            "%(side)d pixels de côté ni %(megapixels)d mégapixels. Réduisez-la."
        ) % {"name": name, "width": width, "height": height, **limits}
    return _(
        "« %(name)s » annonce une taille démesurée : une image ne doit pas dépasser "
        "%(side)d pixels de côté ni %(megapixels)d mégapixels. Réduisez-la."
    ) % {"name": name, **limits}


def image_problem(upload, name: str = "") -> str | None:
    """Why this upload is not an image we accept, in words for a person; None when it is."""
    name = name or getattr(upload, "name", "") or ""
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            # Pillow only warns between its limit and twice it: make it an error throughout.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                width, height = image.size
                frames = getattr(image, "n_frames", 1) or 1
                if (
                    width > MAX_SIDE
                    or height > MAX_SIDE
                    or width * height > MAX_PIXELS
                    or width * height * frames > MAX_PIXELS
                ):
                    return _too_big(name, width, height)
                image.verify()  # chunk checksums and structure, without decoding the pixels
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return _too_big(name)
    except Exception:  # Pillow's parsers raise many kinds of error on hostile input
        return _("« %(name)s » est une image endommagée ou illisible.") % {"name": name}
    finally:
        upload.seek(0)
    return None
