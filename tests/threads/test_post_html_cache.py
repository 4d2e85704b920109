"""A thread page renders each post's template once per set of inputs, then reads the cache."""

from django.urls import reverse

from colleges.threads import presenters, services
from tests.factories import UserFactory, make_member


def test_a_second_view_renders_no_post_template_and_changes_show(
    client, thread, college, facilitator, monkeypatch
):
    reader = make_member(college, UserFactory()).user
    for i in range(3):
        services.create_post(thread=thread, author=facilitator, body=f"Message numéro {i}.")
    rendered = []
    real = presenters.render_post

    def counting(post):
        rendered.append(post.pk)
        return real(post)

    monkeypatch.setattr(presenters, "render_post", counting)
    client.force_login(reader)
    url = reverse("colleges:thread_detail", args=[thread.pk])
    first = client.get(url).content.decode()
    assert len(rendered) == 4
    # The first view marked everything read: the "unread" badges go, so the HTML changes once.
    client.get(url)
    rendered.clear()
    third = client.get(url).content.decode()
    assert rendered == []
    assert "Message numéro 2." in third and "Message numéro 2." in first

    # An edit bumps the revision: that post, and only it, is rendered again.
    post = thread.posts.order_by("pk").last()
    services.edit_post(post=post, actor=facilitator, body="Message numéro 2, corrigé.")
    html = client.get(url).content.decode()
    assert rendered == [post.pk]
    assert "Message numéro 2, corrigé." in html

    # A renamed author (or an erased account) never shows under the old name.
    facilitator.first_name, facilitator.last_name = "Nouveau", "Nom"
    facilitator.save()
    rendered.clear()
    html = client.get(url).content.decode()
    assert "Nouveau Nom" in html and len(rendered) == 4


def test_readers_with_other_rights_get_their_own_html(client, thread, college, facilitator):
    post = services.create_post(thread=thread, author=facilitator, body="À masquer.")
    member = make_member(college, UserFactory()).user
    url = reverse("colleges:thread_detail", args=[thread.pk])
    client.force_login(facilitator)
    assert "Modifier" in client.get(url).content.decode()
    client.force_login(member)
    html = client.get(url).content.decode()
    assert f'id="message-{post.pk}"' in html and "Modifier" not in html and "Signaler" in html
