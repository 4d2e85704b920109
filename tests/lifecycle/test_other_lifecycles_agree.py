"""Applications, positions, IPM cycles and items, ballots and whitepapers' consultations: every
transition of every lifecycle, from each state it starts from and one it does not, as every
role. What the lifecycle answers (`can_transition`), what the site's form does and what the
API's operation does (where the API has one) agree.

Time-driven transitions (a ballot or a consultation opening and closing) belong to the system:
no role may perform them, the scheduled services do.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from club.core.domain import DomainError
from club.core.lifecycle import can_transition, lifecycle_of, lifecycles
from colleges import services as college_services
from colleges.models import Application, Membership
from proposals import services as proposal_services
from proposals.ipm import services as ipm_services
from proposals.ipm.models import AgendaItem, Argument, Cycle, Decision, Phase
from proposals.models import Position
from tests.api.conftest import API
from tests.factories import UserFactory, qualification_for
from tests.ipm.factories import adopted_position, open_cycle, session_for
from tests.lifecycle.conftest import ROLES, api, site, undone
from tests.proposals.factories import make_request
from tests.votes.factories import make_ballot
from tests.whitepapers.factories import open_consultation, published_whitepaper
from votes import services as vote_services
from votes.models import Ballot, Candidacy, Participation
from whitepapers.models import ConsultationComment

pytestmark = pytest.mark.django_db


def walk(cast, obj_of_state, states, name, doors, changed, refresh=None, roles=ROLES):
    """For each state and role: the lifecycle's answer, and what each door did (undone)."""
    disagreements = []
    for state in states:
        obj = obj_of_state(state)
        for role in roles:
            user = cast[role]
            expected = (
                can_transition(user, refresh(obj) if refresh else obj, name) if user else False
            )
            answers = []
            for door in doors:
                with undone():
                    before = changed(obj)
                    door(user, obj)
                    answers.append(changed(obj) != before)
            if answers != [expected] * len(doors):
                disagreements.append((state, role, expected, answers))
    assert not disagreements, f"(state, role, lifecycle says, doors did): {disagreements}"


def post_site(url, data):
    return lambda user, obj: site(user).post(url(obj), data(obj) if callable(data) else data)


def post_api(path, data):
    return lambda user, obj: api(user).post(path(obj), data(obj) if callable(data) else data)


# --- Applications ------------------------------------------------------------------------------


@pytest.fixture
def applicant(cast, college):
    user = UserFactory(first_name="Alice", last_name="Candidate")
    cast["applicant"] = user
    return user


APPLICATION_DOORS = {
    "approve": (
        {"action": "approve", "approve-reason": "Bienvenue"},
        {"action": "approve", "reason": "Bienvenue"},
    ),
    "reject": (
        {"action": "reject", "reject-reason": "Hors champ"},
        {"action": "reject", "reason": "Hors champ"},
    ),
    "ask": (
        {"action": "info", "info-reason": "Votre SIRET ?"},
        {"action": "info", "reason": "Votre SIRET ?"},
    ),
    "move": (
        lambda app, other: {"action": "move", "move-to_college": other.pk, "move-reason": "Mieux"},
        lambda app, other: {"action": "move", "to_college": other.slug, "reason": "Mieux"},
    ),
}


@pytest.mark.parametrize("name", [*APPLICATION_DOORS, "withdraw", "resubmit"])
def test_applications(name, cast, applicant, college, other_college):
    roles = (*ROLES, "applicant")
    application = college_services.submit_application(
        applicant=applicant, college=college, charter=None, **qualification_for(college)
    )

    def in_state(state):
        Application.objects.filter(pk=application.pk).update(status=state, college=college)
        application.refresh_from_db()
        return application

    if name in APPLICATION_DOORS:
        web, body = APPLICATION_DOORS[name]
        doors = [
            post_site(
                lambda a: reverse("colleges:review", args=[a.pk]),
                (lambda a: web(a, other_college)) if callable(web) else web,
            ),
            post_api(
                lambda a: f"{API}/applications/{a.pk}/decision",
                (lambda a: body(a, other_college)) if callable(body) else body,
            ),
        ]
    elif name == "withdraw":
        doors = [
            post_site(lambda a: reverse("colleges:withdraw", args=[a.pk]), {}),
            post_api(lambda a: f"{API}/applications/{a.pk}/withdraw", {}),
        ]
    else:  # the site only: the API has no resubmission
        doors = [
            post_site(
                lambda a: reverse("colleges:resubmit", args=[a.pk]),
                lambda a: qualification_for(college, motivation="Complétée."),
            )
        ]
    lifecycle = lifecycle_of(application)
    states = (
        sorted(lifecycle[name].sources)
        + [s for s in Application.Status.values if s not in lifecycle[name].sources][:1]
    )

    def changed(a):
        return (
            Application.objects.filter(pk=a.pk).values_list("status", "college_id").get(),
            a.decisions.count(),
        )

    walk(cast, in_state, states, name, doors, changed, roles=roles)


