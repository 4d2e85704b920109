import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from proposals.ipm.models import (
    AgendaItem,
    Cycle,
    CycleTransition,
    Decision,
    IpmParticipant,
    Phase,
    PilotCall,
    PilotVolunteer,
    WorkingGroup,
)
from proposals.models import Status

pytestmark = pytest.mark.django_db


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (
            Cycle,
            CycleTransition,
            AgendaItem,
            Decision,
            IpmParticipant,
            PilotVolunteer,
            WorkingGroup,
        )
    }


def test_demo_cycles_are_idempotent_and_render(client):
    call_command("seed_demo", stdout=io.StringIO())
    first = counts()
    call_command("seed_demo", stdout=io.StringIO())
    assert counts() == first
    eleven, twelve = Cycle.objects.get(number=11), Cycle.objects.get(number=12)
    assert eleven.phase == Phase.CLOSED and twelve.phase == Phase.INSTRUCTION
    assert set(Decision.objects.filter(item__cycle=eleven).values_list("outcome", flat=True)) == {
        "pilot",
        "accepted",
        "postponed",
    }
    # The postponed point is on the 12th cycle's agenda, in instruction again.
    carried = AgendaItem.objects.get(cycle=twelve, postponed_from__isnull=False)
    assert carried.position.requests.get().status == Status.UNDER_INSTRUCTION
    assert IpmParticipant.objects.filter(organisation="MEDEF").exists()
    call = PilotCall.objects.get()
    assert call.volunteers.count() == 3 and call.volunteers.filter(selected=True).count() == 2
    assert call.item.position.requests.get().status == Status.IN_PILOT
    group = WorkingGroup.objects.get()
    assert group.meetings.get().minutes
    pages = [reverse("proposals:cycles"), group.get_absolute_url(), call.get_absolute_url()]
    for cycle in (eleven, twelve):
        pages += [cycle.get_absolute_url(), reverse("proposals:cycle_report", args=[cycle.number])]
        pages += [item.get_absolute_url() for item in cycle.items.all()]
        pages += [session.get_absolute_url() for session in cycle.sessions.all()]
    for url in pages:
        assert client.get(url).status_code == 200, url
