"""Pages: who sees what, the vote form and its messages, the facilitator's form, the index."""

import re
import uuid
from datetime import timedelta

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from tests.factories import make_member
from tests.votes.factories import board_at_close, make_ballot, option
from votes import services
from votes.models import Ballot, Candidacy, CastBallot, Participation, SealedVote

pytestmark = pytest.mark.django_db


def test_index_lists_my_ballots_by_status_in_constant_queries(
    client, college, other_college, facilitator, staff, members, django_assert_max_num_queries
):
    member = members[0]
    client.force_login(member)
    other_facilitator = make_member(other_college, staff=staff).user
    from colleges import services as college_services

    college_services.appoint_facilitator(college=other_college, user=other_facilitator, actor=staff)
    hidden = make_ballot(other_college, other_facilitator, question="Réservé aux éditeurs")

    def add(n):
        for i in range(n):
            make_ballot(college, facilitator, question=f"Q-ouvert-{i}")
            make_ballot(
                college,
                facilitator,
                question=f"Q-avenir-{i}",
                start=timezone.now() + timedelta(days=2),
            )
            closed = make_ballot(
                college,
                facilitator,
                question=f"Q-clos-{i}",
                start=timezone.now() - timedelta(days=2),
            )
            services.close_ballot(ballot=closed)

    add(2)
    with django_assert_max_num_queries(12) as small:
        response = client.get(reverse("votes:index"))
    add(4)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(reverse("votes:index"))
    page = response.content.decode()
    assert page.count("Q-ouvert-") == 6 and page.count("Q-avenir-") == 6
    assert page.count("Q-clos-") == 6
    # In the right sections, in order: open, upcoming, closed.
    assert page.index("Q-ouvert-") < page.index("Q-avenir-") < page.index("Q-clos-")
    assert hidden.question not in page
    assert "Ouvrir un scrutin" not in page


def test_a_member_votes_through_the_page_and_sees_its_receipt_once(
    client, college, facilitator, members
):
    ballot = make_ballot(college, facilitator)
    client.force_login(members[0])
    url = reverse("votes:detail", args=[ballot.pk])
    page = client.get(url).content.decode()
    assert "0 votants sur 6 inscrits" in page and "Voter" in page
    assert 'data-template-one="%(participants)s votant sur' in page  # live updates say "1 votant"
    response = client.post(url, {"choices": option(ballot, "for").pk})
    # Post/redirect/get: the receipt waits in the session for the page the vote leads to.
    assert response.status_code == 302 and response["Location"] == url + "#receipt"
    page = client.get(url).content.decode()
    code = receipt_code_in(page)
    assert "Votre vote est enregistré" in page
    assert code not in client.get(url).content.decode(), "shown once"
    # Changing the vote with the code.
    response = client.post(
        url, {"choices": option(ballot, "against").pk, "receipt_code": code}, follow=True
    )
    assert "Votre vote a été modifié" in response.content.decode()
    assert receipt_code_in(response.content.decode()) == code
    assert list(board_at_close(ballot).values()) == [[option(ballot, "against").pk]]


def receipt_code_in(page: str) -> str:
    return re.search(r'data-testid="receipt-code">([A-Z0-9-]+)<', page).group(1)


def test_a_double_click_or_a_retry_keeps_the_receipt(client, college, facilitator, members):
    """Issue 26.4: the second send of the vote form (double click, retry after a lost answer)
    carries the same one-time token; it is answered with the first one's redirect, and the
    page it leads to still shows the receipt, once."""
    ballot = make_ballot(college, facilitator)
    client.force_login(members[0])
    url = reverse("votes:detail", args=[ballot.pk])
    form = {"choices": option(ballot, "for").pk, "submission_token": str(uuid.uuid4())}
    first = client.post(url, form)
    second = client.post(url, form)
    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"]
    page = client.get(second["Location"]).content.decode()
    code = receipt_code_in(page)
    assert "il n&#x27;a été pris en compte qu&#x27;une fois" in page
    assert "Vous avez déjà voté" not in page.split('id="receipt"')[0]
    assert Participation.objects.filter(ballot=ballot).count() == 1
    assert SealedVote.objects.filter(ballot=ballot).count() == 1
    # The code shown is the one that was recorded: it changes the vote.
    services.cast_vote(
        ballot=ballot,
        voter=members[0],
        option_ids=[option(ballot, "against").pk],
        receipt_code=code,
    )
    # Two sends without a token (a form kept from before, another tab): the second is refused,
    # and the page it shows carries the receipt the first one left unseen, rather than lose it.
    client.force_login(members[1])
    assert client.post(url, {"choices": option(ballot, "for").pk}).status_code == 302
    again = client.post(url, {"choices": option(ballot, "for").pk})
    assert again.status_code == 400
    assert "Votre vote est enregistré" in again.content.decode()
    assert receipt_code_in(again.content.decode())


