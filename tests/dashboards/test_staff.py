"""The staff dashboard: staff with a second factor only; figures equal counts made by hand."""

import csv
import io
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from club.core.notifications import services as notifications
from club.core.notifications.models import EmailDelivery
from colleges import services as college_services
from colleges.models import Application
from colleges.threads import services as thread_services
from colleges.threads.models import ModerationAction, Post
from proposals import services as proposal_services
from proposals.ipm import services as ipm_services
from proposals.ipm.models import Outcome, Phase
from tests.factories import UserFactory, make_member, qualification_for
from tests.ipm.factories import adopted_position, open_cycle, session_for, to_phase
from tests.proposals.factories import delegate_of, make_request
from tests.threads.factories import make_facilitator, make_theme, make_thread
from tests.votes.factories import make_ballot, option
from votes import services as vote_services
from votes.models import Elector, Participation

URL = "/tableaux-de-bord/equipe/"


def _table(client, slug):
    return next(t for t in client.get(URL).context["tables"] if t.slug == slug)


def _apply(college, days_ago):
    application = college_services.submit_application(
        applicant=UserFactory(),
        college=college,
        charter=college.current_charter,
        **qualification_for(college),
    )
    Application.objects.filter(pk=application.pk).update(
        submitted_at=timezone.now() - timedelta(days=days_ago)
    )
    return application


# ---- access ---------------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_log_in(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert "/compte/" in response["Location"]


def test_members_are_refused(client, member):
    client.force_login(member)
    assert client.get(URL).status_code == 403
    assert client.get(URL + "entonnoir.csv").status_code == 403


def test_staff_without_second_factor_are_sent_to_set_it_up(client, staff):
    client.force_login(staff)
    response = client.get(URL)
    assert response.status_code == 302
    assert "totp" in response["Location"] or "mfa" in response["Location"]


def test_staff_with_second_factor_see_every_table(client, mfa_staff):
    client.force_login(mfa_staff)
    response = client.get(URL)
    assert response.status_code == 200
    slugs = [t.slug for t in response.context["tables"]]
    assert slugs == [
        "file-de-validation",
        "courriels",
        "activite",
        "participation",
        "entonnoir",
        "signalements",
        "moderation",
    ]
    page = response.content.decode()
    for slug in slugs:
        assert f'href="/tableaux-de-bord/equipe/{slug}.csv"' in page
        assert f'data-testid="table-{slug}"' in page
    charted = [t for t in response.context["tables"] if t.chart]
    assert page.count('role="img"') == len(charted)
    assert page.count("<caption") == len(slugs)


# ---- figures --------------------------------------------------------------------------------


def test_validation_queue_by_age(client, mfa_staff, college, other_college):
    for days in (2, 10, 20, 40, 45):
        _apply(college, days)
    _apply(other_college, 3)
    approved = _apply(college, 60)
    college_services.approve_application(application=approved, actor=mfa_staff)
    client.force_login(mfa_staff)
    table = _table(client, "file-de-validation")
    rows = {row[0]: row[1:6] for row in table.rows}
    assert rows[college.name] == [1, 1, 1, 2, 5]
    assert rows[other_college.name] == [1, 0, 0, 0, 1]
    assert table.footer[0][1:6] == [2, 1, 1, 2, 6]
    oldest = Application.objects.filter(status__in=Application.OPEN_STATUSES).earliest(
        "submitted_at"
    )
    assert table.footer[0][6] == timezone.localtime(oldest.submitted_at).strftime("%d/%m/%Y")


