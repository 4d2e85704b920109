"""One behaviour for every form sent with errors (issue 22, RGAA 11.10 and 11.11, the DSFR form
pattern): a summary at the top of the form linking each error to its field, a page title that
starts with « Erreur : », no browser validation bubbles (novalidate). The browser side (the focus
moved to the summary) is in tests/e2e/test_form_errors.py."""

import re

import pytest
from django.urls import reverse

from club.core.forms import DsfrBaseForm, error_summary
from tests.factories import UserFactory
from tests.threads.factories import make_theme, make_thread

pytestmark = pytest.mark.django_db


def title_of(html: str) -> str:
    return re.search(r"<title>(.*?)</title>", html, re.S).group(1).strip()


def summary_of(html: str) -> str:
    match = re.search(
        r'<div class="fr-alert fr-alert--error[^"]*club-error-summary".*?</div>', html, re.S
    )
    assert match, "no error summary on the page"
    return match.group(0)


def form_tags(html: str) -> list[str]:
    return re.findall(r"<form\b[^>]*>", html, re.S)


def assert_guides(html: str, *anchors: str) -> None:
    assert title_of(html).startswith("Erreur : ")
    summary = summary_of(html)
    assert 'tabindex="-1"' in summary and "data-error-summary" in summary
    for anchor in anchors:
        assert f'href="#{anchor}"' in summary, anchor
        # The link leads somewhere: the field is on the page.
        assert f'id="{anchor}"' in html, anchor
    # The summary sits inside the form it sums up, at its top, before the first field.
    assert html.index("data-error-summary") < html.index(f'id="{anchors[0]}"')


def test_signup_sent_empty(client):
    page = client.get(reverse("account_signup")).content.decode()
    assert not title_of(page).startswith("Erreur")
    assert "data-error-summary" not in page
    assert all("novalidate" in tag for tag in form_tags(page))

    html = client.post(reverse("account_signup"), {}).content.decode()

    assert_guides(html, "id_first_name", "id_email", "id_password1")
    assert "Prénom : " in summary_of(html)
    # The consent's label holds a link: the summary gives its text, not its escaped markup.
    assert "relative aux données personnelles : " in summary_of(html)
    assert "&lt;" not in summary_of(html)


def test_login_refusal_is_summed_up_without_a_link(client):
    html = client.post(
        reverse("account_login"), {"login": "x@exemple.fr", "password": "faux"}
    ).content.decode()
    assert title_of(html).startswith("Erreur : ")
    assert "data-error-summary" in html


def test_application_sent_empty(client, college):
    client.force_login(UserFactory())
    url = reverse("colleges:apply_to", args=[college.slug])
    assert all("novalidate" in tag for tag in form_tags(client.get(url).content.decode()))

    # A browser always sends something (the tokens); an empty dict would leave the form unbound.
    html = client.post(url, {"organisation_name": ""}).content.decode()

    assert_guides(html, "id_organisation_name", "id_siret", "id_organisation_kind")


def test_change_request_sent_empty(client, member):
    client.force_login(member)
    url = reverse("proposals:create")
    assert all("novalidate" in tag for tag in form_tags(client.get(url).content.decode()))

    html = client.post(url, {"action": "submit"}).content.decode()

    assert_guides(html, "id_title")


def test_empty_reply_opens_at_the_reply_box(client, college, member, staff):
    thread = make_thread(make_theme(college, staff), staff)
    client.force_login(member)
    url = reverse("colleges:thread_detail", args=[thread.pk])
    page = client.get(url).content.decode()
    # The reply form posts to the reply box's anchor: the answer, errors included, opens there.
    action = reverse("colleges:post_create", args=[thread.pk])
    assert f'action="{action}#reponse"' in page
    assert all("novalidate" in tag for tag in form_tags(page))
    assert not title_of(page).startswith("Erreur")
    # A skip link leads to the reply box (44 Tab presses on a short thread without it), whose
    # first field takes the focus when the address names it (forms.js).
    skiplinks = page[page.index("fr-skiplinks") : page.index("</nav>")]
    assert '<a class="fr-link" href="#reponse">Répondre</a>' in skiplinks
    assert '<section id="reponse"' in page and "data-focus-on-target" in page

    response = client.post(action, {"body": ""})

    assert response.status_code == 400
    html = response.content.decode()
    assert_guides(html, "id_body")
    assert html.index('id="reponse"') < html.index("data-error-summary")


def test_every_form_of_the_site_leaves_validation_to_the_server():
    """No template opens a form the browser would check with its own bubbles."""
    from pathlib import Path

    from django.conf import settings

    missing = []
    for path in (Path(settings.BASE_DIR) / "templates").rglob("*.html"):
        text = path.read_text()
        missing += [
            f"{path.name}: {tag[:60]}" for tag in form_tags(text) if "novalidate" not in tag
        ]
    assert not missing


class Sample(DsfrBaseForm):
    from django import forms

    name = forms.CharField(label="Nom")
    kind = forms.ChoiceField(
        label="Genre", choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect
    )
    secret = forms.CharField(widget=forms.HiddenInput)

    def clean(self):
        raise self.forms.ValidationError("Tout est faux.")


def test_summary_lists_the_forms_errors_in_its_order_with_links_to_their_fields():
    form = Sample(data={})
    items = error_summary(form)
    assert [(i.label, i.anchor) for i in items] == [
        ("", ""),  # the form's own error, first, no field to go to
        ("Nom", "id_name"),
        ("Genre", "id_kind_0"),  # a group of choices: its first one
        ("", ""),  # a hidden field: nothing to link to
    ]
    html = form.render()
    assert html.index("data-error-summary") < html.index('id="id_name"')
    assert "Le formulaire contient 4 erreurs" in html
    assert error_summary(Sample()) == []
    assert "data-error-summary" not in Sample().render()


@pytest.mark.parametrize("typed", ["9999-12-31T23:59", "0001-01-01T00:30"])
def test_a_date_no_one_means_is_a_field_error_not_a_server_error(typed):
    """Found by the form fuzzer: year 9999 in Paris overflowed on its way to UTC (a 500)."""
    from proposals.ipm.forms import MeetingForm

    form = MeetingForm({"held_at": typed})
    assert not form.is_valid()
    assert "Choisissez une date entre 1900 et 2999." in form.errors["held_at"]