# --- Positions ---------------------------------------------------------------------------------


def test_positions_put_to_vote_and_escalate(cast, college):
    position = adopted_position(college, cast["staff"], facilitator=cast["facilitator"])
    open_cycle(cast["staff"])
    now = timezone.localtime()
    ballot = {
        "opens_at": now.strftime("%Y-%m-%dT%H:%M"),
        "closes_at": (now + timedelta(days=7)).strftime("%Y-%m-%dT%H:%M"),
        "majority": "simple",
        "quorum_percent": 0,
        "secret": "on",
        "allow_change": "on",
    }
    api_ballot = {
        "opens_at": now.isoformat(),
        "closes_at": (now + timedelta(days=7)).isoformat(),
    }

    def in_state(state):
        Position.objects.filter(pk=position.pk).update(status=state)
        # A draft's requests are still open; an adopted position's requests are adopted.
        position.requests.update(status="submitted" if state == "draft" else "adopted")
        position.refresh_from_db()
        return position

    def ballot_of(p):
        return Position.objects.filter(pk=p.pk).values_list("status", "ballot_id").get()

    walk(
        cast,
        in_state,
        ["draft", "adopted"],
        "put_to_vote",
        [
            post_site(lambda p: reverse("proposals:position_put_to_vote", args=[p.pk]), ballot),
            post_api(lambda p: f"{API}/positions/{p.pk}/ballot", api_ballot),
        ],
        ballot_of,
    )

    def items(p):
        return AgendaItem.objects.filter(position=p).count()

    walk(
        cast,
        in_state,
        ["adopted", "not_adopted"],
        "escalate",
        [
            post_site(lambda p: reverse("proposals:ipm_escalate"), lambda p: {"position": p.pk}),
            post_api(lambda p: f"{API}/ipm/escalations", lambda p: {"position": p.pk}),
        ],
        items,
    )


def test_position_outcomes_belong_to_facilitators_and_to_the_ballots_close(cast, college):
    """`adopt` / `not_adopt` have no door of their own: a ballot's close (the system) or a
    facilitator through the service. The table says so, and the service agrees."""
    from proposals.lifecycle import POSITIONS

    for name in ("adopt", "not_adopt"):
        assert POSITIONS[name].by_system
    position = adopted_position(college, cast["staff"], facilitator=cast["facilitator"])
    Position.objects.filter(pk=position.pk).update(status="in_vote")
    position.refresh_from_db()
    for role in ROLES:
        user = cast[role]
        position = Position.objects.get(pk=position.pk)  # the service refreshes the caller's copy
        expected = bool(user) and can_transition(user, position, "adopt")
        if user is None:
            continue  # no actor is the ballot's close itself: the system may
        with undone():
            try:
                proposal_services.record_vote_outcome(position, True, user)
                done = True
            except DomainError:
                done = False
        assert done == expected, role


# --- IPM cycles and items ----------------------------------------------------------------------


@pytest.fixture
def ipm(cast, college):
    staff = cast["staff"]
    position = adopted_position(college, staff, facilitator=cast["facilitator"])
    cycle = open_cycle(staff)
    item = ipm_services.escalate_position(position=position, cycle=cycle, actor=cast["delegate"])
    session = session_for(cycle, staff, [item])
    return cycle, item, session