def test_a_refused_vote_rerenders_with_a_message_and_records_nothing(
    client, college, facilitator, members
):
    ballot = make_ballot(college, facilitator, kind=Ballot.Kind.APPROVAL, max_choices=1)
    client.force_login(members[0])
    url = reverse("votes:detail", args=[ballot.pk])
    ids = list(ballot.options.values_list("pk", flat=True))
    response = client.post(url, {"choices": ids[:2]})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Vous pouvez choisir au plus 1 options : vous en avez coché 2." in page
    assert page.count("checked") == 2, "what the person ticked is kept"
    response = client.post(url, {"choices": ["999999"]})
    assert "Cette option ne fait pas partie du scrutin." in response.content.decode()
    assert not Participation.objects.exists() and not CastBallot.objects.exists()


def test_a_tampered_single_choice_vote_with_two_answers_is_refused(
    client, college, facilitator, members
):
    ballot = make_ballot(college, facilitator)
    client.force_login(members[0])
    url = reverse("votes:detail", args=[ballot.pk])
    both = [option(ballot, "for").pk, option(ballot, "against").pk]
    response = client.post(url, {"choices": both})
    assert response.status_code == 400
    assert escape("Vous ne pouvez choisir qu'une seule réponse.") in response.content.decode()
    assert not Participation.objects.exists() and not CastBallot.objects.exists()
    approval = make_ballot(college, facilitator, kind=Ballot.Kind.APPROVAL, max_choices=2)
    twice = [approval.options.first().pk] * 2
    response = client.post(reverse("votes:detail", args=[approval.pk]), {"choices": twice})
    assert response.status_code == 400
    assert escape("Chaque option ne peut être choisie qu'une fois") in response.content.decode()
    assert not Participation.objects.exists() and not CastBallot.objects.exists()


def test_outsiders_cannot_see_a_college_ballot(client, college, other_college, facilitator, staff):
    ballot = make_ballot(college, facilitator)
    client.force_login(make_member(other_college, staff=staff).user)
    # Not visible: 404, as for a ballot that does not exist (votes.selectors.access_ballot).
    assert client.get(reverse("votes:detail", args=[ballot.pk])).status_code == 404
    client.logout()
    assert client.get(reverse("votes:detail", args=[ballot.pk])).status_code == 302


