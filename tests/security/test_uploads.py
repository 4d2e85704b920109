"""Uploads are judged by their content, not their name, and served so browsers never run them."""

import io
import struct
import zlib
from html import unescape

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image
from wagtail.documents import get_document_model
from wagtail.documents.forms import get_document_form

from colleges.threads.models import Attachment, Post
from proposals.ipm.models import MeetingDocument
from proposals.ipm.validators import check_document
from proposals.models import ChangeRequest
from proposals.validators import check_screenshot
from tests.security.world import PDF

pytestmark = pytest.mark.django_db

HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>'
HOSTILE = {"html": HTML, "svg": SVG}


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("kind", HOSTILE)
def test_thread_attachment_renamed_png_is_refused_and_nothing_stored(world, kind):
    client = signed_in(world.users["member"])
    posts, attachments = Post.objects.count(), Attachment.objects.count()
    fake = SimpleUploadedFile("capture.png", HOSTILE[kind], content_type="image/png")
    response = client.post(
        reverse("colleges:post_create", args=[world.thread.pk]),
        {"body": "Voici la capture", "attachment": fake},
    )
    assert response.status_code == 400
    assert "n'est pas une image PNG, JPEG ou WebP" in response.content.decode().replace(
        "&#x27;", "'"
    )
    assert (Post.objects.count(), Attachment.objects.count()) == (posts, attachments)


@pytest.mark.parametrize("kind", HOSTILE)
def test_request_screenshot_renamed_png_is_refused(world, kind):
    upload = SimpleUploadedFile("capture.png", HOSTILE[kind], content_type="image/png")
    with pytest.raises(ValidationError):
        check_screenshot(upload)
    client = signed_in(world.users["member"])
    requests = ChangeRequest.objects.count()
    upload.seek(0)
    response = client.post(
        reverse("proposals:create"),
        {"title": "Un titre", "college": world.college.pk, "screenshots": upload},
    )
    assert response.status_code == 400
    assert "PNG, JPEG ou WebP" in response.content.decode()
    assert ChangeRequest.objects.count() == requests


@pytest.mark.parametrize("kind", HOSTILE)
def test_working_group_document_renamed_pdf_is_refused(kind):
    upload = SimpleUploadedFile("compte-rendu.pdf", HOSTILE[kind], content_type="application/pdf")
    with pytest.raises(ValidationError, match="Format non accepté"):
        check_document(upload)


@pytest.mark.parametrize("name", ["guide.pdf", "tableau.xlsx", "note.odt"])
@pytest.mark.parametrize("kind", HOSTILE)
def test_wagtail_document_renamed_is_refused(world, name, kind):
    form_class = get_document_form(get_document_model())
    upload = SimpleUploadedFile(name, HOSTILE[kind])
    form = form_class(
        data={"title": "Guide", "collection": world.wagtail_document.collection_id},
        files={"file": upload},
        user=superuser(),
    )
    assert not form.is_valid()
    assert "Format non accepté" in str(form.errors["file"])


def test_wagtail_document_with_real_content_is_accepted(world):
    form_class = get_document_form(get_document_model())
    form = form_class(
        data={"title": "Guide", "collection": world.wagtail_document.collection_id},
        files={"file": SimpleUploadedFile("guide.pdf", PDF)},
        user=superuser(),
    )
    assert form.is_valid(), form.errors


def superuser():
    from tests.factories import UserFactory

    return UserFactory(is_staff=True, is_superuser=True)


def served(world, role, url):
    user = world.users[role]
    response = (signed_in(user) if user else Client()).get(url)
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    return response, body


def test_thread_attachment_is_served_inline_safe(world):
    url = reverse("colleges:post_attachment", args=[world.thread.pk, world.attachment.token])
    response, body = served(world, "member", url)
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert (
        response["Content-Disposition"] == f'inline; filename="capture-{world.attachment.pk}.png"'
    )
    assert body.startswith(b"\x89PNG")


def test_request_screenshot_is_served_inline_safe(world):
    url = reverse("proposals:screenshot", args=[world.screenshot.pk])
    response, body = served(world, "anonymous", url)
    assert body.startswith(b"\x89PNG")
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert (
        response["Content-Disposition"] == f'inline; filename="capture-{world.screenshot.pk}.png"'
    )


def test_working_group_document_is_served_as_a_download(world):
    document = MeetingDocument.objects.get(pk=world.document.pk)
    response, body = served(
        world, "delegate", reverse("proposals:ipm_document", args=[document.pk])
    )
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")
    assert body == PDF


def test_wagtail_document_is_served_with_nosniff_and_no_embedded_content(world):
    doc = world.wagtail_document
    response, body = served(
        world, "anonymous", reverse("wagtaildocs_serve", args=[doc.pk, "guide.pdf"])
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'"
    assert response["Content-Disposition"].split(";")[0] in ("attachment", "inline")
    assert body == PDF


# --- Images that cost more to decode than they weigh (issue 20.8) ------------------------------


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def declared_png(width: int, height: int, *, rows: int = 2400) -> bytes:
    """A well-formed PNG header declaring width × height pixels, with a few compressed rows of
    zeros: the 48 KB file that once declared 400 megapixels and was shown inline."""
    raw = (b"\x00" + b"\x00" * width) * rows
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
        + _png_chunk(b"IDAT", zlib.compress(raw, 9))
        + _png_chunk(b"IEND", b"")
    )


