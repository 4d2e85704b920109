"""Filing a request and opening a ballot each have one input schema (the form's
`request_fields()` / `ballot_fields()`), read by the page and the API: a field added to the form
reaches the service through both doors, or this fails."""

import inspect

from proposals import services as proposal_services
from proposals.forms import REQUEST_FIELDS, ChangeRequestForm
from votes import services as vote_services
from votes.forms import BALLOT_FIELDS, BallotForm


def _keywords(function) -> set[str]:
    return set(inspect.signature(function).parameters)


def test_ballot_schema_is_every_field_of_the_form_and_a_keyword_of_the_service():
    assert set(BALLOT_FIELDS) == set(BallotForm.base_fields)
    assert set(BALLOT_FIELDS) <= _keywords(vote_services.create_ballot)


def test_request_schema_covers_the_form_and_the_service():
    renamed = {"source_thread_id": "source_thread"}
    form_fields = {renamed.get(name, name) for name in ChangeRequestForm.base_fields}
    schema = {*REQUEST_FIELDS, "source_thread", "screenshots"}
    assert schema == form_fields
    assert schema <= _keywords(proposal_services.create_request)
