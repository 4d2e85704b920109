"""A long thread reads 50 posts per page and opens where the reader stopped."""

import re

from django.urls import reverse

from colleges.threads import services
from colleges.threads.models import Post
from colleges.threads.views import POSTS_PER_PAGE
from tests.factories import UserFactory, make_member


def _shown(html: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'id="message-(\d+)"', html)]


def _posts(thread, author, count):
    return [
        services.create_post(thread=thread, author=author, body=f"Message {n}").pk
        for n in range(count)
    ]


def test_pages_of_fifty_in_reading_order(client, thread, college, facilitator):
    ids = [thread.posts.get().pk, *_posts(thread, facilitator, 2 * POSTS_PER_PAGE + 9)]
    reader = make_member(college, UserFactory()).user
    client.force_login(reader)
    url = reverse("colleges:thread_detail", args=[thread.pk])

    first = client.get(url).content.decode()
    assert _shown(first) == ids[:POSTS_PER_PAGE]
    assert 'aria-label="Pagination"' in first and 'data-last-page="false"' in first

    last = client.get(url, {"page": 3}).content.decode()
    assert _shown(last) == ids[2 * POSTS_PER_PAGE :]
    assert 'data-last-page="true"' in last
    # A page past the end or not a number shows the last or the first page, never an error.
    assert _shown(client.get(url, {"page": 99}).content.decode()) == ids[2 * POSTS_PER_PAGE :]
    assert _shown(client.get(url, {"page": "x"}).content.decode()) == ids[:POSTS_PER_PAGE]


def test_the_page_opens_at_the_first_unread_post(client, thread, college, facilitator):
    ids = [thread.posts.get().pk, *_posts(thread, facilitator, 2 * POSTS_PER_PAGE)]
    reader = make_member(college, UserFactory()).user
    client.force_login(reader)
    url = reverse("colleges:thread_detail", args=[thread.pk])
    client.get(url, {"page": 1})  # reads posts 1..50
    # Posts 51.. are unread: the thread opens on page 2, whose posts it then marks read.
    assert _shown(client.get(url).content.decode())[0] == ids[POSTS_PER_PAGE]
    client.get(url, {"page": 3})
    more = _posts(thread, facilitator, 1)
    assert _shown(client.get(url).content.decode())[-1] == more[0]


def test_reading_an_earlier_page_never_marks_later_posts_unread(
    client, thread, college, facilitator
):
    _posts(thread, facilitator, POSTS_PER_PAGE + 5)
    reader = make_member(college, UserFactory()).user
    client.force_login(reader)
    url = reverse("colleges:thread_detail", args=[thread.pk])
    client.get(url, {"page": 2})
    client.get(url, {"page": 1})
    html = client.get(url, {"page": 2}).content.decode()
    assert "Non lu" not in html


def test_reply_and_quote_find_a_post_on_any_page(client, thread, college, facilitator):
    _posts(thread, facilitator, POSTS_PER_PAGE + 5)
    early = Post.objects.filter(thread=thread).order_by("pk")[1]
    reader = make_member(college, UserFactory()).user
    client.force_login(reader)
    url = reverse("colleges:thread_detail", args=[thread.pk])
    html = client.get(url, {"page": 2, "reponse": early.pk, "citer": 1}).content.decode()
    assert "Répondre au message" in html and "&gt; Message 0" in html
    # Someone else's hidden post, or a post of another thread, is not offered.
    services.hide_post(post=early, actor=facilitator, reason="Hors sujet")
    html = client.get(url, {"reponse": early.pk}).content.decode()
    assert "Répondre au message" not in html


def test_queries_stay_constant_from_one_page_to_many(
    client, thread, college, facilitator, django_assert_max_num_queries
):
    reader = make_member(college, UserFactory()).user
    client.force_login(reader)
    url = reverse("colleges:thread_detail", args=[thread.pk])
    _posts(thread, facilitator, 10)
    with django_assert_max_num_queries(25) as small:
        client.get(url)
    _posts(thread, facilitator, 3 * POSTS_PER_PAGE)
    with django_assert_max_num_queries(len(small.captured_queries) + 1):  # + the unread position
        html = client.get(url).content.decode()
    assert len(_shown(html)) == POSTS_PER_PAGE


def test_a_link_to_a_post_opens_the_page_that_holds_it(client, thread, college, facilitator):
    ids = [thread.posts.get().pk, *_posts(thread, facilitator, 2 * POSTS_PER_PAGE)]
    reader = make_member(college, UserFactory()).user
    client.force_login(reader)
    client.get(reverse("colleges:thread_detail", args=[thread.pk]), {"page": 3})  # all read
    for index in (0, POSTS_PER_PAGE + 3, 2 * POSTS_PER_PAGE):
        post = Post.objects.get(pk=ids[index])
        url = post.get_absolute_url()
        assert url.endswith(f"?message={post.pk}#message-{post.pk}")
        assert post.pk in _shown(client.get(url).content.decode())
    # Nonsense or unknown ids show a page anyway.
    url = reverse("colleges:thread_detail", args=[thread.pk])
    for value in ("abc", "99999999", "-4", "9" * 40):
        assert client.get(url, {"message": value}).status_code == 200