def test_the_background_queue_shows_how_long_mail_has_waited(
    client, mfa_staff, settings, django_capture_on_commit_callbacks
):
    """A worker that stopped is seen: the e-mails and tasks waiting, and since when (26.3)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):  # queues one task for both
        notifications.notify([UserFactory(), UserFactory()], "announcement", subject="AG")
    EmailDelivery.objects.update(next_attempt_at=now - timedelta(minutes=42))
    later = EmailDelivery.objects.create(
        recipient=UserFactory(), idempotency_key="k", subject="s", body="b"
    )
    EmailDelivery.objects.filter(pk=later.pk).update(
        attempts=1, next_attempt_at=now + timedelta(minutes=5)
    )
    DBTaskResult.objects.update(enqueued_at=now - timedelta(minutes=42))
    client.force_login(mfa_staff)
    with time_machine.travel(now, tick=False):
        rows = {row[0]: row[1:] for row in _table(client, "courriels").rows}
    assert rows["Courriels à envoyer"][0] == 2
    assert rows["Courriels à envoyer"][2] == 42
    assert rows["Courriels en attente d'une nouvelle tentative"][:1] == [1]
    assert rows["Tâches de fond en attente"][0] == 1
    assert rows["Tâches de fond en attente"][2] == 42
    assert rows["Tâches de fond en cours"] == [0, "", ""]


def test_activity_per_college_and_month(client, mfa_staff, college, other_college):
    facilitator = make_facilitator(college, staff=mfa_staff)
    thread = make_thread(make_theme(college, facilitator), facilitator)  # one post
    for _index in range(2):
        thread_services.create_post(thread=thread, author=facilitator, body="Réponse.")
    old = thread_services.create_post(thread=thread, author=facilitator, body="Ancien.")
    Post.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=400))
    make_request(facilitator, college)
    make_request(facilitator, college, submit=False)  # drafts are not activity yet
    client.force_login(mfa_staff)
    table = _table(client, "activite")
    this_month = timezone.localdate().replace(day=1)
    expected_posts = Post.objects.filter(
        thread__college=college, created_at__gte=timezone.now() - timedelta(days=31)
    ).count()
    assert expected_posts == 3
    from django.utils import formats

    label = formats.date_format(this_month, "F Y")
    assert [label, college.name, 3, 1] in table.rows
    assert all(row[1] != other_college.name for row in table.rows)


def test_turnout_per_ballot(client, mfa_staff, college, staff):
    facilitator = make_facilitator(college, staff=staff)
    voters = [make_member(college, staff=staff).user for _index in range(4)]
    ballot = make_ballot(college, facilitator)
    for voter in voters[:3]:
        vote_services.cast_vote(ballot=ballot, voter=voter, option_ids=[option(ballot, "for").pk])
    make_ballot(college, facilitator, start=timezone.now() + timedelta(days=3))  # not open yet
    client.force_login(mfa_staff)
    table = _table(client, "participation")
    (row,) = table.rows
    voted = Participation.objects.filter(ballot=ballot).count()
    registered = Elector.objects.filter(ballot=ballot).count()
    assert row[3:5] == [voted, registered]
    assert voted == 3
    assert row[5] == f"{100 * voted / registered:.1f}".replace(".", ",")


@pytest.fixture
def road(college, staff):
    """Requests stopped at each step: filed, supported, in a draft position, adopted, escalated,
    decided."""
    author = make_member(college, staff=staff).user
    make_request(author, college)  # filed only
    supported = make_request(author, college)
    proposal_services.support_request(
        request=supported, member=make_member(college, staff=staff).user
    )
    facilitator = make_facilitator(college, staff=staff)
    in_draft = make_request(author, college)
    proposal_services.build_position(
        college=college, title="Brouillon", body="…", requests=[in_draft], actor=facilitator
    )
    adopted_position(college, staff, title="Adoptée seulement", facilitator=facilitator)
    escalated = adopted_position(college, staff, title="Portée", facilitator=facilitator)
    decided = adopted_position(college, staff, title="Décidée", facilitator=facilitator)
    delegate = delegate_of(college, staff=staff)
    cycle = open_cycle(staff)
    ipm_services.escalate_position(position=escalated, cycle=cycle, actor=delegate)
    item = ipm_services.escalate_position(position=decided, cycle=cycle, actor=delegate)
    to_phase(cycle, Phase.INSTRUCTION, staff)
    ipm_services.record_analysis(
        item=item,
        actor=staff,
        feasibility="easy",
        effort="s",
        impact="Tous.",
        portal_opinion="Oui.",
    )
    to_phase(cycle, Phase.ARBITRATION, staff)
    ipm_services.record_decision(
        item=item,
        session=session_for(cycle, staff, [item]),
        outcome=Outcome.REJECTED,
        reasons="Hors périmètre.",
        actor=staff,
    )


def test_funnel_from_request_to_decision(client, mfa_staff, road):
    client.force_login(mfa_staff)
    table = _table(client, "entonnoir")
    counts = [row[1] for row in table.rows]
    # filed 6; supported: 1 + 3 adopted (their factory supports them); in a position: 1 + 3;
    # adopted 3; escalated 2; decided 1.
    assert counts == [6, 4, 4, 3, 2, 1]
    assert table.rows[0][2] == "100,0"


def test_moderation_load(client, mfa_staff, college, staff):
    facilitator = make_facilitator(college, staff=staff)
    reader = make_member(college, staff=staff).user
    thread = make_thread(make_theme(college, facilitator), facilitator)
    posts = [
        thread_services.create_post(thread=thread, author=facilitator, body=f"Message {i}.")
        for i in range(3)
    ]
    for post in posts:
        thread_services.report_post(post=post, reporter=reader, reason="Hors sujet.")
    thread_services.hide_post(post=posts[0], actor=facilitator, reason="Hors sujet.")
    thread_services.dismiss_reports(post=posts[1], actor=facilitator)
    client.force_login(mfa_staff)
    reports = _table(client, "signalements")
    assert reports.rows == [[college.name, 1, 2]]
    moderation = _table(client, "moderation")
    this_month = moderation.rows[-1]
    expected = ModerationAction.objects.filter(college=college).count()
    assert this_month[-1] == expected  # theme opened, post hidden, reports dismissed
    assert expected == 3
    headers = moderation.headers
    assert this_month[headers.index("Message masqué")] == 1


def test_staff_csv(client, mfa_staff, road):
    client.force_login(mfa_staff)
    response = client.get(URL + "entonnoir.csv")
    assert response.status_code == 200
    assert response.content.startswith(b"\xef\xbb\xbf")
    assert 'filename="equipe-entonnoir.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Étape", "Demandes", "Part des demandes déposées (%)"]
    assert rows[1] == ["Déposées", "6", "100,0"]
    assert rows[-1][:2] == ["Arbitrées par l'IPM", "1"]
    assert client.get(URL + "inconnu.csv").status_code == 404


def test_staff_dashboard_query_count(
    client, mfa_staff, college, road, django_assert_max_num_queries
):
    for days in range(0, 60, 6):
        _apply(college, days)
    client.force_login(mfa_staff)
    with django_assert_max_num_queries(16):
        assert client.get(URL).status_code == 200
