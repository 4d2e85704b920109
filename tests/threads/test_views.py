"""Pages by role, forms without JavaScript, attachments served safely, constant query counts."""

import pytest
from django.urls import reverse

from colleges.models import Charter
from colleges.threads import services
from colleges.threads.models import Attachment, Post
from tests.factories import make_member
from tests.threads.factories import (
    fake_png_upload,
    huge_png_upload,
    make_facilitator,
    make_theme,
    make_thread,
    png_bytes,
    png_upload,
)

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "outsider", "member", "facilitator", "staff"]


@pytest.fixture
def people(member, outsider, facilitator, mfa_staff):
    return {
        "anonymous": None,
        "outsider": outsider,
        "member": member,
        "facilitator": facilitator,
        "staff": mfa_staff,
    }


@pytest.fixture
def world(college, theme, thread, member, facilitator):
    post = thread.posts.get()
    services.create_post(
        thread=thread, author=member, body="Capture jointe", attachments=[png_upload()]
    )
    attachment = Attachment.objects.get()
    services.edit_post(post=post, actor=facilitator, body="Premier message corrigé.")
    return {
        "college": college,
        "theme": theme,
        "thread": thread,
        "post": post,
        "attachment": attachment,
    }


def _urls(w):
    c, th, t, p, a = w["college"], w["theme"], w["thread"], w["post"], w["attachment"]
    return {
        "theme_list": reverse("colleges:theme_list", kwargs={"college_slug": c.slug}),
        "theme_detail": reverse("colleges:theme_detail", kwargs={"pk": th.pk}),
        "thread_detail": reverse("colleges:thread_detail", kwargs={"pk": t.pk}),
        "attachment": reverse("colleges:post_attachment", kwargs={"pk": t.pk, "token": a.token}),
        "theme_create": reverse("colleges:theme_create", kwargs={"college_slug": c.slug}),
        "theme_edit": reverse("colleges:theme_edit", kwargs={"pk": th.pk}),
        "theme_close": reverse("colleges:theme_close", kwargs={"pk": th.pk}),
        "thread_create": reverse("colleges:thread_create", kwargs={"pk": th.pk}),
        "moderation_queue": reverse("colleges:moderation_queue", kwargs={"college_slug": c.slug}),
        "moderation_hide_post": reverse("colleges:moderation_hide_post", kwargs={"pk": p.pk}),
        "moderation_lock": reverse(
            "colleges:moderation_thread", kwargs={"pk": t.pk, "action": "lock"}
        ),
        "moderation_move": reverse("colleges:moderation_move", kwargs={"pk": t.pk}),
        "moderation_log": reverse("colleges:moderation_log"),
        "post_edit": reverse("colleges:post_edit", kwargs={"pk": p.pk}),
        "post_history": reverse("colleges:post_history", kwargs={"pk": p.pk}),
        "post_report": reverse("colleges:post_report", kwargs={"pk": p.pk}),
        "thread_followed": reverse("colleges:thread_followed"),
    }


# Expected status for GET by role: anonymous always goes to the login page (302); an outsider
# gets 404 for what they may not see (the access_* helpers), 403 for what they see but may not do.
MATRIX = {
    #                      outsider member facilitator staff
    "theme_list": (404, 200, 200, 200),
    "theme_detail": (404, 200, 200, 200),
    "thread_detail": (404, 200, 200, 200),
    "attachment": (404, 200, 200, 200),
    "theme_create": (404, 403, 200, 200),
    "theme_edit": (404, 403, 200, 200),
    "theme_close": (404, 403, 200, 200),
    "thread_create": (404, 403, 200, 200),
    "moderation_queue": (404, 403, 200, 200),
    "moderation_hide_post": (404, 403, 200, 200),
    "moderation_lock": (404, 403, 200, 200),
    "moderation_move": (404, 403, 200, 200),
    "moderation_log": (403, 403, 200, 200),
    "post_edit": (404, 403, 200, 403),  # the post is the facilitator's own
    "post_history": (404, 403, 200, 200),
    "post_report": (404, 200, 403, 200),  # nobody reports their own post
    "thread_followed": (200, 200, 200, 200),
}


@pytest.mark.parametrize("view", sorted(MATRIX))
def test_every_view_by_role(client, world, people, view):
    url = _urls(world)[view]
    response = client.get(url)
    assert response.status_code == 302 and "/compte/login/" in response["Location"], view
    for role, expected in zip(ROLES[1:], MATRIX[view], strict=True):
        client.force_login(people[role])
        assert client.get(url).status_code == expected, (view, role)
        client.logout()


def test_moderation_needs_a_second_factor(client, world, college, staff):
    facilitator = make_facilitator(college, staff=staff, mfa=False)
    client.force_login(facilitator)
    response = client.get(_urls(world)["moderation_queue"])
    assert response.status_code == 302
    assert reverse("mfa_activate_totp") in response["Location"]


