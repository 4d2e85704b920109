"""A small club with something to find in every kind, and things nobody else may read."""

from dataclasses import dataclass

import pytest
from django.core.cache import cache

from colleges import services as college_services
from colleges.threads import services as thread_services
from proposals.ipm import services as ipm_services
from tests.factories import make_member
from tests.ipm.factories import adopted_position, open_cycle
from tests.proposals.factories import make_request
from tests.threads.factories import make_facilitator, make_theme, make_thread
from tests.votes.factories import make_ballot
from tests.whitepapers.factories import draft_whitepaper, published_whitepaper


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@dataclass
class Club:
    college: object
    other_college: object
    member: object
    outsider: object
    facilitator: object
    other_facilitator: object
    staff: object
    thread: object
    post: object
    hidden_post: object
    other_thread: object
    request: object
    draft_request: object
    position: object
    ballot: object
    other_ballot: object
    item: object
    whitepaper: object
    draft_whitepaper: object


@pytest.fixture
def club(college, other_college, staff):
    """« Factures » appears in one object of each kind, plus in things `member` may not read."""
    facilitator = make_facilitator(college, staff=staff)
    other_facilitator = make_facilitator(other_college, staff=staff)
    member = make_member(college, staff=staff).user
    outsider = make_member(other_college, staff=staff).user

    theme = make_theme(college, facilitator)
    thread = make_thread(
        theme, facilitator, title="Les factures rejetées", body="Premier message.", tags=["rejets"]
    )
    post = thread_services.create_post(
        thread=thread, author=member, body="Mes factures ont été rejetées sans motif lisible."
    )
    hidden_post = thread_services.create_post(
        thread=thread, author=member, body="Facture secrète de mon voisin, à masquer."
    )
    thread_services.hide_post(post=hidden_post, actor=facilitator, reason="Données personnelles.")
    other_theme = make_theme(other_college, other_facilitator, title="Interfaces")
    other_thread = make_thread(
        other_theme,
        other_facilitator,
        title="Factures confidentielles des éditeurs",
        body="Nos factures de licence.",
    )

    request = make_request(
        member,
        college,
        title="Afficher le motif de rejet des factures",
        current_behaviour="Le motif est tronqué.",
        expected_behaviour="Le motif complet est affiché.",
    )
    draft_request = make_request(
        member,
        college,
        submit=False,
        title="Brouillon sur les factures",
        current_behaviour="Brouillon.",
        expected_behaviour="Brouillon.",
    )
    position = adopted_position(
        college, staff, facilitator=facilitator, title="Position sur les factures rejetées"
    )
    cycle = open_cycle(staff)
    delegate = make_member(college, staff=staff).user
    college_services.appoint_delegate(college=college, user=delegate, actor=staff)
    item = ipm_services.escalate_position(
        position=position, cycle=cycle, actor=delegate, reason="Les factures bloquées coûtent."
    )
    ballot = make_ballot(college, facilitator, question="Faut-il relancer les factures en retard ?")
    other_ballot = make_ballot(
        other_college, other_facilitator, question="Factures des éditeurs : quel format ?"
    )
    whitepaper = published_whitepaper(
        staff, title="Dématérialiser ses factures", summary="Guide des factures électroniques."
    )
    draft = draft_whitepaper(title="Factures à paraître", summary="Brouillon sur les factures.")
    return Club(
        college=college,
        other_college=other_college,
        member=member,
        outsider=outsider,
        facilitator=facilitator,
        other_facilitator=other_facilitator,
        staff=staff,
        thread=thread,
        post=post,
        hidden_post=hidden_post,
        other_thread=other_thread,
        request=request,
        draft_request=draft_request,
        position=position,
        ballot=ballot,
        other_ballot=other_ballot,
        item=item,
        whitepaper=whitepaper,
        draft_whitepaper=draft,
    )
