import pytest
from django import forms

from club.core.fields import IdsMultipleChoiceField
from colleges.models import College

pytestmark = pytest.mark.django_db


class CollegesForm(forms.Form):
    colleges = IdsMultipleChoiceField(queryset=College.objects.all())


# "²" and "١" pass str.isdigit() but not int() (found by the form fuzzer in CI).
@pytest.mark.parametrize("forged", ["9" * 25, "-" + "9" * 25, "²", "١٢", "-³"])
def test_ids_beyond_a_bigint_are_an_invalid_choice_not_a_server_error(college, forged):
    form = CollegesForm({"colleges": [str(college.pk), forged]})
    assert not form.is_valid()
    assert "colleges" in form.errors


def test_ordinary_ids_still_choose(college):
    form = CollegesForm({"colleges": [str(college.pk)]})
    assert form.is_valid(), form.errors
    assert list(form.cleaned_data["colleges"]) == [college]


def test_single_choice_lookups_are_already_guarded_by_django(college):
    assert not College.objects.filter(pk=int("9" * 25)).exists()
