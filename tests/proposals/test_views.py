import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from proposals import services
from proposals.models import ChangeRequest, Screenshot, Status
from proposals.validators import SCREENSHOT_MAX_BYTES
from tests.proposals.factories import (
    JPEG_BYTES,
    PNG_BYTES,
    WEBP_BYTES,
    area,
    make_request,
    member_of,
    png_upload,
    with_totp,
)


def form_data(college, **overrides):
    data = {
        "title": "Libellé « Service exécutant » peu explicite",
        "college": college.pk,
        "area": area().pk,
        "screen": "Saisir une facture",
        "field_label": "Service exécutant",
        "current_behaviour": "Les fournisseurs ne savent pas quoi saisir.",
        "expected_behaviour": "Un libellé « Code service du destinataire » et une aide.",
        "affected_who": "PME sans logiciel",
        "frequency": "weekly",
        "tags": "libellé, service exécutant",
        "source_url": "",
        "action": "submit",
    }
    data.update(overrides)
    return data


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client


def test_a_member_files_a_request_from_a_thread_with_a_screenshot(
    member_client, college, member, thread
):
    page = member_client.get(reverse("proposals:create") + f"?thread={thread.pk}")
    assert page.status_code == 200
    assert f'name="source_thread_id" value="{thread.pk}"' in page.content.decode()
    data = form_data(
        college, source_thread_id=str(thread.pk), screenshots=png_upload("mon écran.png")
    )
    response = member_client.post(reverse("proposals:create"), data)
    cr = ChangeRequest.objects.get()
    assert response.status_code == 302 and response["Location"] == cr.get_absolute_url()
    assert cr.status == Status.SUBMITTED
    assert cr.source_thread == thread
    assert sorted(t.name for t in cr.tags.all()) == ["libellé", "service exécutant"]
    shot = Screenshot.objects.get()
    assert shot.content_type == "image/png"
    assert shot.original_name == "capture.png" or shot.original_name
    assert re.fullmatch(r"proposals/screenshots/[0-9a-f]{32}\.png", shot.file.name)
    assert cr.events.count() == 2


