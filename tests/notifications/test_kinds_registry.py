"""The apps declare their kinds of notice; the ground floor's registry holds them all, in the
order of the journey (the preferences page and the digests show them in this order)."""

import pytest

from club.core.notifications.kinds import KINDS, Kind, kind_choices, register_kinds
from club.core.notifications.models import Notification


def test_every_app_registered_its_kinds_in_the_journeys_order():
    assert list(KINDS) == [
        "application_decided",
        "thread_post",
        "reply_or_mention",
        "report_handled",
        "moderation",
        "meeting_invitation",
        "meeting_registration",
        "meeting_minutes",
        "request_status",
        "ballot_opened",
        "ballot_results",
        "item_escalated",
        "ipm_decision",
        "pilot_call",
        "consultation_opened",
        "whitepaper_published",
        "announcement",
        "newsletter",
    ]


def test_the_models_choices_come_from_the_registry():
    field = Notification._meta.get_field("kind")
    assert [key for key, _label in field.choices] == list(KINDS)
    assert kind_choices() == [(kind.key, kind.label) for kind in KINDS.values()]


def test_a_key_cannot_mean_two_kinds():
    with pytest.raises(ValueError):
        register_kinds(Kind("thread_post", "Autre chose", "Un autre sens"))
    register_kinds(KINDS["thread_post"])  # the same declaration again is harmless
