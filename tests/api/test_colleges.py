"""Colleges, applications, themes, threads and posts through the API."""

import pytest
from django.test import Client
from django.utils.html import escape

from colleges.models import Application, ApplicationDecision, Membership
from colleges.threads.models import Post, ThreadFollow
from tests.api.conftest import API, ApiClient, problem, token_client
from tests.factories import UserFactory, qualification_for
from tests.proposals.factories import member_of, with_totp
from tests.threads.factories import make_theme, make_thread

pytestmark = pytest.mark.django_db


def test_colleges_and_headcounts_are_public(college, other_college, plenary, member, anon):
    body = anon.get(f"{API}/colleges").json()
    counts = {c["slug"]: c["member_count"] for c in body}
    assert counts == {"fournisseurs": 1, "editeurs": 0, "pleniere": 1}
    assert body[-1]["is_plenary"] is True
    assert anon.get(f"{API}/colleges/headcounts").json() == {"people": 1, "memberships": 1}
    detail = anon.get(f"{API}/colleges/fournisseurs").json()
    assert detail["member_count"] == 1 and detail["viewer_is_member"] is False
    assert token_client(member).get(f"{API}/colleges/fournisseurs").json()["viewer_is_member"]
    problem(anon.get(f"{API}/colleges/inconnu"), 404)


def test_colleges_query_count_is_constant(
    college, other_college, plenary, anon, django_assert_max_num_queries
):
    with django_assert_max_num_queries(3):
        assert anon.get(f"{API}/colleges").status_code == 200


def _answers(college):
    answers = qualification_for(college)
    return {**answers, "siret": answers["siret"], "accept_charter": True}


def test_applying_through_the_api_is_applying_on_the_site(college, user):
    response = token_client(user).post(
        f"{API}/colleges/{college.slug}/applications", _answers(college)
    )
    assert response.status_code == 201, response.content
    assert response.json()["status"] == "pending"
    by_api = Application.objects.get(applicant=user)

    other = UserFactory()
    web = Client()
    web.force_login(other)
    form = {k: v for k, v in _answers(college).items() if k != "sending_channels"}
    form["sending_channels"] = ["portal"]
    form["accept_charter"] = "on"
    assert web.post(f"/colleges/candidater/{college.slug}/", form).status_code == 302
    by_web = Application.objects.get(applicant=other)
    for application in (by_api, by_web):
        assert list(
            ApplicationDecision.objects.filter(application=application).values_list(
                "action", flat=True
            )
        ) == ["submitted"]
    # Same refusal as the site: one open application per college.
    body = problem(
        token_client(user).post(f"{API}/colleges/{college.slug}/applications", _answers(college)),
        409,
    )
    assert "déjà une candidature" in body["detail"]
    body = problem(
        token_client(user).post(
            f"{API}/colleges/{college.slug}/applications", {**_answers(college), "siret": "123"}
        ),
        422,
    )
    assert body["errors"][0]["loc"] == ["body", "siret"]
    mine = token_client(user).get(f"{API}/applications/mine").json()
    assert [a["id"] for a in mine] == [by_api.pk]
    withdrawn = token_client(user).post(f"{API}/applications/{by_api.pk}/withdraw")
    assert withdrawn.json()["status"] == "withdrawn"
    problem(token_client(other).post(f"{API}/applications/{by_api.pk}/withdraw"), 404)


def test_only_staff_with_two_factor_validate(college, user, member, staff):
    from colleges import services

    application = services.submit_application(
        applicant=user,
        college=college,
        charter=college.current_charter,
        **qualification_for(college),
    )
    problem(token_client(member).get(f"{API}/applications"), 403)
    problem(
        token_client(member).post(
            f"{API}/applications/{application.pk}/decision", {"action": "approve"}
        ),
        403,
    )
    body = problem(token_client(staff).get(f"{API}/applications"), 403)
    assert "double authentification" in body["detail"]
    with_totp(staff)
    queue = token_client(staff).get(f"{API}/applications").json()
    assert [a["id"] for a in queue["results"]] == [application.pk]
    assert queue["results"][0]["siret"]
    body = problem(
        token_client(staff).post(
            f"{API}/applications/{application.pk}/decision", {"action": "reject"}
        ),
        422,
    )
    assert body["errors"][0]["loc"] == ["body", "reason"]
    response = token_client(staff).post(
        f"{API}/applications/{application.pk}/decision",
        {"action": "approve", "reason": "Bienvenue"},
    )
    assert response.status_code == 200 and response.json()["status"] == "approved"
    assert Membership.objects.filter(user=user, college=college, status="active").exists()
    from club.core.audit.models import AuditEntry

    assert AuditEntry.objects.filter(
        action="application.approved", target_id=str(application.pk)
    ).exists()
    problem(
        token_client(staff).post(
            f"{API}/applications/{application.pk}/decision", {"action": "approve"}
        ),
        409,
    )


