"""Hostile and combined parameters at the search page (GET, open to anyone): never a 500.

The page takes q, kind, college, date_from, date_to, tag and page. A tag on a kind without
tags once raised FieldError for anyone, so every combination of kind and filters is walked
once, in both languages, then Hypothesis throws hostile values at all of them together.
"""

import itertools
import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from club.search.selectors import KINDS
from tests.form_targets import sign_in
from tests.fuzz.test_forms import RUNS, _body, values

pytestmark = pytest.mark.django_db

PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "fuzz")
KIND_VALUES = ["", *KINDS, "inconnu"]


def _filters(world) -> dict:
    """One valid value for each optional parameter."""
    return {
        "college": world.college.slug,
        "tag": "rejet",
        "date_from": "2020-01-01",
        "date_to": "2099-12-31",
        "page": "2",
    }


def test_every_combination_of_kind_and_filters(client, world):
    filters = _filters(world)
    combinations = [
        subset
        for size in range(len(filters) + 1)
        for subset in itertools.combinations(filters, size)
    ]
    for index, (kind, subset) in enumerate(itertools.product(KIND_VALUES, combinations)):
        # Alternate who asks and in which language, so that each pair is met across the walk.
        sign_in(client, world, ("anonymous", "member", "staff")[index % 3])
        prefix = "/en" if index % 2 else ""
        params = {"q": "x" if index % 4 else "rejet", "kind": kind}
        params |= {name: filters[name] for name in subset}
        response = client.get(f"{prefix}/recherche/", params)
        RUNS["examples"] += 1
        assert response.status_code == 200, (prefix, params)


@pytest.mark.parametrize("role", ["anonymous", "member"])
def test_hostile_values_in_every_parameter(client, world, role):
    sign_in(client, world, role)
    valid = {"q": "rejet", **_filters(world)}
    parameter = st.one_of(values, st.sampled_from(KIND_VALUES))

    @settings(
        settings.get_profile(PROFILE), max_examples=settings.get_profile(PROFILE).max_examples * 4
    )
    @given(
        data=st.fixed_dictionaries(
            {},
            optional={name: st.one_of(st.just(value), parameter) for name, value in valid.items()}
            | {"kind": parameter},
        ),
        english=st.booleans(),
    )
    def fuzz(data, english):
        RUNS["examples"] += 1
        prefix = "/en" if english else ""
        response = client.get(f"{prefix}/recherche/?{_body(data)}")
        assert response.status_code < 500

    fuzz()
