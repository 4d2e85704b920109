from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from wagtail.models import WorkflowState

from club.core.audit.models import AuditEntry
from club.core.domain import DomainError
from tests.factories import UserFactory, make_member
from tests.proposals.factories import with_totp
from tests.whitepapers.factories import (
    draft_whitepaper,
    index_page,
    open_consultation,
    published_whitepaper,
)
from whitepapers import services
from whitepapers.models import CommentStatus, ConsultationComment

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(college):
    page = draft_whitepaper(title="Projet confidentiel", colleges=[college])
    draft = page.get_latest_revision_as_object()
    draft.summary = "Texte du brouillon en consultation"
    draft.save_revision()
    page.refresh_from_db()
    return page


def test_a_draft_is_never_public(client, draft, staff, other_college):
    consultation = open_consultation(draft, staff)
    # The page was never published: Wagtail does not serve it.
    assert client.get("/livres-blancs/projet-confidentiel/").status_code == 404
    assert "Projet confidentiel" not in client.get(index_page().url).text
    assert "Projet confidentiel" not in client.get("/livres-blancs/flux.atom").text
    assert client.get(f"/livres-blancs/{draft.pk}/pdf/").status_code == 404
    # Anonymous: sent to log in. A member of another college: refused.
    response = client.get(f"/livres-blancs/consultations/{consultation.pk}/")
    assert response.status_code == 302 and "/compte/login/" in response.url
    outsider = make_member(other_college, staff=staff).user
    client.force_login(outsider)
    response = client.get(f"/livres-blancs/consultations/{consultation.pk}/")
    assert response.status_code == 403
    assert "Texte du brouillon" not in response.text
    # Issue 21.9: not a bare « Accès refusé », but who may take part and how to.
    assert "réservée aux membres des collèges qui rédigent ce livre blanc" in response.text
    assert f"« {draft.colleges.get().name} »" in response.text
    response = client.post(f"/livres-blancs/consultations/{consultation.pk}/", {"body": "Intrus"})
    assert response.status_code == 403
    assert not ConsultationComment.objects.exists()


def test_the_latest_draft_of_a_published_paper_stays_private(client, staff, college):
    page = published_whitepaper(
        staff, title="Publié", colleges=[college], summary="Version publique"
    )
    draft = page.get_latest_revision_as_object()
    draft.summary = "Nouvelle rédaction privée"
    draft.save_revision()
    open_consultation(page, staff)
    response = client.get(page.url)
    assert "Version publique" in response.text
    assert "Nouvelle rédaction privée" not in response.text
    assert "Lire le projet et donner votre avis" not in response.text
    client.force_login(make_member(college, staff=staff).user)
    response = client.get(page.url)
    assert "Nouvelle rédaction privée" not in response.text
    assert "Lire le projet et donner votre avis" in response.text


def test_member_of_contributing_college_reads_the_draft_and_comments(client, draft, staff, member):
    consultation = open_consultation(draft, staff)
    client.force_login(member)
    url = f"/livres-blancs/consultations/{consultation.pk}/"
    response = client.get(url)
    assert response.status_code == 200
    assert "Texte du brouillon en consultation" in response.text
    response = client.post(url, {"body": "Précisez le profil BASIC WL."})
    assert response.status_code == 302
    comment = ConsultationComment.objects.get()
    assert comment.author == member and comment.status == CommentStatus.PENDING
    assert comment.revision_id == draft.get_latest_revision().pk
    # The author sees their own pending comment; another member does not, until approved.
    assert "Précisez le profil BASIC WL." in client.get(url).text
    other_member = make_member(draft.colleges.first(), staff=staff).user
    client.force_login(other_member)
    assert "Précisez le profil BASIC WL." not in client.get(url).text
    # Staff sees it and moderates it.
    with_totp(staff)  # staff's reading and moderating are powers
    client.force_login(staff)
    assert "Précisez le profil BASIC WL." in client.get(url).text
    client.post(
        f"/livres-blancs/consultations/commentaires/{comment.pk}/moderer/", {"decision": "approve"}
    )
    comment.refresh_from_db()
    assert comment.status == CommentStatus.APPROVED and comment.moderated_by == staff
    client.force_login(other_member)
    assert "Précisez le profil BASIC WL." in client.get(url).text


def test_empty_comment_rerenders_with_a_french_error(client, draft, staff, member):
    consultation = open_consultation(draft, staff)
    client.force_login(member)
    response = client.post(f"/livres-blancs/consultations/{consultation.pk}/", {"body": ""})
    assert response.status_code == 200
    assert "fr-error-text" in response.text, response.text[-3000:]


def test_only_staff_moderates(client, draft, staff, member):
    consultation = open_consultation(draft, staff)
    comment = services.post_comment(consultation=consultation, author=member, body="Avis")
    client.force_login(member)
    response = client.post(
        f"/livres-blancs/consultations/commentaires/{comment.pk}/moderer/", {"decision": "approve"}
    )
    assert response.status_code == 403
    comment.refresh_from_db()
    assert comment.status == CommentStatus.PENDING