def test_member_posts_and_replies_without_javascript(client, thread, member, college):
    Charter.objects.create(
        college=college, version=1, title="Charte d'usage du collège", body="On reste courtois."
    )
    client.force_login(member)
    first = thread.posts.get()
    url = reverse("colleges:thread_detail", kwargs={"pk": thread.pk})
    page = client.get(url, {"reponse": first.pk, "citer": "1"})
    assert "&gt; Premier message." in page.content.decode()  # the quote pre-fills the textarea
    assert "Charte d" in page.content.decode()  # the charter is shown where members write
    response = client.post(
        reverse("colleges:post_create", kwargs={"pk": thread.pk}),
        {"body": "> cité\n\nJe confirme le rejet.", "reply_to": first.pk},
    )
    post = Post.objects.latest("pk")
    assert response.status_code == 302 and response["Location"].endswith(f"#message-{post.pk}")
    assert post.reply_to == first and post.author == member
    page = client.get(url).content.decode()
    assert "En réponse à" in page
    assert f"{reverse('proposals:create')}?thread={thread.pk}" in page


@pytest.mark.parametrize(
    ("upload", "message"),
    [(fake_png_upload, "n’est pas une image"), (huge_png_upload, "dépasse 5 Mo")],
)
def test_bad_attachment_is_refused_with_a_clear_message(client, thread, member, upload, message):
    client.force_login(member)
    response = client.post(
        reverse("colleges:post_create", kwargs={"pk": thread.pk}),
        {"body": "Mon texte à garder", "attachment": upload()},
    )
    assert response.status_code == 400
    content = response.content.decode().replace("&#x27;", "’").replace("'", "’")
    assert message in content
    assert "Mon texte à garder" in content
    assert Post.objects.count() == 1


def test_attachment_is_served_with_safe_headers_and_hidden_with_its_post(
    client, world, member, facilitator, college, staff
):
    url = _urls(world)["attachment"]
    client.force_login(member)
    response = client.get(url)
    assert b"".join(response.streaming_content) == png_bytes()
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith('inline; filename="capture-')
    services.hide_post(post=world["attachment"].post, actor=facilitator, reason="Donnée client")
    colleague = make_member(college, staff=staff).user
    client.force_login(colleague)
    assert client.get(url).status_code == 404
    client.force_login(member)  # the author still sees it
    assert client.get(url).status_code == 200
    wrong_thread = url.replace(f"/fils/{world['thread'].pk}/", "/fils/999999/")
    assert client.get(wrong_thread).status_code == 404


def test_hidden_post_shows_its_reason_to_its_author_only(
    client, thread, member, facilitator, college, staff
):
    post = services.create_post(
        thread=thread, author=member, body="SIRET du client : 12345678900011"
    )
    services.hide_post(post=post, actor=facilitator, reason="Donnée d'un client")
    url = reverse("colleges:thread_detail", kwargs={"pk": thread.pk})
    client.force_login(member)
    page = client.get(url).content.decode()
    assert "Message masqué" in page and "Donnée d&#x27;un client" in page
    assert "12345678900011" not in page
    client.force_login(make_member(college, staff=staff).user)
    page = client.get(url).content.decode()
    assert "Message masqué" in page and "Donnée d&#x27;un client" not in page
    assert "12345678900011" not in page


def test_facilitator_moderates_through_forms(client, world, facilitator, college):
    client.force_login(facilitator)
    urls = _urls(world)
    target = make_theme(college, facilitator, title="Codes service")
    assert client.post(urls["moderation_lock"], {"reason": ""}).status_code == 302
    assert (
        client.post(
            urls["moderation_move"], {"theme": target.pk, "reason": "Rangement"}
        ).status_code
        == 302
    )
    response = client.post(urls["moderation_hide_post"], {"reason": ""})
    assert response.status_code == 200  # reason required: the form comes back with an error
    assert "fr-input-group--error" in response.content.decode()
    assert client.post(urls["moderation_hide_post"], {"reason": "Hors charte"}).status_code == 302
    world["thread"].refresh_from_db()
    assert world["thread"].is_locked and world["thread"].theme == target


def test_follow_and_unread_marks(client, thread, member, facilitator):
    client.force_login(member)
    client.post(reverse("colleges:thread_follow", kwargs={"pk": thread.pk}), {"follow": "1"})
    followed = reverse("colleges:thread_followed")
    assert ">1 non lu<" in client.get(followed).content.decode()
    client.get(reverse("colleges:thread_detail", kwargs={"pk": thread.pk}))
    assert ">1 non lu<" not in client.get(followed).content.decode()
    services.create_post(thread=thread, author=facilitator, body="Nouveau")
    services.create_post(thread=thread, author=facilitator, body="Encore")
    assert "2 non lus" in client.get(followed).content.decode()
    page = client.get(reverse("colleges:thread_detail", kwargs={"pk": thread.pk})).content.decode()
    assert page.count("Non lu<") == 2


def _fill_thread(thread, people, count):
    for index in range(count):
        post = services.create_post(
            thread=thread,
            author=people[index % len(people)],
            body=f"Message {index}",
            reply_to=thread.posts.first(),
            attachments=[png_upload()] if index % 3 == 0 else [],
        )
        if index % 4 == 0:
            services.report_post(post=post, reporter=people[(index + 1) % len(people)], reason="Vu")
        if index % 2 == 0:  # reactions, read in one query for the page
            for who, kind in ((people[0], "agree"), (people[1], "thanks"), (people[1], "agree")):
                services.set_reaction(post=post, user=who, kind=kind, on=True)


