"""Refusals (issue 23, defects 4 and 5): lacking the right is a 403, not seeing the object a 404
(as on the site), the state a 409; never a 422, which says the data sent was wrong. The OpenAPI
document says which operation may answer which."""

import pytest
from django.test import Client

from colleges import services as college_services
from tests.api.conftest import API, problem, token_client
from tests.proposals.factories import make_request, member_of
from tests.threads.factories import make_theme, make_thread

pytestmark = pytest.mark.django_db


def operations():
    from club.api.main import api

    for path, item in api.get_openapi_schema()["paths"].items():
        for method, operation in item.items():
            yield path, method, operation


def test_acting_on_someone_elses_request_is_403(college, member, second_member):
    submitted = make_request(member, college)
    other = token_client(second_member)
    for act in ("submit", "withdraw"):
        found = problem(other.post(f"{API}/requests/{submitted.pk}/{act}", {}), 403)
        assert "auteur" in found["detail"]


def test_following_what_one_may_not_follow_is_403(college, member):
    draft = make_request(member, college, submit=False)
    problem(token_client(member).post(f"{API}/requests/{draft.pk}/follow"), 403)


def test_a_closed_theme_or_a_locked_thread_is_a_409(college, member, staff):
    from colleges.threads import services as thread_services

    facilitator = member_of(college, staff=staff)
    college_services.appoint_facilitator(college=college, user=facilitator, actor=staff)
    college.members_may_open_threads = True
    college.save()
    theme = make_theme(college, facilitator)
    thread = make_thread(theme, facilitator)
    thread.is_locked = True
    thread.save()
    client = token_client(member)
    problem(client.post(f"{API}/threads/{thread.pk}/posts", {"body": "Bonjour"}), 409)
    thread_services.close_theme(theme=theme, actor=facilitator)
    problem(
        client.post(f"{API}/themes/{theme.pk}/threads", {"title": "Sujet", "body": "Texte"}), 409
    )


def test_another_colleges_threads_answer_404_in_the_api_as_on_the_site(
    college, other_college, member, staff
):
    facilitator = member_of(other_college, staff=staff)
    college_services.appoint_facilitator(college=other_college, user=facilitator, actor=staff)
    theme = make_theme(other_college, facilitator)
    thread = make_thread(theme, facilitator)
    site = Client()
    site.force_login(member)
    api = token_client(member)
    pairs = [
        (f"/colleges/{other_college.slug}/themes/", f"{API}/colleges/{other_college.slug}/themes"),
        (f"/colleges/themes/{theme.pk}/", f"{API}/themes/{theme.pk}/threads"),
        (f"/colleges/fils/{thread.pk}/", f"{API}/threads/{thread.pk}"),
        (f"/colleges/fils/{thread.pk}/", f"{API}/threads/{thread.pk}/posts"),
    ]
    for page, operation in pairs:
        assert site.get(page).status_code == 404, page
        found = problem(api.get(operation), 404)
        # The same words as for what does not exist: nothing says it is there.
        assert found["detail"] == problem(api.get(f"{API}/threads/99999999"), 404)["detail"]
    problem(api.post(f"{API}/threads/{thread.pk}/posts", {"body": "Bonjour"}), 404)
    problem(api.post(f"{API}/themes/{theme.pk}/threads", {"title": "Sujet", "body": "Texte"}), 404)


def test_the_document_says_who_gets_403_and_404():
    for path, method, operation in operations():
        responses = {str(status) for status in operation["responses"]}
        if "{" in path:
            assert "404" in responses, (method, path)
        if method != "get":
            assert "403" in responses, (method, path)
    from club.api.main import api

    schema = api.get_openapi_schema()
    thread_reads = [
        operation
        for path, item in schema["paths"].items()
        if "/threads" in path or "/themes" in path
        for method, operation in item.items()
        if method == "get"
    ]
    # Reading never answers 403: what one may not read does not exist (404).
    assert thread_reads and all(403 not in op["responses"] for op in thread_reads)
    description = schema["info"]["description"]
    assert "403" in description and "404" in description and "409" in description
