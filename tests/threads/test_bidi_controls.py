"""Bidirectional controls (U+202E and the others) never reach what the club stores or shows.

"facture\u202efdp.exe" reads "factureexe.pdf" in a list, a <title> and an e-mail subject, where
no markup can isolate it. One middleware removes them from every input (club/core/text.py).
"""

import json

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from club.core.text import BIDI_CONTROLS, strip_bidi_controls
from colleges.threads.models import Attachment, Post, Thread
from tests.api.conftest import API, token_client
from tests.threads.factories import make_theme, png_bytes

pytestmark = pytest.mark.django_db

SPOOF = "facture\u202efdp.exe"
EVERY = "a" + "b".join(BIDI_CONTROLS) + "z"


def test_every_bidi_control_is_removed_and_other_scripts_kept():
    assert strip_bidi_controls(EVERY) == "a" + "b" * (len(BIDI_CONTROLS) - 1) + "z"
    assert strip_bidi_controls("עברית مرحبا 😀") == "עברית مرحبا 😀"


def test_thread_title_post_and_file_name_from_the_site(client, college, facilitator, member):
    college.members_may_open_threads = True
    college.save()
    theme = make_theme(college, facilitator)
    client.force_login(facilitator)
    response = client.post(
        reverse("colleges:thread_create", args=[theme.pk]),
        {"title": SPOOF, "body": f"Voir {SPOOF}", "tags": "rejet\u202e"},
    )
    assert response.status_code == 302, response.content
    thread = Thread.objects.get()
    assert thread.title == "facturefdp.exe"
    assert thread.posts.get().body == "Voir facturefdp.exe"
    page = client.get(reverse("colleges:thread_detail", args=[thread.pk])).content.decode()
    assert "\u202e" not in page
    client.force_login(member)
    mail.outbox.clear()
    upload = SimpleUploadedFile("ecran\u202egnp.exe", png_bytes(), content_type="image/png")
    client.post(
        reverse("colleges:post_create", args=[thread.pk]),
        {"body": "Capture\u2066 jointe\u2069", "attachment": upload},
    )
    post = Post.objects.latest("pk")
    assert post.body == "Capture jointe"
    assert Attachment.objects.get(post=post).original_name == "ecrangnp.exe"
    assert all(not set(BIDI_CONTROLS) & set(message.subject) for message in mail.outbox)


def test_json_bodies_of_the_api_written_with_escapes(college, facilitator, member):
    theme = make_theme(college, facilitator)
    payload = json.dumps({"title": SPOOF, "body": "Texte\u202d", "tags": ["api\u202e"]})
    assert "\\u202e" in payload  # json.dumps escapes them: the middleware must read JSON
    response = token_client(facilitator).post(
        f"{API}/themes/{theme.pk}/threads", json.loads(payload)
    )
    assert response.status_code == 201, response.content
    thread = Thread.objects.get()
    assert thread.title == "facturefdp.exe" and thread.posts.get().body == "Texte"


def test_query_strings_are_cleaned_too(client):
    response = client.get("/recherche/", {"q": "rejet\u202e"})
    assert response.status_code == 200
    assert response.context["form"]["q"].value() == "rejet"


def test_e_mail_subjects_of_titles_stored_before_the_cleaning(member):
    from club.core.notifications.emails import build_message
    from club.core.notifications.models import EmailDelivery

    delivery = EmailDelivery.objects.create(
        recipient=member, idempotency_key="notice:bidi", kinds=[], subject=f"Nouveau fil : {SPOOF}"
    )
    assert build_message(delivery).subject.endswith("Nouveau fil : facturefdp.exe")