def pillow_image(format: str, width: int, height: int, **options) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height)).save(out, format=format, **options)
    return out.getvalue()


BOMB = declared_png(20_000, 20_000)
TOO_WIDE = pillow_image("PNG", 20_000, 10)  # 0.2 megapixels, but wider than any canvas
ANIMATED = b""  # built once, below: three 3000 × 3000 frames, 27 megapixels in all


def _animated() -> bytes:
    global ANIMATED
    if not ANIMATED:
        frames = [Image.new("RGB", (3000, 3000), (i, 0, 0)) for i in range(3)]
        out = io.BytesIO()
        frames[0].save(out, format="PNG", save_all=True, append_images=frames[1:])
        ANIMATED = out.getvalue()
    return ANIMATED


def test_the_bomb_is_small_and_declares_400_megapixels():
    assert len(BOMB) < 64 * 1024
    assert struct.unpack(">II", BOMB[16:24]) == (20_000, 20_000)  # IHDR: width, height


@pytest.mark.parametrize(
    ("content", "message"),
    [
        # Beyond twice its own limit Pillow refuses to report the size: the message says so.
        (BOMB, "annonce une taille démesurée"),
        (declared_png(6_000, 6_000, rows=10), "mesure 6000 × 6000 pixels"),
        (TOO_WIDE, "mesure 20000 × 10 pixels"),
        (pillow_image("PNG", 300, 200)[:80], "endommagée ou illisible"),
    ],
)
def test_thread_attachment_too_big_to_decode_is_refused_with_a_message(world, content, message):
    client = signed_in(world.users["member"])
    posts, attachments = Post.objects.count(), Attachment.objects.count()
    response = client.post(
        reverse("colleges:post_create", args=[world.thread.pk]),
        {"body": "Voici la capture", "attachment": SimpleUploadedFile("ecran.png", content)},
    )
    assert response.status_code == 400
    page = unescape(response.content.decode())
    assert message in page
    assert "« ecran.png »" in page
    assert (Post.objects.count(), Attachment.objects.count()) == (posts, attachments)


def test_animation_whose_frames_add_up_is_refused():
    upload = SimpleUploadedFile("anime.png", _animated())
    with pytest.raises(ValidationError, match="mesure 3000 × 3000 pixels"):
        check_screenshot(upload)


def test_request_screenshot_bomb_is_refused_through_the_page(world):
    with pytest.raises(ValidationError, match="taille démesurée"):
        check_screenshot(SimpleUploadedFile("ecran.png", BOMB))
    client = signed_in(world.users["member"])
    requests = ChangeRequest.objects.count()
    response = client.post(
        reverse("proposals:create"),
        {
            "title": "Un titre",
            "college": world.college.pk,
            "screenshots": SimpleUploadedFile("ecran.png", BOMB),
        },
    )
    assert response.status_code == 400
    assert "« ecran.png » annonce une taille démesurée" in unescape(response.content.decode())
    assert ChangeRequest.objects.count() == requests


def test_working_group_image_bomb_is_refused():
    with pytest.raises(ValidationError, match="taille démesurée"):
        check_document(SimpleUploadedFile("schema.png", BOMB))
    with pytest.raises(ValidationError, match="20000 × 10"):
        check_document(SimpleUploadedFile("schema.png", TOO_WIDE))


def test_wagtail_image_bomb_is_refused(world):
    from wagtail.images import get_image_model
    from wagtail.images.forms import get_image_form

    form_class = get_image_form(get_image_model())
    collection = world.wagtail_document.collection_id
    form = form_class(
        data={"title": "Schéma", "collection": collection},
        files={"file": SimpleUploadedFile("schema.png", TOO_WIDE)},
        user=superuser(),
    )
    assert not form.is_valid()
    assert "20000 × 10" in str(form.errors["file"])
    form = form_class(
        data={"title": "Schéma", "collection": collection},
        files={"file": SimpleUploadedFile("schema.png", pillow_image("PNG", 1200, 800))},
        user=superuser(),
    )
    assert form.is_valid(), form.errors


@pytest.mark.parametrize(
    ("format", "size"), [("PNG", (5120, 2880)), ("JPEG", (4000, 3000)), ("WEBP", (1920, 8000))]
)
def test_large_but_reasonable_screenshots_are_accepted(format, size):
    upload = SimpleUploadedFile("ecran", pillow_image(format, *size))
    check_screenshot(upload)
    assert upload.checked_content_type == f"image/{format.lower()}"


def test_wagtail_and_our_limits_agree(settings):
    from club.core.images import MAX_PIXELS

    assert settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS == MAX_PIXELS
