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

from tests.votes.factories import make_ballot, option
from votes import services
from votes.models import CastBallot, Elector, Participation

pytestmark = pytest.mark.django_db


def test_cast_ballot_has_no_field_that_points_to_a_voter_or_a_time():
    fields = CastBallot._meta.get_fields()
    relations = {f.related_model for f in fields if f.is_relation}
    assert relations == {apps.get_model("votes", "Ballot")}
    assert not any(isinstance(f, models.DateField | models.TimeField) for f in fields)
    assert isinstance(CastBallot._meta.pk, models.UUIDField), "random key: order reveals nothing"
    assert CastBallot._meta.ordering == ["ballot", "id"]
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
    receipts = [
        services.cast_vote(ballot=ballot, voter=voter, option_ids=[option(ballot, role).pk])
        for voter, role in zip(members, ["for", "against", "for", "abstain", "for"], strict=True)
    ]
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
    for receipt in receipts:
        assert receipt.code not in hashes
        assert hashlib.sha256(receipt.code.encode()).hexdigest() not in hashes
    # Two voters who chose the same answer are indistinguishable in the cast ballots.
    assert CastBallot.objects.filter(ballot=ballot, choices=[option(ballot, "for").pk]).count() == 3


def test_a_receipt_code_verifies_after_the_close(client, college, facilitator, members):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        ballot = make_ballot(college, facilitator, secret=True)
        receipt = services.cast_vote(
            ballot=ballot, voter=members[0], option_ids=[option(ballot, "for").pk]
        )
        clock.move_to(ballot.closes_at + timedelta(minutes=1))
        client.force_login(members[1])
        url = reverse("votes:detail", args=[ballot.pk])
        page = client.get(url, {"code": receipt.code.lower()}).content.decode()
        assert f"Le bulletin {receipt.code} figure dans la liste publiée" in page
        page = client.get(url, {"code": "ZZZZ-ZZZZ-ZZZZ"}).content.decode()
        assert "Aucun bulletin ne porte le code ZZZZ-ZZZZ-ZZZZ" in page
        # A secret ballot never shows who voted what.
        assert members[0].last_name not in page.split("Résultats", 1)[1]


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
        page = client.get(url).content.decode()
        assert "Qui a voté quoi" in page
        assert f"{members[0].get_full_name()} :" in page