def test_consultation_closes_on_its_date(client, draft, staff, member):
    now = timezone.now()
    consultation = services.open_consultation(
        page=draft,
        opens_at=now - timedelta(days=10),
        closes_at=now - timedelta(days=1),
        actor=staff,
    )
    with pytest.raises(DomainError):
        services.post_comment(consultation=consultation, author=member, body="Trop tard")
    client.force_login(member)
    response = client.get(f"/livres-blancs/consultations/{consultation.pk}/")
    assert response.status_code == 403
    assert "Cette consultation est close" in response.text
    # Staff and contributors still read it and its comments.
    with_totp(staff)  # staff's reading and moderating are powers
    client.force_login(staff)
    response = client.get(f"/livres-blancs/consultations/{consultation.pk}/")
    assert response.status_code == 200
    assert "Cette consultation est close." in response.text


def test_named_contributor_reads_and_comments_without_being_a_member(client, staff, college):
    author = UserFactory()
    page = draft_whitepaper(title="Projet", colleges=[college], contributors=[author])
    consultation = open_consultation(page, staff)
    client.force_login(author)
    assert client.get(f"/livres-blancs/consultations/{consultation.pk}/").status_code == 200
    services.post_comment(consultation=consultation, author=author, body="Relu")


def test_only_staff_opens_a_consultation(draft, member):
    now = timezone.now()
    with pytest.raises(DomainError):
        services.open_consultation(
            page=draft, opens_at=now, closes_at=now + timedelta(days=1), actor=member
        )


def test_review_workflow_drafter_submits_staff_approves_and_publishes(staff, college):
    workflow = services.ensure_review_workflow(index_page())
    assert services.ensure_review_workflow(index_page()) == workflow
    staff.groups.add(Group.objects.get(name=services.REVIEWERS_GROUP))
    drafter = UserFactory()
    drafter.groups.add(Group.objects.get(name=services.DRAFTERS_GROUP))
    page = draft_whitepaper(title="Soumis à relecture", colleges=[college])
    permissions = page.permissions_for_user(drafter)
    assert permissions.can_edit() and not permissions.can_publish()
    state = services.submit_for_review(page=page, user=drafter)
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    with pytest.raises(DomainError):
        services.submit_for_review(page=page, user=drafter)
    task_state = state.current_task_state
    task_state.task.specific.on_action(task_state, staff, "approve")
    page.refresh_from_db()
    assert page.live
    assert page.publication_date is not None
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_APPROVED
    # The approval published it: audited once, in the approver's name.
    entry = AuditEntry.objects.get(action="whitepaper.published")
    assert entry.actor == staff
    assert entry.after["revision"] == page.live_revision_id


def test_publishing_through_the_service_is_audited_once(staff, college):
    page = draft_whitepaper(title="Publié par le service", colleges=[college])
    revision = services.publish_whitepaper(page=page, actor=staff)
    entries = AuditEntry.objects.filter(action="whitepaper.published")
    assert [(e.actor, e.after["revision"]) for e in entries] == [(staff, revision.pk)]


def test_consultation_page_query_count_is_constant(
    client, draft, staff, college, django_assert_max_num_queries
):
    consultation = open_consultation(draft, staff)

    def comment(n):
        for _ in range(n):
            author = make_member(college, staff=staff).user
            services.post_comment(consultation=consultation, author=author, body="Avis")

    url = f"/livres-blancs/consultations/{consultation.pk}/"
    with_totp(staff)  # staff's reading and moderating are powers
    client.force_login(staff)
    comment(2)
    with django_assert_max_num_queries(40) as ctx:
        response = client.get(url)
    assert len(response.context["comments"]) == 2
    bound = len(ctx.captured_queries)
    comment(6)
    with django_assert_max_num_queries(bound):
        response = client.get(url)
    assert len(response.context["comments"]) == 8


def test_personal_data_export_lists_comments(draft, staff, member):
    from club.core.gdpr.services import export_personal_data

    consultation = open_consultation(draft, staff)
    services.post_comment(consultation=consultation, author=member, body="Mon avis")
    data = export_personal_data(user=member)
    section = data["sections"]["whitepapers"]
    assert section["commentaires_de_consultation"][0]["texte"] == "Mon avis"


def test_index_lists_open_consultations_only_to_those_who_may_read_them(
    client, draft, staff, member, other_college
):
    consultation = open_consultation(draft, staff)
    url = index_page().url
    assert client.get(url).context["consultations"] == []
    client.force_login(member)
    response = client.get(url)
    assert response.context["consultations"] == [consultation]
    assert f"/livres-blancs/consultations/{consultation.pk}/" in response.text
    client.force_login(make_member(other_college, staff=staff).user)
    assert client.get(url).context["consultations"] == []