def test_ipm_cycles(cast, ipm):
    cycle, item, session = ipm
    # Closing waits for every decision (a rule beyond the table): the item is decided.
    Decision.objects.create(
        item=item, session=session, outcome="rejected", reasons="Non.", decided_by=cast["staff"]
    )
    order = [Phase.COLLECTION, Phase.INSTRUCTION, Phase.ARBITRATION, Phase.CLOSED]
    lifecycle = lifecycle_of(cycle)
    for name, transition in lifecycle.transitions.items():
        target = transition.target
        states = [*sorted(transition.sources), order[(order.index(target) + 1) % len(order)]]

        def in_state(state):
            Cycle.objects.filter(pk=cycle.pk).update(phase=state)
            cycle.refresh_from_db()
            return cycle

        walk(
            cast,
            in_state,
            states,
            name,
            [
                post_site(
                    lambda c: reverse("proposals:cycle_move", args=[c.number]),
                    {"to_phase": target, "reason": ""},
                )
            ],
            lambda c: Cycle.objects.filter(pk=c.pk).values_list("phase", flat=True).get(),
        )


def _item_in_state(item, state, session, staff):
    Decision.objects.filter(item=item).delete()
    phase = Phase.ARBITRATION if state == "decided" else state
    Cycle.objects.filter(pk=item.cycle_id).update(phase=phase)
    if state == "decided":
        Decision.objects.create(
            item=item, session=session, outcome="rejected", reasons="Non.", decided_by=staff
        )
    return AgendaItem.objects.select_related("cycle").get(pk=item.pk)


def test_ipm_items(cast, ipm):
    _cycle, item, session = ipm
    staff = cast["staff"]
    lifecycle = lifecycle_of(item)
    analysis = {"feasibility": "easy", "effort": "s", "impact": "Fort", "portal_opinion": "Oui"}
    decision = {"outcome": "rejected", "reasons": "Hors périmètre."}
    doors = {
        "instruct": [
            post_site(lambda i: reverse("proposals:ipm_item_analysis", args=[i.pk]), analysis)
        ],
        "argue": [
            post_site(
                lambda i: reverse("proposals:ipm_item_argument", args=[i.pk]), {"body": "Utile"}
            ),
            post_api(lambda i: f"{API}/ipm/items/{i.pk}/arguments", {"body": "Utile"}),
        ],
        "decide": [
            post_site(lambda i: reverse("proposals:ipm_decide", args=[session.pk, i.pk]), decision),
            post_api(lambda i: f"{API}/ipm/sessions/{session.pk}/decisions/{i.pk}", decision),
        ],
    }
    assert set(doors) == set(lifecycle.transitions)
    all_states = [Phase.COLLECTION, Phase.INSTRUCTION, Phase.ARBITRATION, "decided", Phase.CLOSED]

    def changed(i):
        return (
            Decision.objects.filter(item=i).count(),
            Argument.objects.filter(item=i).count(),
            AgendaItem.objects.filter(pk=i.pk, analysis__isnull=False).count(),
        )

    for name, transition in lifecycle.transitions.items():
        states = [s for s in all_states if s in transition.sources] + [
            s for s in all_states if s not in transition.sources
        ][:1]
        walk(
            cast,
            lambda state: _item_in_state(item, state, session, staff),
            states,
            name,
            doors[name],
            changed,
            refresh=lambda i: AgendaItem.objects.select_related("cycle").get(pk=i.pk),
        )


# --- Ballots -----------------------------------------------------------------------------------


def _ballot_in_state(ballot, state):
    """Move the ballot's dates so the clock gives it `state`."""
    now = timezone.now()
    opens = {
        "candidacy": now + timedelta(hours=1),
        "upcoming": now + timedelta(days=30),
        "open": now - timedelta(minutes=5),
        "closed": now - timedelta(days=2),
    }[state]
    Ballot.objects.filter(pk=ballot.pk).update(
        opens_at=opens,
        closes_at=opens + timedelta(days=1),
        candidacy_opens_at=opens - timedelta(days=7),
        candidacy_closes_at=opens - timedelta(minutes=1),
    )
    return Ballot.objects.get(pk=ballot.pk)