@pytest.mark.parametrize("viewer", ["member", "facilitator"])
def test_thread_page_queries_do_not_grow_with_posts(
    client, thread, people, viewer, django_assert_max_num_queries
):
    writers = [people["member"], people["facilitator"], people["staff"]]
    client.force_login(people[viewer])
    url = reverse("colleges:thread_detail", kwargs={"pk": thread.pk})
    _fill_thread(thread, writers, 5)
    with django_assert_max_num_queries(24) as small:  # 24 since reactions (one query a page)
        assert client.get(url).status_code == 200
    _fill_thread(thread, writers, 15)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200


def test_theme_pages_queries_do_not_grow_with_threads(
    client, college, theme, people, django_assert_max_num_queries
):
    client.force_login(people["member"])
    facilitator = people["facilitator"]

    def add(n, start):
        for index in range(start, start + n):
            t = make_thread(theme, facilitator, title=f"Fil {index}", tags=["rejet", f"t{index}"])
            services.create_post(thread=t, author=people["member"], body="Réponse")
            make_theme(college, facilitator, title=f"Thème {index}")
            client.post(reverse("colleges:thread_follow", kwargs={"pk": t.pk}), {"follow": "1"})

    urls = [
        reverse("colleges:theme_detail", kwargs={"pk": theme.pk}),
        reverse("colleges:theme_list", kwargs={"college_slug": college.slug}),
        reverse("colleges:thread_followed"),
        reverse("colleges:moderation_queue", kwargs={"college_slug": college.slug}),
        reverse("colleges:moderation_log"),
    ]
    add(3, 0)
    counts = {}
    for url in urls:
        client.force_login(people["staff"] if "moderation" in url else people["member"])
        with django_assert_max_num_queries(25) as captured:
            assert client.get(url).status_code == 200
        counts[url] = len(captured.captured_queries)
    add(9, 3)
    for url in urls:
        client.force_login(people["staff"] if "moderation" in url else people["member"])
        with django_assert_max_num_queries(counts[url]):
            assert client.get(url).status_code == 200


def test_following_a_theme_lists_its_new_threads(client, theme, member, facilitator):
    client.force_login(member)
    client.post(reverse("colleges:theme_follow", kwargs={"pk": theme.pk}), {"follow": "1"})
    make_thread(theme, facilitator, title="Nouveau fil sur les numéros d'engagement")
    page = client.get(reverse("colleges:thread_followed")).content.decode()
    assert "Nouveau fil sur les numéros d" in page and "1 non lu" in page
    client.post(reverse("colleges:theme_follow", kwargs={"pk": theme.pk}), {"follow": "0"})
    page = client.get(reverse("colleges:thread_followed")).content.decode()
    assert "Nouveau fil sur les numéros d" not in page


POST_MATRIX = {
    # view: (data, statuses for outsider, member, facilitator, staff); 302 = done
    "post_create": ({"body": "Réponse"}, (404, 302, 302, 302)),
    "thread_follow": ({"follow": "1"}, (404, 302, 302, 302)),
    "theme_follow": ({"follow": "1"}, (404, 302, 302, 302)),
    "moderation_dismiss_reports": ({}, (404, 403, 302, 302)),
    "moderation_unlock": ({"reason": ""}, (404, 403, 302, 302)),
}


@pytest.mark.parametrize("view", sorted(POST_MATRIX))
def test_every_form_endpoint_by_role(client, world, people, view):
    thread, post = world["thread"], world["post"]
    urls = {
        "post_create": reverse("colleges:post_create", kwargs={"pk": thread.pk}),
        "thread_follow": reverse("colleges:thread_follow", kwargs={"pk": thread.pk}),
        "theme_follow": reverse("colleges:theme_follow", kwargs={"pk": world["theme"].pk}),
        "moderation_dismiss_reports": reverse(
            "colleges:moderation_dismiss_reports", kwargs={"pk": post.pk}
        ),
        "moderation_unlock": reverse(
            "colleges:moderation_thread", kwargs={"pk": thread.pk, "action": "unlock"}
        ),
    }
    data, statuses = POST_MATRIX[view]
    response = client.post(urls[view], data)
    assert response.status_code == 302 and "/compte/login/" in response["Location"]
    for role, expected in zip(ROLES[1:], statuses, strict=True):
        thread.refresh_from_db()
        if view == "moderation_unlock" and not thread.is_locked:
            services.set_thread_flag(thread=thread, actor=people["staff"], action="lock")
        if (
            view == "moderation_dismiss_reports"
            and not post.reports.filter(resolved_at__isnull=True).exists()
        ):
            services.report_post(post=post, reporter=people["member"], reason="Vu")
        client.force_login(people[role])
        assert client.post(urls[view], data).status_code == expected, (view, role)
        client.logout()
