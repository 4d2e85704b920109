"""The one way views show a rule's refusal (club/core/views.py `handle_refusal`)."""

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.test import RequestFactory

from club.core.domain import DomainError
from club.core.views import handle_refusal


class NoteForm(forms.Form):
    body = forms.CharField()
    attachment = forms.CharField(required=False)


def _request():
    request = RequestFactory().post("/", {"body": "Ce que j'ai tapé"})
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def test_a_refusal_becomes_a_form_error_and_the_form_keeps_the_input():
    request = _request()
    form = NoteForm(request.POST)
    assert form.is_valid()
    with handle_refusal(request, form) as outcome:
        raise DomainError("Non.")
    assert outcome.refused and form.non_field_errors() == ["Non."]
    assert form["body"].value() == "Ce que j'ai tapé"


def test_a_refusal_without_form_becomes_a_message():
    request = _request()
    with handle_refusal(request) as outcome:
        raise DomainError("Non.")
    assert outcome.refused
    assert [str(m) for m in get_messages(request)] == ["Non."]


def test_field_and_as_message_route_the_refusal():
    request = _request()
    form = NoteForm(request.POST)
    form.is_valid()
    with handle_refusal(request, form, field=lambda e: "attachment"):
        raise DomainError("Trop gros.", code="attachment_size")
    assert form.errors["attachment"] == ["Trop gros."]
    with handle_refusal(request, form, as_message=("closed",)):
        raise DomainError("Clos.", code="closed")
    assert [str(m) for m in get_messages(request)] == ["Clos."]


def test_success_and_other_errors_go_through():
    request = _request()
    with handle_refusal(request) as outcome:
        pass
    assert not outcome.refused
    with pytest.raises(ValueError), handle_refusal(request):
        raise ValueError