def test_ballots(cast, college):
    election = make_ballot(
        college,
        cast["staff"],
        kind=Ballot.Kind.ELECTION,
        start=timezone.now() + timedelta(days=1),
        question="Élection des délégués",
        at=timezone.now(),
    )
    single = make_ballot(
        college,
        cast["facilitator"],
        kind=Ballot.Kind.SINGLE,
        start=timezone.now() + timedelta(days=2),
    )
    # Everyone joined before the openings the test gives the ballots: all members are electors.
    Membership.objects.update(joined_at=timezone.now() - timedelta(days=60))
    lifecycle = lifecycle_of(single)
    assert lifecycle["open"].permission is None and lifecycle["close"].permission is None
    for name in ("open", "close"):
        for role in ROLES:
            assert not (cast[role] and can_transition(cast[role], single, name))

    walk(
        cast,
        lambda state: _ballot_in_state(election, state),
        ["candidacy", "upcoming"],
        "stand",
        [
            post_site(lambda b: reverse("votes:candidacy", args=[b.pk]), {"statement": "Moi"}),
            post_api(lambda b: f"{API}/ballots/{b.pk}/candidacy", {"statement": "Moi"}),
        ],
        lambda b: Candidacy.objects.filter(ballot=b).count(),
    )

    def vote_for(b):
        return {"choices": b.options.order_by("pk").first().pk}

    walk(
        cast,
        lambda state: _ballot_in_state(single, state),
        ["open", "upcoming"],
        "vote",
        [
            post_site(lambda b: reverse("votes:detail", args=[b.pk]), vote_for),
            post_api(
                lambda b: f"{API}/ballots/{b.pk}/vote",
                lambda b: {"options": [b.options.order_by("pk").first().pk]},
            ),
        ],
        lambda b: Participation.objects.filter(ballot=b).count(),
    )

    # Results are read, not written: the API answers them once the worker's scheduled close has
    # counted the ballot, 409 before (open, or closed and being counted); the viewer agrees.
    def results_agree(ballot, state):
        for role in ROLES:
            user = cast[role]
            expected = bool(user) and can_transition(user, ballot, "read_results")
            with undone():
                answer = api(user).get(f"{API}/ballots/{ballot.pk}/results")
                viewer = api(user).get(f"{API}/ballots/{ballot.pk}")
            assert (answer.status_code == 200) == expected, (state, role, answer.status_code)
            if viewer.status_code == 200:
                assert viewer.json()["viewer"]["can_read_results"] == expected, (state, role)
        return ballot

    results_agree(_ballot_in_state(single, "open"), "open")
    ballot = results_agree(_ballot_in_state(single, "closed"), "closed, being counted")
    assert not any(
        cast[role] and can_transition(cast[role], ballot, "read_results") for role in ROLES
    )
    vote_services.close_due_ballots()  # what the worker does every minute
    results_agree(ballot, "closed, counted")
    assert any(cast[role] and can_transition(cast[role], ballot, "read_results") for role in ROLES)


# --- Whitepapers -------------------------------------------------------------------------------


def test_consultation_comments(cast, college):
    page = published_whitepaper(cast["staff"], title="Choisir son format", colleges=[college])
    consultation = open_consultation(page, cast["staff"])

    def in_state(state):
        now = timezone.now()
        opens = {"open": now - timedelta(days=1), "closed": now - timedelta(days=30)}[state]
        type(consultation).objects.filter(pk=consultation.pk).update(
            opens_at=opens, closes_at=opens + timedelta(days=14)
        )
        consultation.refresh_from_db()
        return consultation

    walk(
        cast,
        in_state,
        ["open", "closed"],
        "comment",
        [post_site(lambda c: reverse("whitepapers:consultation", args=[c.pk]), {"body": "Avis"})],
        lambda c: ConsultationComment.objects.filter(consultation=c).count(),
    )

    comment = ConsultationComment.objects.create(
        consultation=in_state("open"), author=cast["member"], body="Un avis."
    )
    for name, decision in (("approve", "approve"), ("reject", "reject")):

        def comment_in(state):
            ConsultationComment.objects.filter(pk=comment.pk).update(status=state)
            comment.refresh_from_db()
            return comment

        transition = lifecycle_of(comment)[name]
        states = [*sorted(transition.sources), transition.target]
        walk(
            cast,
            comment_in,
            states,
            name,
            [
                post_site(
                    lambda c: reverse("whitepapers:moderate_comment", args=[c.pk]),
                    {"decision": decision},
                )
            ],
            lambda c: ConsultationComment.objects.filter(pk=c.pk).values_list("status").get(),
        )


