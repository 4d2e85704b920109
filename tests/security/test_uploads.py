"""Uploads are judged by their content, not their name, and served so browsers never run them."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
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
