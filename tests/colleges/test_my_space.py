"""« Mon espace » as the member's home (issue 21): what waits for me, where my requests stand
(step, date, reason), the ballots awaiting my vote, the threads I follow with unread counts."""

import pytest
from django.urls import reverse

from colleges.threads import services as threads
from colleges.threads.models import Report
from proposals import services as proposals
from proposals.models import ChangeRequest
from tests.colleges.helpers import page_text
from tests.factories import make_member
from tests.proposals.factories import make_request, member_of
from tests.threads.factories import make_facilitator, make_theme, make_thread
from tests.votes.factories import make_ballot, option
from votes import services as votes
from votes.models import Ballot

pytestmark = pytest.mark.django_db


def _scene(college, staff, count: int = 1):
    facilitator = make_facilitator(college, staff=staff)
    author = member_of(college, staff=staff)
    supporter = member_of(college, staff=staff)
    theme = make_theme(college, facilitator)
    for index in range(count):
        request = make_request(author, college, title=f"Afficher le motif de rejet n° {index}")
        proposals.support_request(request=request, member=supporter)
        make_thread(theme, facilitator, title=f"Rejets n° {index}")
        make_ballot(college, facilitator, question=f"Adopter la position n° {index} ?")
    return facilitator, author, supporter, theme


def test_a_member_sees_where_each_idea_stands(client, college, staff):
    facilitator, author, supporter, theme = _scene(college, staff)
    request = ChangeRequest.objects.get()
    proposals.withdraw_request(request=request, actor=author, reason="Doublon de CR-0001")
    thread = theme.threads.get()
    threads.set_thread_follow(thread=thread, user=supporter, follow=True)
    threads.create_post(thread=thread, author=facilitator, body="Un nouveau rejet ce matin.")

    client.force_login(author)
    html = page_text(client.get(reverse("colleges:my_space")))
    assert "Où en sont mes demandes" in html
    assert "Afficher le motif de rejet n° 0" in html and "Retirée" in html
    assert "Motif : Doublon de CR-0001" in html
    assert "Scrutins qui attendent mon vote" in html
    assert "Adopter la position n° 0 ?" in html

    client.force_login(supporter)
    html = page_text(client.get(reverse("colleges:my_space")))
    assert "Soutenues par moi" in html
    assert "Les fils que je suis" in html
    assert "Rejets n° 0" in html
    assert "2 non lus" in html  # the opening post and the new one


def test_a_cast_vote_leaves_the_list_and_a_newcomer_sees_no_empty_sections(client, college, staff):
    _facilitator, author, _supporter, _theme = _scene(college, staff)
    ballot = Ballot.objects.get()
    votes.cast_vote(ballot=ballot, voter=author, option_ids=[option(ballot, "for").pk])
    client.force_login(author)
    assert "Scrutins qui attendent mon vote" not in page_text(
        client.get(reverse("colleges:my_space"))
    )

    newcomer = make_member(college, staff=staff).user
    client.force_login(newcomer)
    html = page_text(client.get(reverse("colleges:my_space")))
    for heading in ("Où en sont mes demandes", "Scrutins qui attendent", "Les fils que je suis"):
        assert heading not in html


def test_a_facilitator_is_shown_the_reports_to_handle(client, college, staff):
    facilitator, author, _supporter, theme = _scene(college, staff)
    post = theme.threads.get().posts.first()
    Report.objects.create(post=post, reporter=author, reason="Hors charte")
    client.force_login(facilitator)  # make_facilitator gave them a second factor
    html = page_text(client.get(reverse("colleges:my_space")))
    assert "1 message signalé à examiner dans le collège « Fournisseurs »" in html


@pytest.mark.parametrize("count", [1, 4])
def test_my_space_costs_the_same_queries_however_much_there_is(
    client, college, staff, count, django_assert_max_num_queries
):
    _facilitator, author, _supporter, _theme = _scene(college, staff, count)
    client.force_login(author)
    with django_assert_max_num_queries(18):
        assert client.get(reverse("colleges:my_space")).status_code == 200
