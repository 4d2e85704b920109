"""A secret ballot stores who voted apart from what was voted, with nothing to join them."""

import hashlib
from datetime import timedelta

import pytest
import time_machine
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models
from django.urls import reverse
from django.utils import timezone

from tests.votes.factories import board_at_close, make_ballot, option
from votes import receipts, services
from votes.models import CastBallot, Elector, Participation, SealedVote, Tally

pytestmark = pytest.mark.django_db


def test_cast_ballot_has_no_field_that_points_to_a_voter_or_a_time():
    fields = CastBallot._meta.get_fields()
    relations = {f.related_model for f in fields if f.is_relation}
    assert relations == {apps.get_model("votes", "Ballot")}
    assert not any(isinstance(f, models.DateField | models.TimeField) for f in fields)
    assert isinstance(CastBallot._meta.pk, models.UUIDField), "random key: order reveals nothing"
    assert CastBallot._meta.ordering == ["ballot", "receipt_tag"]
    assert isinstance(SealedVote._meta.pk, models.UUIDField)
    assert {f.name for f in SealedVote._meta.concrete_fields} == {"id", "ballot", "sealed", "mixed"}
    # Nothing anywhere in the project points at a cast ballot.
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if field.is_relation and field.related_model is CastBallot and field.concrete:
                pytest.fail(f"{model.__name__}.{field.name} points at CastBallot")
    # Participation points at the voter, never at a cast ballot or an option.
    participation_targets = {
        f.related_model for f in Participation._meta.get_fields() if f.is_relation and f.concrete
    }
    assert participation_targets == {apps.get_model("votes", "Ballot"), Elector}
    assert get_user_model() not in {f.related_model for f in CastBallot._meta.get_fields()}


def test_no_stored_value_links_a_voter_to_a_choice(college, facilitator, members):
    ballot = make_ballot(college, facilitator, secret=True)
    cast = [
        services.cast_vote(ballot=ballot, voter=voter, option_ids=[option(ballot, role).pk])
        for voter, role in zip(members, ["for", "against", "for", "abstain", "for"], strict=True)
    ]
    board_at_close(ballot)
    participation_values = set()
    for row in Participation.objects.filter(ballot=ballot).values():
        assert row["public_choices"] == []
        participation_values |= {str(value) for key, value in row.items() if key != "ballot_id"}
    for row in CastBallot.objects.filter(ballot=ballot).values():
        for key, value in row.items():
            if key == "ballot_id":
                continue
            assert str(value) not in participation_values, key
            assert not any(str(value) in stored for stored in participation_values), key
    # The receipt hash is keyed and salted: hashing a published code finds nobody.
    hashes = " ".join(Participation.objects.values_list("receipt_hash", flat=True))
    tags = " ".join(CastBallot.objects.values_list("receipt_tag", flat=True))
    for receipt in cast:
        for stored in (hashes, tags):
            assert receipt.code not in stored
            assert hashlib.sha256(receipt.code.encode()).hexdigest() not in stored
    # Two voters who chose the same answer are indistinguishable in the cast ballots.
    assert CastBallot.objects.filter(ballot=ballot, choices=[option(ballot, "for").pk]).count() == 3


def test_a_receipt_is_checked_by_post_by_its_owner_only(client, college, facilitator, members):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        ballot = make_ballot(college, facilitator, secret=True)
        receipt = services.cast_vote(
            ballot=ballot, voter=members[0], option_ids=[option(ballot, "for").pk]
        )
        services.cast_vote(
            ballot=ballot, voter=members[1], option_ids=[option(ballot, "against").pk]
        )
        check = reverse("votes:check_receipt", args=[ballot.pk])
        client.force_login(members[0])
        response = client.post(check, {"code": receipt.code}, follow=True)
        assert "se vérifient après la clôture" in response.content.decode()
        clock.move_to(ballot.closes_at + timedelta(minutes=1))
        # Closed, not counted yet: a check is a read, it never counts the ballot itself.
        response = client.post(check, {"code": receipt.code}, follow=True)
        assert "dépouillement est en cours : vérifiez votre récépissé" in response.content.decode()
        assert not Tally.objects.filter(ballot=ballot).exists()
        services.close_due_ballots()  # what the worker does every minute
        detail = reverse("votes:detail", args=[ballot.pk])
        # A code in a URL is ignored: it would stay in access logs and browser history.
        page = client.get(detail, {"code": receipt.code}).content.decode()
        assert "figure dans la liste publiée sous" not in page
        assert client.get(check).status_code == 405
        page = client.post(check, {"code": receipt.code.lower()}).content.decode()
        shown = receipts.shown(receipts.tag(ballot.pk, receipt.code))
        assert f"Votre bulletin figure dans la liste publiée sous l'empreinte {shown}" in page
        assert "Pour" in page.split('data-testid="checked-choices"')[1][:200]
        # The board lists every line, under hashes only: no code, no name.
        board = page.split('id="receipts-list"')[1]
        assert shown in board and receipt.code not in page
        assert members[0].last_name not in page.split("Résultats", 1)[1]
        response = client.post(check, {"code": "ZZZZ-ZZZZ-ZZZZ"})
        assert response.status_code == 400
        assert "Ce code ne correspond pas à votre vote" in response.content.decode()
        for garbage in ("", "‮" * 40, "x" * 33, "'; DROP TABLE votes_castballot;--", "\x00"):
            response = client.post(check, {"code": garbage})
            assert response.status_code == 400, garbage
        # Someone the voter hands its code to learns nothing from it.
        client.force_login(members[1])
        response = client.post(check, {"code": receipt.code})
        assert response.status_code == 400
        assert "checked-choices" not in response.content.decode()


def test_a_public_ballot_shows_who_voted_what_after_the_close(
    client, college, facilitator, members
):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        ballot = make_ballot(college, facilitator, secret=False)
        services.cast_vote(
            ballot=ballot, voter=members[0], option_ids=[option(ballot, "against").pk]
        )
        client.force_login(members[1])
        url = reverse("votes:detail", args=[ballot.pk])
        assert "Qui a voté quoi" not in client.get(url).content.decode()
        clock.move_to(ballot.closes_at + timedelta(minutes=1))
        services.close_due_ballots()  # what the worker does every minute
        page = client.get(url).content.decode()
        assert "Qui a voté quoi" in page
        assert f"{members[0].get_full_name()} :" in page
