import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from colleges.models import College
from colleges.threads.models import ModerationAction, Post, Theme, Thread

pytestmark = pytest.mark.django_db


def test_demo_threads_are_idempotent_and_every_page_renders():
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    counts = (Theme.objects.count(), Thread.objects.count(), Post.objects.count())
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert (Theme.objects.count(), Thread.objects.count(), Post.objects.count()) == counts
    assert set(Theme.objects.values_list("college__slug", flat=True)) == set(
        College.objects.values_list("slug", flat=True)
    )
    assert Post.objects.filter(is_hidden=True).exists()
    assert ModerationAction.objects.filter(action="lock").exists()
    assert Theme.objects.filter(title="Factures de travaux : circuit A4 / A15 / A19").exists()

    client = Client()
    client.force_login(
        Post.objects.get(
            is_hidden=False, thread__title__contains="A19", author__email__startswith="marc"
        ).author
    )
    for theme in Theme.objects.filter(college__slug__in=["fournisseurs", "pleniere"]):
        assert (
            client.get(reverse("colleges:theme_detail", kwargs={"pk": theme.pk})).status_code == 200
        )
    for thread in Thread.objects.filter(college__slug__in=["fournisseurs", "pleniere"]):
        assert (
            client.get(reverse("colleges:thread_detail", kwargs={"pk": thread.pk})).status_code
            == 200
        )
