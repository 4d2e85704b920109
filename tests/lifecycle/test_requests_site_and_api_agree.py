"""Change requests: every transition, from each state it starts from and one it does not, as
every role, on the site and through the API. The lifecycle's answer (`can_transition`), what
the request page offers, what the API's `viewer` says, what the site's form does and what the
API's operation does all agree.

Transitions without a door of their own are walked too: `put_in_vote`, `adopt` and `not_adopt`
happen through a position and its ballot (tests/lifecycle/test_other_lifecycles_agree.py); here
we check that no role is offered them on a request's page or in the API.
"""

import pytest
from django.urls import reverse

from club.core.lifecycle import can_transition
from proposals.lifecycle import REQUESTS
from proposals.models import ChangeRequest, Status
from tests.api.conftest import API
from tests.lifecycle.conftest import ROLES, api, site, undone
from tests.proposals.factories import make_request

pytestmark = pytest.mark.django_db

DATA = {"reason": "Motif de l'étape", "cycle_label": "Cycle 12", "target_release": "2027.1"}

# transition -> (the site's URL and form, the API's path and body, the page's link or form, the
# API viewer's field). `None` for a door that does not exist.
STEP = lambda name: (  # noqa: E731
    lambda cr, other: (reverse("proposals:step", args=[cr.pk, name]), DATA),
    lambda cr, other: (f"{API}/requests/{cr.pk}/steps/{name}", DATA),
    lambda cr: reverse("proposals:step", args=[cr.pk, name]),
    lambda viewer: name in viewer["steps"],
)
DOORS = {
    "submit": (
        lambda cr, other: (reverse("proposals:submit", args=[cr.pk]), {}),
        lambda cr, other: (f"{API}/requests/{cr.pk}/submit", {}),
        lambda cr: reverse("proposals:submit", args=[cr.pk]),
        lambda viewer: viewer["can_submit"],
    ),
    "withdraw": (
        lambda cr, other: (reverse("proposals:withdraw", args=[cr.pk]), {"reason": "Doublon"}),
        lambda cr, other: (f"{API}/requests/{cr.pk}/withdraw", {"reason": "Doublon"}),
        lambda cr: reverse("proposals:withdraw", args=[cr.pk]),
        lambda viewer: viewer["can_withdraw"],
    ),
    "merge": (
        lambda cr, other: (
            reverse("proposals:merge", args=[cr.pk]),
            {"into": other.pk, "reason": "Même besoin"},
        ),
        lambda cr, other: (
            f"{API}/requests/{cr.pk}/merge",
            {"into": other.pk, "reason": "Même besoin"},
        ),
        lambda cr: reverse("proposals:merge", args=[cr.pk]),
        lambda viewer: viewer["can_merge"],
    ),
    "support": (
        lambda cr, other: (reverse("proposals:support", args=[cr.pk]), {}),
        lambda cr, other: (f"{API}/requests/{cr.pk}/support", {}),
        lambda cr: reverse("proposals:support", args=[cr.pk]),
        lambda viewer: viewer["can_support"],
    ),
    **{
        name: STEP(name)
        for name in (
            "open_discussion",
            "reopen",
            "escalate",
            "start_instruction",
            "accept",
            "reject",
            "postpone",
            "plan",
            "start_pilot",
            "deliver",
        )
    },
}
WITHOUT_DOOR = ("put_in_vote", "adopt", "not_adopt")


def test_every_transition_has_its_doors_or_is_known_to_have_none():
    assert set(DOORS) | set(WITHOUT_DOOR) == set(REQUESTS.transitions)


def put_in_state(cr, status, survivor):
    ChangeRequest.objects.filter(pk=cr.pk).update(
        status=status, merged_into=survivor if status == Status.MERGED else None
    )
    cr.refresh_from_db()


def fingerprint(cr) -> tuple:
    """What an act changes: the state, the supports, the history."""
    row = ChangeRequest.objects.filter(pk=cr.pk).values("status", "support_count").get()
    return row["status"], row["support_count"], cr.events.count()


def states_to_walk(name: str) -> list[str]:
    """Each state the transition starts from, and one it does not."""
    sources = sorted(REQUESTS[name].sources)
    others = [s for s in Status.values if s not in sources and s != Status.MERGED]
    return sources + others[:1]


def page_and_viewer(user, cr) -> tuple[str, dict | None]:
    response = site(user).get(cr.get_absolute_url())
    page = response.content.decode() if response.status_code == 200 else ""
    answer = api(user).get(f"{API}/requests/{cr.pk}")
    return page, answer.json()["viewer"] if answer.status_code == 200 else None


def did(client, url: str, data: dict, cr) -> bool:
    """Perform the act through one door, read whether it changed the request, and undo it."""
    with undone():
        before = fingerprint(cr)
        client.post(url, data)
        return fingerprint(cr) != before


@pytest.mark.parametrize("name", sorted(DOORS))
def test_site_and_api_agree_with_the_lifecycle(name, cast, college):
    cr = make_request(cast["author"], college, title="Le champ « Numéro d'engagement » est court")
    survivor = make_request(cast["member"], college, title="Agrandir le numéro d'engagement")
    site_door, api_door, page_link, viewer_says = DOORS[name]
    disagreements = []
    for status in states_to_walk(name):
        put_in_state(cr, status, survivor)
        for role in ROLES:
            user = cast[role]
            expected = can_transition(user, cr, name) if user else False
            page, viewer = page_and_viewer(user, cr)
            offered_on_page = page_link(cr) in page
            offered_by_api = bool(viewer and viewer_says(viewer))
            site_did = did(site(user), *site_door(cr, survivor), cr)
            api_did = did(api(user), *api_door(cr, survivor), cr)
            answers = (offered_on_page, offered_by_api, site_did, api_did)
            if answers != (expected,) * 4:
                disagreements.append((status, role, expected, answers))
    assert not disagreements, (
        "(state, role, lifecycle says, (page offers, API viewer says, site did, API did)): "
        f"{disagreements}"
    )


@pytest.mark.parametrize("name", WITHOUT_DOOR)
def test_transitions_without_a_door_are_never_offered_on_a_request(name, cast, college):
    cr = make_request(cast["author"], college)
    for status in sorted(REQUESTS[name].sources):
        put_in_state(cr, status, None)
        for role in ROLES:
            _page, viewer = page_and_viewer(cast[role], cr)
            assert name not in (viewer or {}).get("steps", [])
