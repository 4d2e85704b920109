"""A request or a position started from a thread links to it, and the thread lists them."""

import re

import pytest
from django.urls import reverse

from club.core.domain import DomainError
from colleges.threads.models import Thread
from proposals.models import ChangeRequest
from tests.factories import make_member
from tests.proposals.factories import make_request
from tests.proposals.test_views import form_data
from tests.threads.factories import make_facilitator, make_theme, make_thread


@pytest.fixture
def vendors_thread(other_college, staff):
    facilitator = make_facilitator(other_college, staff=staff)
    return make_thread(make_theme(other_college, facilitator), facilitator, title="Fil éditeurs")


def selected_college(html: str) -> str | None:
    select = re.search(r'<select name="college".*?</select>', html, re.S).group(0)
    match = re.search(r'<option value="(\d+)"[^>]*selected', select)
    return match.group(1) if match else None


def test_the_create_page_prefills_the_thread_and_its_college(
    client, member, other_college, staff, vendors_thread
):
    make_member(other_college, user=member, staff=staff)
    client.force_login(member)
    html = client.get(reverse("proposals:create") + f"?thread={vendors_thread.pk}").content.decode()
    assert f'name="source_thread_id" value="{vendors_thread.pk}"' in html
    assert selected_college(html) == str(other_college.pk)
    assert reverse("colleges:thread_detail", args=[vendors_thread.pk]) in html


def test_a_thread_the_person_may_not_read_is_not_linked(client, member, vendors_thread, college):
    client.force_login(member)
    html = client.get(reverse("proposals:create") + f"?thread={vendors_thread.pk}").content.decode()
    hidden = re.search(r'<input type="hidden" name="source_thread_id"[^>]*>', html).group(0)
    assert "value=" not in hidden
    assert "pas accessible" in html
    # Forcing the hidden field does not help either.
    response = client.post(
        reverse("proposals:create"), form_data(college, source_thread_id=str(vendors_thread.pk))
    )
    assert response.status_code == 400
    assert not ChangeRequest.objects.exists()
    with pytest.raises(DomainError):
        make_request(member, college, source_thread=vendors_thread)


def test_the_request_page_links_back_to_the_thread(client, member, college, thread):
    request = make_request(member, college, source_thread=thread)
    client.force_login(member)
    html = client.get(request.get_absolute_url()).content.decode()
    assert reverse("colleges:thread_detail", args=[thread.pk]) in html and thread.title in html


def test_a_deleted_thread_leaves_the_request(member, college, thread):
    request = make_request(member, college, source_thread=thread)
    thread.posts.all().delete()
    Thread.objects.filter(pk=thread.pk).delete()
    request.refresh_from_db()
    assert request.source_thread is None


def test_the_thread_page_lists_its_requests_in_constant_queries(
    client, member, college, thread, django_assert_max_num_queries
):
    client.force_login(member)
    url = reverse("colleges:thread_detail", args=[thread.pk])

    def file(n):
        for i in range(n):
            make_request(
                member, college, title=f"Demande issue du fil n° {i}", source_thread=thread
            )

    file(2)
    client.get(url)  # first visit marks the thread read
    with django_assert_max_num_queries(40) as small:
        html = client.get(url).content.decode()
    assert html.count("Demande issue du fil n°") == 2
    file(4)
    with django_assert_max_num_queries(len(small.captured_queries)):
        html = client.get(url).content.decode()
    assert html.count("Demande issue du fil n°") == 6
    make_request(member, college, title="Brouillon du fil", source_thread=thread, submit=False)
    assert "Brouillon du fil" not in client.get(url).content.decode()