def test_the_create_form_needs_a_facilitator_with_two_factor(
    client, college, facilitator, members, django_capture_on_commit_callbacks
):
    url = reverse("votes:create")
    client.force_login(facilitator)
    response = client.get(url)
    assert response.status_code == 302 and reverse("mfa_activate_totp") in response["Location"]
    TOTP.activate(facilitator, generate_totp_secret())
    client.force_login(facilitator)  # signs in again, now with the second factor
    assert client.get(url).status_code == 200
    now = timezone.localtime()
    data = {
        "college": college.pk,
        "question": "Faut-il rendre le code service obligatoire ?",
        "kind": "position",
        "opens_at": now.strftime("%Y-%m-%dT%H:%M"),
        "closes_at": (now - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "quorum_percent": 20,
        "majority": "simple",
        "secret": "on",
        "allow_change": "on",
    }
    response = client.post(url, data)
    assert response.status_code == 400
    assert "La clôture doit suivre l&#x27;ouverture du scrutin." in response.content.decode()
    assert "Faut-il rendre le code service obligatoire ?" in response.content.decode()
    data["closes_at"] = (now + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    # The page answers at once; the worker writes the electorate after the commit.
    with django_capture_on_commit_callbacks(execute=False) as opening:
        response = client.post(url, data)
    assert not Ballot.objects.get(question=data["question"]).electorate_frozen_at
    for callback in opening:
        callback()
    ballot = Ballot.objects.get(question=data["question"])
    assert response["Location"] == reverse("votes:detail", args=[ballot.pk])
    assert ballot.quorum_percent == 20 and ballot.options.count() == 3
    assert ballot.electorate_frozen_at is not None

    client.force_login(members[0])
    assert client.get(url).status_code == 403


def test_a_member_stands_for_election_during_the_candidacy_period(
    client, college, facilitator, members
):
    start = timezone.now() + timedelta(days=2)
    ballot = make_ballot(
        college,
        facilitator,
        kind=Ballot.Kind.ELECTION,
        start=start,
        candidacy_opens_at=timezone.now() - timedelta(hours=1),
        candidacy_closes_at=start - timedelta(hours=1),
    )
    client.force_login(members[0])
    detail = client.get(reverse("votes:detail", args=[ballot.pk])).content.decode()
    assert "Se porter candidat" in detail
    url = reverse("votes:candidacy", args=[ballot.pk])
    assert client.post(url, {"statement": ""}).status_code == 400
    response = client.post(url, {"statement": "Je défendrai la lisibilité des motifs de rejet."})
    assert response.status_code == 302
    assert Candidacy.objects.get(ballot=ballot).candidate == members[0]
    detail = client.get(reverse("votes:detail", args=[ballot.pk])).content.decode()
    assert "Je défendrai la lisibilité des motifs de rejet." in detail


def test_results_page_has_an_accessible_chart_and_table(client, college, facilitator, members):
    import time_machine

    with time_machine.travel(timezone.now(), tick=False) as clock:
        ballot = make_ballot(college, facilitator)
        for voter in members[:3]:
            services.cast_vote(ballot=ballot, voter=voter, option_ids=[option(ballot, "for").pk])
        clock.move_to(ballot.closes_at)
        services.close_due_ballots()  # what the worker does every minute
        client.force_login(members[0])
        page = client.get(reverse("votes:detail", args=[ballot.pk])).content.decode()
    assert '<svg role="img"' in page and 'aria-labelledby="chart-title chart-desc"' in page
    assert "Pour : 3 (100.0 %)" in page or "Pour : 3 (100,0 %)" in page
    assert '<caption id="results-caption">Détail des voix</caption>' in page
    # The table scrolls on a phone: its container is reachable by keyboard, named by it.
    assert 'tabindex="0" role="region" aria-labelledby="results-caption"' in page
    # Geometry is never localised ("300,0" would be an invalid SVG length).
    assert '<rect x="0" y="24" height="18" width="300.0"' in page
    assert "<script" not in page.split("Résultats", 1)[1].split("</main>")[0]


def test_a_vote_posted_after_the_close_is_refused_with_a_message(
    client, college, facilitator, members
):
    import time_machine

    with time_machine.travel(timezone.now(), tick=False) as clock:
        ballot = make_ballot(college, facilitator)
        client.force_login(members[0])
        clock.move_to(ballot.closes_at + timedelta(seconds=1))
        response = client.post(
            reverse("votes:detail", args=[ballot.pk]), {"choices": option(ballot, "for").pk}
        )
    assert response.status_code == 400
    assert "Ce scrutin est clos depuis le" in response.content.decode()
    assert not Participation.objects.exists()


def test_plenary_ballots_are_open_to_members_of_any_college(
    client, plenary, college, other_college, staff, members
):
    vendor = make_member(other_college, staff=staff).user
    ballot = make_ballot(plenary, staff, question="Plénière : faut-il un format unique ?")
    client.force_login(vendor)
    assert ballot.question in client.get(reverse("votes:index")).content.decode()
    response = client.post(
        reverse("votes:detail", args=[ballot.pk]), {"choices": option(ballot, "for").pk}
    )
    assert response.status_code == 302
    assert Participation.objects.filter(ballot=ballot, elector__user=vendor).exists()


def test_single_choice_results_speak_of_one_choice_and_count_one_voter(
    client, college, facilitator, members
):
    import time_machine

    with time_machine.travel(timezone.now(), tick=False) as clock:
        ballot = make_ballot(college, facilitator, kind=Ballot.Kind.SINGLE)
        services.cast_vote(ballot=ballot, voter=members[0], option_ids=[option(ballot, "PDF").pk])
        clock.move_to(ballot.closes_at)
        services.close_due_ballots()  # what the worker does every minute
        client.force_login(members[0])
        page = client.get(reverse("votes:detail", args=[ballot.pk])).content.decode()
    assert "1 votant sur 6 inscrits" in page and "1 votants" not in page
    assert "Parts calculées sur les bulletins non blancs." in page
    assert "plusieurs options" not in page
