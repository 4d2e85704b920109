"""Who holds a power is said by the apps (club/core/accounts/powers.py); the ground floor asks."""

import pytest

from club.core.accounts import powers
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_apps_registered_their_powers():
    assert [power.key for power in powers.registered_powers()] == [
        "staff",
        "facilitator",
        "delegate",
        "ipm_participant",
        "ipm_working_group",
    ]


def test_a_registered_power_is_asked(monkeypatch):
    monkeypatch.setattr(powers, "_POWERS", dict(powers._POWERS))
    person, chosen = UserFactory(), UserFactory()
    assert not powers.holds_powers(person)
    powers.register_power("pilot", holds=lambda user: user.pk == chosen.pk)
    assert powers.holds_powers(chosen) and not powers.holds_powers(person)
    assert [power.key for power in powers.powers_of(chosen)] == ["pilot"]


def test_staff_holds_a_power_and_anonymous_visitors_none():
    from django.contrib.auth.models import AnonymousUser

    assert powers.holds_powers(UserFactory(is_staff=True))
    assert not powers.holds_powers(AnonymousUser())
    assert powers.powers_of(None) == []
