"""Factories for the colleges' pages: charters and people who pass two-factor authentication."""

import time

import factory
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)
from django.conf import settings

from colleges import services
from colleges.models import Charter
from tests.factories import StaffFactory, UserFactory, make_member


class CharterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Charter

    version = factory.Sequence(lambda n: n + 1)
    title = factory.LazyAttribute(lambda o: f"Charte d'usage du collège {o.college.short_name}")
    body = "1. Les échanges restent courtois.\n2. On ne publie aucune facture."


def activate_totp(user) -> str:
    """Give `user` an authenticator app, as allauth's set-up page would; returns the secret."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def totp_code(secret: str) -> str:
    period = getattr(settings, "MFA_TOTP_PERIOD", 30)
    return format_hotp_value(hotp_value(secret, int(time.time()) // period))


class MfaStaffFactory(StaffFactory):
    """Staff who sign in with a second factor; the secret is kept on `user.totp_secret`."""

    @factory.post_generation
    def totp(user, create, extracted, **kwargs):
        if create:
            user.totp_secret = activate_totp(user)


def make_facilitator(college, *, staff, mfa=True, user=None):
    user = make_member(college, user=user or UserFactory(), staff=staff).user
    services.appoint_facilitator(college=college, user=user, actor=staff)
    if mfa:
        activate_totp(user)
    return user


def make_delegate(college, *, staff, mfa=True, user=None):
    user = make_member(college, user=user or UserFactory(), staff=staff).user
    services.appoint_delegate(college=college, user=user, actor=staff)
    if mfa:
        activate_totp(user)
    return user
