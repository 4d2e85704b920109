"""Reactions on posts: counted and signed, one per person and kind, by those who may post,
never on a hidden post, without a notification, by a form that works without a script."""

import pytest
from django.urls import reverse

from club.core.domain import DomainError
from club.core.notifications.models import Notification
from colleges.threads import services
from colleges.threads.models import Reaction
from tests.factories import make_member

pytestmark = pytest.mark.django_db


def _react(client, post, kind="agree", on="1"):
    return client.post(
        reverse("colleges:post_react", kwargs={"pk": post.pk}), {"kind": kind, "on": on}
    )


def test_a_member_reacts_without_a_script_and_everyone_sees_who(
    client, thread, member, facilitator, college, staff
):
    post = thread.posts.get()
    other = make_member(college, staff=staff).user
    client.force_login(member)
    notices = Notification.objects.count()
    response = _react(client, post, "agree")
    assert response.status_code == 302 and response["Location"] == post.get_absolute_url()
    _react(client, post, "agree")  # the same form sent twice: still one
    _react(client, post, "thanks")
    assert Reaction.objects.filter(post=post, user=member).count() == 2
    services.set_reaction(post=post, user=other, kind="agree", on=True)
    # A nod is not a message: nobody is notified (the author least of all).
    assert Notification.objects.count() == notices

    page = client.get(reverse("colleges:thread_detail", kwargs={"pk": thread.pk})).content.decode()
    assert "D&#x27;accord&nbsp;·&nbsp;2" in page or "D'accord&nbsp;·&nbsp;2" in page
    assert "Merci&nbsp;·&nbsp;1" in page
    assert member.get_full_name() in page and other.get_full_name() in page
    assert 'aria-pressed="true"' in page

    # Toggled back by the same form, with on=0.
    _react(client, post, "agree", on="0")
    assert not Reaction.objects.filter(post=post, user=member, kind="agree").exists()
    assert Reaction.objects.filter(post=post, kind="agree").count() == 1


def test_the_page_shows_the_new_reaction_despite_the_post_html_cache(client, thread, member):
    post = thread.posts.get()
    client.force_login(member)
    url = reverse("colleges:thread_detail", kwargs={"pk": thread.pk})
    assert "Merci&nbsp;·&nbsp;1" not in client.get(url).content.decode()
    _react(client, post, "thanks")
    assert "Merci&nbsp;·&nbsp;1" in client.get(url).content.decode()


def test_only_those_who_may_post_react(client, thread, outsider, member, facilitator):
    post = thread.posts.get()
    # A member of another college does not even see the post.
    client.force_login(outsider)
    assert _react(client, post).status_code == 404
    # Anonymous readers are sent to log in.
    client.logout()
    assert _react(client, post).status_code == 302
    assert not Reaction.objects.exists()
    # A locked thread: members may no longer post, so no longer react.
    services.set_thread_flag(thread=thread, actor=facilitator, action="lock", reason="Clos")
    client.force_login(member)
    assert _react(client, post).status_code == 403
    with pytest.raises(DomainError):
        services.set_reaction(post=post, user=member, kind="agree", on=True)
    assert not Reaction.objects.exists()


def test_a_hidden_post_takes_no_reaction(client, thread, member, facilitator):
    post = services.create_post(thread=thread, author=facilitator, body="À masquer")
    services.hide_post(post=post, actor=facilitator, reason="Hors sujet")
    client.force_login(member)
    _react(client, post)
    assert not Reaction.objects.exists()
    with pytest.raises(DomainError):
        services.set_reaction(post=post, user=member, kind="agree", on=True)
    page = client.get(reverse("colleges:thread_detail", kwargs={"pk": thread.pk})).content.decode()
    assert f'action="{reverse("colleges:post_react", kwargs={"pk": post.pk})}"' not in page


def test_an_unknown_kind_is_refused(thread, member):
    with pytest.raises(DomainError):
        services.set_reaction(post=thread.posts.get(), user=member, kind="boo", on=True)


def test_the_database_refuses_a_second_identical_reaction(thread, member):
    from django.db import IntegrityError, transaction

    post = thread.posts.get()
    Reaction.objects.create(post=post, user=member, kind="agree")
    with pytest.raises(IntegrityError), transaction.atomic():
        Reaction.objects.create(post=post, user=member, kind="agree")


def test_reactions_are_exported_and_erased_with_the_account(thread, member):
    from colleges.threads import personal_data

    services.set_reaction(post=thread.posts.get(), user=member, kind="thanks", on=True)
    exported = personal_data.export(member)["reactions"]
    assert [(r["fil"], r["reaction"]) for r in exported] == [(thread.title, "Merci")]
    personal_data.erase(member)
    assert not Reaction.objects.filter(user=member).exists()