def test_whitepapers_are_submitted_by_drafters_and_published_by_staff(cast, college):
    """The review and publication happen in Wagtail's back office: its services are the door."""
    from django.contrib.auth.models import Group

    from tests.whitepapers.factories import draft_whitepaper, index_page
    from whitepapers import services as whitepaper_services
    from whitepapers.lifecycle import WHITEPAPERS

    whitepaper_services.ensure_review_workflow(index_page())
    drafter = UserFactory()
    drafter.groups.add(Group.objects.get(name=whitepaper_services.DRAFTERS_GROUP))
    page = draft_whitepaper(title="Soumis à relecture", colleges=[college])
    people = {**cast, "drafter": drafter}
    for name, act in (
        (
            "submit_for_review",
            lambda user, p: whitepaper_services.submit_for_review(page=p, user=user),
        ),
        ("publish", lambda user, p: whitepaper_services.publish_whitepaper(page=p, actor=user)),
    ):
        for role, user in people.items():
            if user is None:
                continue
            expected = WHITEPAPERS.can(user, type(page).objects.get(pk=page.pk), name)
            with undone():
                try:
                    act(user, type(page).objects.get(pk=page.pk))
                    done = True
                except DomainError:
                    done = False
            assert done == expected, (name, role)


# --- Meetings ----------------------------------------------------------------------------------


def test_meetings(cast, college):
    from club.core.audit.models import AuditEntry
    from colleges.meetings.models import Meeting, Registration
    from tests.meetings.factories import make_meeting

    meeting = make_meeting(college, cast["facilitator"], capacity=20)
    future = (meeting.starts_at, meeting.ends_at)
    past = (timezone.now() - timedelta(hours=3), timezone.now() - timedelta(hours=1))

    def in_state(state, *, when=future, registered=False):
        Meeting.objects.filter(pk=meeting.pk).update(
            status=state, starts_at=when[0], ends_at=when[1]
        )
        if registered:  # everyone holds a seat (even who left the college since)
            for user in cast.values():
                if user is not None:
                    Registration.objects.get_or_create(
                        meeting=meeting, user=user, defaults={"status": "confirmed"}
                    )
        return Meeting.objects.get(pk=meeting.pk)

    def changed(m):
        row = Meeting.objects.filter(pk=m.pk).values("status", "sequence").get()
        return row, Registration.objects.filter(meeting=m).count(), AuditEntry.objects.count()

    def door(name, data=None):
        return post_site(lambda m: reverse(f"colleges:meeting_{name}", args=[m.pk]), data or {})

    edit = {
        "title": "Atelier déplacé",
        "starts_at": timezone.localtime(future[0]).strftime("%Y-%m-%dT%H:%M"),
        "ends_at": timezone.localtime(future[1]).strftime("%Y-%m-%dT%H:%M"),
        "mode": "online",
        "online_url": "https://visio.example/autre",
        "capacity": "20",
    }
    S = Meeting.Status
    walk(cast, in_state, [S.OPEN, S.SCHEDULED, S.HELD], "edit", [door("edit", edit)], changed)
    walk(
        cast,
        in_state,
        [S.OPEN, S.SCHEDULED, S.HELD],
        "cancel",
        [door("cancel", {"reason": "Grève"})],
        changed,
    )
    walk(cast, in_state, [S.OPEN, S.SCHEDULED], "register", [door("register")], changed)
    walk(
        cast,
        lambda state: in_state(state, registered=True),
        [S.OPEN, S.SCHEDULED, S.CANCELLED],
        "unregister",
        [door("unregister")],
        changed,
    )
    walk(
        cast,
        lambda state: in_state(state, when=past),
        [S.OPEN, S.HELD, S.PUBLISHED],
        "hold",
        [door("attendance", {"present": []})],
        changed,
    )
    walk(
        cast,
        lambda state: in_state(state, when=past),
        [S.HELD, S.OPEN],
        "publish_minutes",
        [door("minutes", {"minutes": "## Décisions"})],
        changed,
    )
    walk(cast, in_state, [S.SCHEDULED, S.OPEN], "open_registration", [door("open")], changed)
    assert set(lifecycle_of(meeting).transitions) == {
        "open_registration",
        "edit",
        "cancel",
        "register",
        "unregister",
        "hold",
        "publish_minutes",
    }


def test_every_registered_lifecycle_is_walked_here_or_in_the_requests_test():
    walked = {
        "change_request",
        "position",
        "application",
        "ipm_cycle",
        "ipm_item",
        "ballot",
        "consultation",
        "consultation_comment",
        "whitepaper",
        "meeting",
    }
    assert {lifecycle.name for lifecycle in lifecycles()} == walked
    # Unused here but kept imported so a rename breaks this file: the request walker's helper.
    assert make_request