def test_threads_are_for_members(college, other_college, member, staff, anon):
    facilitator = member_of(college, staff=staff)
    from colleges import services

    services.appoint_facilitator(college=college, user=facilitator, actor=staff)
    theme = make_theme(college, facilitator)
    thread = make_thread(theme, facilitator, tags=["rejet"])
    outsider = member_of(other_college, staff=staff)
    for url in (
        f"{API}/colleges/{college.slug}/themes",
        f"{API}/themes/{theme.pk}/threads",
        f"{API}/threads/{thread.pk}",
        f"{API}/threads/{thread.pk}/posts",
    ):
        problem(anon.get(url), 401)
        problem(token_client(outsider).get(url), 404)  # not visible, as if absent
        assert token_client(member).get(url).status_code == 200, url
    problem(
        token_client(outsider).post(f"{API}/threads/{thread.pk}/posts", {"body": "Bonjour"}), 404
    )
    problem(token_client(member).get(f"{API}/threads/999999"), 404)

    themes = token_client(member).get(f"{API}/colleges/{college.slug}/themes").json()
    assert themes[0]["thread_count"] == 1
    threads = token_client(member).get(f"{API}/themes/{theme.pk}/threads").json()
    assert threads["results"][0]["tags"] == ["rejet"]


def test_posting_through_the_api_is_posting_on_the_site(college, member, staff):
    facilitator = member_of(college, staff=staff)
    from colleges import services

    services.appoint_facilitator(college=college, user=facilitator, actor=staff)
    thread = make_thread(make_theme(college, facilitator), facilitator)
    response = token_client(member).post(
        f"{API}/threads/{thread.pk}/posts", {"body": "**Oui**, chez nous aussi."}
    )
    assert response.status_code == 201, response.content
    post = response.json()
    assert "<strong>Oui</strong>" in post["body_html"]
    thread.refresh_from_db()
    assert thread.post_count == 2
    assert ThreadFollow.objects.filter(user=member, thread=thread).exists()

    web = Client()
    second = member_of(college, staff=staff)
    web.force_login(second)
    web.post(f"/colleges/fils/{thread.pk}/repondre/", {"body": "**Oui**, chez nous aussi."})
    by_web = Post.objects.get(author=second)
    by_api = Post.objects.get(pk=post["id"])
    assert by_web.body_html == by_api.body_html and by_web.revision == by_api.revision + 1
    assert ThreadFollow.objects.filter(user=second, thread=thread).exists()
    problem(token_client(member).post(f"{API}/threads/{thread.pk}/posts", {"body": ""}), 422)


def test_opening_a_thread_follows_the_college_rule(college, member, staff):
    facilitator = member_of(college, staff=staff)
    from colleges import services

    services.appoint_facilitator(college=college, user=facilitator, actor=staff)
    theme = make_theme(college, facilitator)
    payload = {"title": "Nouveau sujet", "body": "Texte", "tags": ["api"]}
    problem(token_client(member).post(f"{API}/themes/{theme.pk}/threads", payload), 403)
    college.members_may_open_threads = True
    college.save()
    response = token_client(member).post(f"{API}/themes/{theme.pk}/threads", payload)
    assert response.status_code == 201 and response.json()["tags"] == ["api"]


def test_posts_query_count_is_constant(college, member, staff, django_assert_max_num_queries):
    facilitator = member_of(college, staff=staff)
    from colleges import services
    from colleges.threads import services as thread_services

    services.appoint_facilitator(college=college, user=facilitator, actor=staff)
    thread = make_thread(make_theme(college, facilitator), facilitator)
    for i in range(8):
        thread_services.create_post(thread=thread, author=member, body=f"Message {i}")
    client = token_client(member, scope="read")
    with django_assert_max_num_queries(9):
        assert client.get(f"{API}/threads/{thread.pk}/posts").json()["count"] == 9


_ = ApiClient


def test_answering_a_post_that_is_not_in_the_thread_is_refused(college, member, staff):
    """Once accepted and dropped: the answer was published as answering nobody."""
    facilitator = member_of(college, staff=staff)
    from colleges import services

    services.appoint_facilitator(college=college, user=facilitator, actor=staff)
    theme = make_theme(college, facilitator)
    thread = make_thread(theme, facilitator)
    elsewhere = make_thread(theme, facilitator, title="Un autre fil").posts.get()
    api = token_client(member)
    for missing in (999_999, elsewhere.pk):
        body = problem(
            api.post(f"{API}/threads/{thread.pk}/posts", {"body": "Oui.", "reply_to": missing}),
            422,
        )
        assert (
            "Le message auquel vous répondez n'existe pas (ou plus) dans ce fil." in body["detail"]
        )
        web = Client()
        web.force_login(member)
        response = web.post(
            f"/colleges/fils/{thread.pk}/repondre/",
            {"body": "Oui, tout à fait.", "reply_to": missing},
        )
        assert response.status_code == 400
        page = response.content.decode()
        assert escape("Le message auquel vous répondez n'existe pas (ou plus)") in page
        assert "Oui, tout à fait." in page  # what was typed is kept
    assert Post.objects.filter(author=member).count() == 0
    first = thread.posts.get()
    response = api.post(f"{API}/threads/{thread.pk}/posts", {"body": "Oui.", "reply_to": first.pk})
    assert response.status_code == 201 and response.json()["reply_to"] == first.pk