def test_drafts_stay_private(member_client, college, client, second_member):
    member_client.post(reverse("proposals:create"), form_data(college, action="draft"))
    cr = ChangeRequest.objects.get()
    assert cr.status == Status.DRAFT
    page = member_client.get(cr.get_absolute_url()).content.decode()
    assert "brouillon rédigé par" in page and "déposée par" not in page  # not filed yet
    client.force_login(second_member)
    assert client.get(cr.get_absolute_url()).status_code == 404


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"area": ""}, "Indiquez l&#x27;espace du portail concerné."),
        ({"current_behaviour": "x" * 4001}, "4000 caractères"),
        ({"tags": "rejet, <script>"}, "contient des caractères non autorisés"),
        ({"tags": "a_b"}, "contient des caractères non autorisés"),
        ({"screenshots": "gif"}, "n&#x27;est pas une image PNG, JPEG ou WebP"),
        ({"screenshots": "big"}, "la limite est de"),
    ],
)
def test_bad_input_gets_a_clear_error_and_keeps_the_content(
    member_client, college, overrides, message
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    if overrides.get("screenshots") == "gif":
        overrides["screenshots"] = SimpleUploadedFile("x.png", b"GIF89a....", "image/png")
    elif overrides.get("screenshots") == "big":
        overrides["screenshots"] = png_upload(content=PNG_BYTES + b"\0" * SCREENSHOT_MAX_BYTES)
    response = member_client.post(reverse("proposals:create"), form_data(college, **overrides))
    html = response.content.decode()
    assert response.status_code == 400
    assert message in html
    assert "Libellé « Service exécutant » peu explicite" in html
    assert "Un libellé « Code service du destinataire » et une aide." in html
    assert 'aria-invalid="true"' in html
    assert not ChangeRequest.objects.exists()


@pytest.mark.parametrize(
    ("head", "content_type"),
    [(PNG_BYTES, "image/png"), (JPEG_BYTES, "image/jpeg"), (WEBP_BYTES, "image/webp")],
)
def test_screenshots_are_typed_by_content_and_served_by_a_view(
    member, college, client, head, content_type
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from proposals.validators import check_screenshot

    upload = SimpleUploadedFile("photo.gif", head, "application/octet-stream")
    check_screenshot(upload)
    cr = make_request(member, college, screenshots=[upload])
    shot = cr.screenshots.get()
    assert shot.content_type == content_type
    response = client.get(reverse("proposals:screenshot", args=[shot.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(head)


def test_screenshots_of_drafts_are_not_served_to_others(member, college, client, second_member):
    from proposals.validators import check_screenshot

    upload = png_upload()
    check_screenshot(upload)
    cr = make_request(member, college, submit=False, screenshots=[upload])
    url = reverse("proposals:screenshot", args=[cr.screenshots.get().pk])
    assert client.get(url).status_code == 404
    client.force_login(member)
    assert client.get(url).status_code == 200


def test_people_outside_colleges_cannot_file(client, user):
    client.force_login(user)
    response = client.get(reverse("proposals:create"))
    assert response.status_code == 403
    assert "membres des collèges" in response.content.decode()


def test_support_button_and_duplicate_message(client, change_request, second_member):
    client.force_login(second_member)
    url = reverse("proposals:support", args=[change_request.pk])
    client.post(url)
    response = client.post(url, follow=True)
    assert "Vous soutenez déjà cette demande : un soutien par membre." in response.content.decode()
    change_request.refresh_from_db()
    assert change_request.support_count == 1


def test_facilitator_actions_require_two_factor(client, change_request, facilitator):
    client.force_login(facilitator)
    url = reverse("proposals:merge", args=[change_request.pk])
    response = client.get(url)
    assert response.status_code == 302
    assert reverse("mfa_activate_totp") in response["Location"]
    with_totp(facilitator)
    client.force_login(facilitator)  # signs in again, now with the second factor
    assert client.get(url).status_code == 200


def test_merge_view(client, college, member, second_member, facilitator):
    survivor = make_request(member, college)
    duplicate = make_request(second_member, college, title="Doublon")
    with_totp(facilitator)
    client.force_login(facilitator)
    response = client.post(
        reverse("proposals:merge", args=[duplicate.pk]),
        {"into": survivor.pk, "reason": "Même besoin"},
    )
    assert response["Location"] == survivor.get_absolute_url()
    survivor.refresh_from_db()
    assert survivor.support_count == 1


def test_members_cannot_open_facilitator_pages(client, change_request, second_member):
    with_totp(second_member)
    client.force_login(second_member)
    assert client.get(reverse("proposals:merge", args=[change_request.pk])).status_code == 403
    assert (
        client.get(reverse("proposals:step", args=[change_request.pk, "escalate"])).status_code
        == 403
    )


def test_delegate_records_an_ipm_step(client, change_request, delegate):
    ChangeRequest.objects.filter(pk=change_request.pk).update(status=Status.ADOPTED)
    with_totp(delegate)
    client.force_login(delegate)
    url = reverse("proposals:step", args=[change_request.pk, "escalate"])
    response = client.post(url, {"cycle_label": "", "reason": ""})
    assert "Champ requis" in response.content.decode()
    client.post(url, {"cycle_label": "Cycle 12 (2027)", "reason": "Adoptée à 87 %"})
    change_request.refresh_from_db()
    assert change_request.status == Status.ESCALATED
    assert change_request.cycle_label == "Cycle 12 (2027)"
    page = client.get(change_request.get_absolute_url()).content.decode()
    assert "Portée au cycle IPM" in page and "Adoptée à 87 %" in page


def test_position_built_from_a_request_and_put_to_vote(
    client, change_request, facilitator, college, thread
):
    with_totp(facilitator)
    client.force_login(facilitator)
    url = reverse("proposals:position_create") + f"?request={change_request.pk}&thread={thread.pk}"
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "title": "Numéro d'engagement à 30 caractères",
            "body": "Le collège des fournisseurs demande…",
            "thread_conclusions": "",
            "requests": [change_request.pk],
            "source_thread_id": str(thread.pk),
        },
    )
    position = college.positions.get()
    assert response["Location"] == position.get_absolute_url()
    assert position.source_thread == thread
    vote_url = reverse("proposals:position_put_to_vote", args=[position.pk])
    assert client.get(vote_url).status_code == 200
    now = timezone.localtime()
    response = client.post(
        vote_url,
        {
            "opens_at": now.strftime("%Y-%m-%dT%H:%M"),
            "closes_at": (now + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M"),
            "secret": "on",
            "allow_change": "on",
            "quorum_percent": "0",
            "majority": "simple",
        },
    )
    assert response.status_code == 302
    change_request.refresh_from_db()
    position.refresh_from_db()
    assert change_request.status == Status.IN_VOTE
    assert position.ballot.kind == "position" and position.ballot.question == position.title


def test_withdraw_page(client, change_request, member):
    client.force_login(member)
    client.post(reverse("proposals:withdraw", args=[change_request.pk]), {"reason": "Résolu"})
    change_request.refresh_from_db()
    assert change_request.status == Status.WITHDRAWN


def test_my_requests_shows_where_each_stands(client, member, college, second_member):
    cr = make_request(member, college)
    other = make_request(second_member, college, title="Afficher le motif de rejet")
    services.support_request(request=other, member=member)
    client.force_login(member)
    html = client.get(reverse("proposals:mine")).content.decode()
    assert cr.title.replace("'", "&#x27;") in html
    assert "Afficher le motif de rejet" in html
    assert "Déposée" in html


def make_many(college, staff, count):
    authors = [member_of(college, staff=staff) for _ in range(3)]
    for i in range(count):
        cr = make_request(authors[i % 3], college, title=f"Demande {i}", tags=[f"tag{i}", "rejet"])
        if i % 2:
            services.support_request(request=cr, member=authors[(i + 1) % 3])


def test_board_query_count_is_constant(client, college, staff, django_assert_max_num_queries):
    make_many(college, staff, 5)
    with django_assert_max_num_queries(12) as small:
        assert client.get(reverse("proposals:board")).status_code == 200
    make_many(college, staff, 15)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(reverse("proposals:board") + "?sort=recent&tag=rejet")
    html = response.content.decode()
    assert "Demande 14" in html and "20 demandes" in html


def test_board_filters_and_sorts(client, college, other_college, member, staff):
    vendor = member_of(other_college, staff=staff)
    mine = make_request(member, college, title="Champ engagement", tags=["engagement"])
    theirs = make_request(
        vendor, other_college, title="Flux EDI rejeté", area=area("api-edi", "API et EDI")
    )
    services.withdraw_request(
        request=make_request(member, college, title="Ancienne demande abandonnée"), actor=member
    )
    html = client.get(reverse("proposals:board")).content.decode()
    assert (
        "Champ engagement" in html
        and "Flux EDI rejeté" in html
        and "Ancienne demande abandonnée" not in html
    )
    html = client.get(reverse("proposals:board"), {"college": other_college.slug}).content.decode()
    assert "Flux EDI rejeté" in html and "Champ engagement" not in html
    html = client.get(reverse("proposals:board"), {"area": "api-edi"}).content.decode()
    assert "Flux EDI rejeté" in html and "Champ engagement" not in html
    html = client.get(reverse("proposals:board"), {"tag": "engagement"}).content.decode()
    assert "Champ engagement" in html and "Flux EDI rejeté" not in html
    services.support_request(request=theirs, member=member_of(other_college, staff=staff))
    theirs.tags.add("Service exécutant")
    slug = theirs.tags.get(name="Service exécutant").slug
    for typed in ("service exécutant", slug):
        html = client.get(reverse("proposals:board"), {"tag": typed}).content.decode()
        assert "Flux EDI rejeté" in html and "Champ engagement" not in html
    html = client.get(reverse("proposals:board"), {"status": "withdrawn"}).content.decode()
    assert "Ancienne demande abandonnée" in html and "Champ engagement" not in html
    assert mine.pk and theirs.pk


def test_atom_feed(client, change_request):
    response = client.get(reverse("proposals:feed"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    body = response.content.decode()
    assert change_request.title.replace("'", "&#x27;") in body or change_request.title in body
    assert "<feed" in body


def test_my_requests_query_count_is_constant(
    client, member, college, staff, django_assert_max_num_queries
):
    supporters = [member_of(college, staff=staff) for _ in range(2)]

    def add(count):
        for i in range(count):
            cr = make_request(member, college, title=f"Ma demande {i}", tags=["rejet", f"t{i}"])
            services.support_request(request=cr, member=supporters[i % 2])
            theirs = make_request(supporters[i % 2], college, title=f"Leur demande {i}")
            services.support_request(request=theirs, member=member)

    client.force_login(member)
    add(3)
    with django_assert_max_num_queries(20) as small:
        assert client.get(reverse("proposals:mine")).status_code == 200
    add(9)
    with django_assert_max_num_queries(len(small.captured_queries)):
        html = client.get(reverse("proposals:mine")).content.decode()
    assert "Leur demande 8" in html


def test_follow_and_unfollow(client, change_request, second_member):
    from proposals.models import Follow

    client.force_login(second_member)
    client.post(reverse("proposals:follow", args=[change_request.pk]))
    assert Follow.objects.filter(request=change_request, user=second_member).exists()
    client.post(reverse("proposals:unfollow", args=[change_request.pk]))
    assert not Follow.objects.filter(request=change_request, user=second_member).exists()


def test_step_pages_explain_what_they_need(client, change_request, delegate):
    ChangeRequest.objects.filter(pk=change_request.pk).update(status=Status.UNDER_INSTRUCTION)
    with_totp(delegate)
    client.force_login(delegate)
    html = client.get(
        reverse("proposals:step", args=[change_request.pk, "reject"])
    ).content.decode()
    assert "Motif donné par l&#x27;IPM" in html
    response = client.post(
        reverse("proposals:step", args=[change_request.pk, "reject"]), {"reason": ""}
    )
    assert "Champ requis" in response.content.decode()
    change_request.refresh_from_db()
    assert change_request.status == Status.UNDER_INSTRUCTION


def test_board_exports_csv_and_xlsx_with_the_filters(client, college, other_college, member, staff):
    import io

    import openpyxl

    vendor = member_of(other_college, staff=staff)
    mine = make_request(member, college, title="Champ engagement", tags=["engagement"])
    make_request(
        vendor, other_college, title="=Flux EDI rejeté", area=area("api-edi", "API et EDI")
    )
    services.support_request(request=mine, member=member_of(college, staff=staff))

    html = client.get(reverse("proposals:board"), {"college": college.slug}).content.decode()
    assert f"{reverse('proposals:board_xlsx')}?college={college.slug}" in html
    assert f"{reverse('proposals:board_csv')}?college={college.slug}" in html

    response = client.get(reverse("proposals:board_xlsx"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'filename="demandes-evolution.xlsx"' in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    cells = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert cells[0] == [
        "Référence",
        "Titre",
        "Collège",
        "Espace du portail",
        "Écran",
        "Champ ou libellé",
        "État",
        "Soutiens",
        "Étiquettes",
        "Déposée le",
        "Adresse",
    ]
    by_title = {row[1]: row for row in cells[1:]}
    assert set(by_title) == {"Champ engagement", "=Flux EDI rejeté"}
    row = by_title["Champ engagement"]
    assert row[0] == mine.reference and row[2] == college.name
    assert row[7] == 1  # a number, not the text "1"
    assert row[8] == "engagement"
    assert row[10].endswith(mine.get_absolute_url())
    # A member's text that looks like a formula stays text.
    formula_cell = next(c for c in sheet["B"] if c.value == "=Flux EDI rejeté")
    assert formula_cell.data_type == "s"

    # The filters of the page apply to the file.
    response = client.get(reverse("proposals:board_xlsx"), {"college": other_college.slug})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    titles = [row[1].value for row in sheet.iter_rows(min_row=2)]
    assert titles == ["=Flux EDI rejeté"]
    response = client.get(reverse("proposals:board_xlsx"), {"tag": "engagement"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert [row[1].value for row in sheet.iter_rows(min_row=2)] == ["Champ engagement"]

    # The CSV has the same header and rows.
    response = client.get(reverse("proposals:board_csv"), {"college": college.slug})
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0].split(";")[:3] == ["Référence", "Titre", "Collège"]
    assert len(lines) == 2 and "Champ engagement" in lines[1]
