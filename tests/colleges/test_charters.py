"""College charters: readable by anyone, versioned, published and corrected by staff in Wagtail."""

import pytest
from django.urls import reverse

from club.core.audit.models import AuditEntry
from club.core.domain import DomainError
from colleges import services
from colleges.models import Charter
from tests.accounts.conftest import enable_totp
from tests.colleges.factories import CharterFactory
from tests.factories import StaffFactory, make_member

pytestmark = pytest.mark.django_db


def test_anyone_reads_every_college_current_charter(client, college, other_college):
    CharterFactory(college=college, version=1, title="Charte des fournisseurs v1")
    CharterFactory(college=college, version=2, title="Charte des fournisseurs v2")
    CharterFactory(college=other_college, version=1, title="Charte des éditeurs")
    response = client.get(reverse("colleges:charters"))
    assert response.status_code == 200
    html = response.text
    assert "Charte des fournisseurs v2" in html
    assert "Charte des fournisseurs v1" not in html
    assert "Charte des éditeurs" in html
    assert f'href="{reverse("colleges:charter", args=[college.slug])}"' in html


def test_charter_list_query_count_is_constant(client, django_assert_max_num_queries):
    from tests.factories import CollegeFactory

    CharterFactory(college=CollegeFactory(), version=1)
    with django_assert_max_num_queries(6) as few:
        client.get(reverse("colleges:charters"))
    for _ in range(4):
        college = CollegeFactory()
        CharterFactory(college=college, version=1)
        CharterFactory(college=college, version=2)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("colleges:charters"))


def test_charter_page_shows_the_current_version_and_keeps_earlier_ones(client, college):
    CharterFactory(college=college, version=1, title="Charte v1", body="Règle ancienne.")
    CharterFactory(college=college, version=2, title="Charte v2", body="Règle nouvelle.")
    response = client.get(reverse("colleges:charter", args=[college.slug]))
    assert response.status_code == 200
    assert "Règle nouvelle." in response.text
    assert "n'est plus en vigueur" not in response.text
    old_url = reverse("colleges:charter_version", args=[college.slug, 1])
    assert f'href="{old_url}"' in response.text
    response = client.get(old_url)
    assert "Règle ancienne." in response.text
    assert "n'est plus en vigueur" in response.text
    assert (
        client.get(reverse("colleges:charter_version", args=[college.slug, 9])).status_code == 404
    )


def test_college_without_charter_has_no_charter_page(client, college):
    assert client.get(reverse("colleges:charter", args=[college.slug])).status_code == 404


def test_college_page_links_to_its_charter(client, college):
    CharterFactory(college=college, version=1)
    html = client.get(reverse("colleges:detail", args=[college.slug])).text
    assert f'href="{reverse("colleges:charter", args=[college.slug])}"' in html


def test_publishing_takes_the_next_version_and_is_audited(college, staff):
    CharterFactory(college=college, version=1)
    charter = services.publish_charter(
        college=college, title="Charte", body="1. Courtoisie.", actor=staff
    )
    assert charter.version == 2
    assert college.current_charter == charter
    entry = AuditEntry.objects.get(action="charter.published")
    assert entry.actor == staff and entry.after == {"college": college.slug, "version": 2}


def test_only_staff_publish_a_charter(college, user):
    with pytest.raises(DomainError):
        services.publish_charter(college=college, title="Charte", body="Texte", actor=user)
    assert not Charter.objects.exists()


def test_an_accepted_version_is_never_rewritten(college, staff):
    charter = CharterFactory(college=college, version=1, body="Texte accepté.")
    make_member(college, staff=staff)  # accepts version 1
    with pytest.raises(DomainError, match="publiez une nouvelle version"):
        services.amend_charter(charter=charter, title="Autre", body="Autre texte.", actor=staff)
    charter.refresh_from_db()
    assert charter.body == "Texte accepté."


def test_a_version_nobody_accepted_may_be_corrected(college, staff):
    charter = CharterFactory(college=college, version=1, body="Txte.")
    services.amend_charter(charter=charter, title=charter.title, body="Texte.", actor=staff)
    charter.refresh_from_db()
    assert charter.body == "Texte."


@pytest.fixture
def admin_client(client):
    admin = StaffFactory(is_superuser=True)
    enable_totp(admin)  # the back office requires a second factor
    client.force_login(admin)
    return client


def test_staff_publish_a_new_version_in_the_wagtail_admin(admin_client, client, college, staff):
    CharterFactory(college=college, version=1)
    url = "/cms/snippets/colleges/charter/add/"
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(
        url, {"college": college.pk, "title": "Charte v2", "body": "1. Nouvelle règle."}
    )
    assert response.status_code == 302, response.content[-2000:]
    assert college.current_charter.version == 2
    assert (
        "<li>Nouvelle règle.</li>"
        in client.get(reverse("colleges:charter", args=[college.slug])).text
    )


def test_wagtail_admin_refuses_to_rewrite_an_accepted_version(admin_client, college, staff):
    charter = CharterFactory(college=college, version=1, body="Texte accepté.")
    make_member(college, staff=staff)
    url = f"/cms/snippets/colleges/charter/edit/{charter.pk}/"
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(
        url, {"college": college.pk, "title": charter.title, "body": "Texte changé."}
    )
    assert response.status_code == 200
    assert "publiez une nouvelle version" in str(response.context["form"].non_field_errors())
    charter.refresh_from_db()
    assert charter.body == "Texte accepté."


def test_a_charter_reads_as_paragraphs_and_a_real_list_and_old_versions_say_so(client, college):
    """RGAA 9.3: the numbered rules were « 1. …<br>2. … » inside one paragraph; RGAA 8.6: an
    earlier version had the current one's title (issue 22)."""
    CharterFactory(college=college, version=1, title="Charte", body="Ancienne règle.")
    CharterFactory(
        college=college,
        version=2,
        title="Charte",
        body="Préambule <i>court</i>.\n\n1. On reste courtois.\n2. On ne publie rien d'un client.",
    )
    html = client.get(reverse("colleges:charter", args=[college.slug])).text
    assert (
        "<p>Préambule &lt;i&gt;court&lt;/i&gt;.</p>"
        "<ol><li>On reste courtois.</li><li>On ne publie rien d&#x27;un client.</li></ol>"
    ) in html
    assert "<br>2." not in html
    assert "<title>Charte — Club Chorus Pro</title>" in html

    old = client.get(reverse("colleges:charter_version", args=[college.slug, 1])).text
    assert "<title>Charte (version 1) — Club Chorus Pro</title>" in old
