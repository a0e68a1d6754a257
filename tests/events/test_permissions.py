"""Who may see an event and register for it (by audience), and who may use the staff pages."""

import pytest
from django.urls import reverse

from calls.models import Programme
from coalitions.models import Coalition
from events.models import Event, EventInvitation
from tests.factories import ReviewerFactory, StaffFactory, SupportFactory, UserFactory
from tests.helpers import ALLOWED, DENIED, check_permission_matrix

from .conftest import applicant_of_call, make_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(programme, coalition, member):
    neighbour = Coalition.objects.create(
        programme=programme, name="De Heeze", slug="de-heeze", municipality="Apeldoorn"
    )
    neighbour_member = UserFactory()
    neighbour.members.create(user=neighbour_member)
    elsewhere = Coalition.objects.create(
        programme=Programme.objects.create(name="Ander programma", slug="ander"),
        name="Elders", slug="elders", municipality="Ede",
    )  # fmt: skip
    elsewhere_member = UserFactory()
    elsewhere.members.create(user=elsewhere_member)
    support, other_support = SupportFactory(), SupportFactory()
    coalition.support_team.add(support)
    call, applicant = applicant_of_call(programme)
    invited = UserFactory(email="genodigde@example.org")
    return {
        "anonymous": None,
        "stranger": UserFactory(),
        "member": member,
        "member of another coalition": neighbour_member,
        "member in another programme": elsewhere_member,
        "support of the coalition": support,
        "other support": other_support,
        "reviewer": ReviewerFactory(),
        "applicant of the call": applicant,
        "invited": invited,
        "staff": StaffFactory(),
        "call": call,
    }


def matrix(people, allowed):
    return {
        user: ALLOWED if name in allowed else DENIED
        for name, user in people.items()
        if name != "call"
    }


EVERYONE = {
    "anonymous", "stranger", "member", "member of another coalition", "member in another programme",
    "support of the coalition", "other support", "reviewer", "applicant of the call", "invited",
    "staff",
}  # fmt: skip


def _audience_events(programme, coalition, people):
    linked = make_event(programme, audience=Event.Audience.COALITIONS)
    linked.coalitions.add(coalition)
    invited = make_event(programme, audience=Event.Audience.INVITED)
    EventInvitation.objects.create(event=invited, email="Genodigde@example.org")
    return {
        "public": (make_event(programme), EVERYONE),
        "programme coalitions": (
            make_event(programme, audience=Event.Audience.COALITIONS),
            {"member", "member of another coalition", "support of the coalition", "staff"},
        ),
        "linked coalition": (linked, {"member", "support of the coalition", "staff"}),
        "applicants": (
            make_event(programme, audience=Event.Audience.APPLICANTS, call=people["call"]),
            {"applicant of the call", "staff"},
        ),
        "invited": (invited, {"invited", "staff"}),
        "unpublished": (make_event(programme, is_published=False), {"staff"}),
    }


@pytest.mark.parametrize(
    "audience",
    ["public", "programme coalitions", "linked coalition", "applicants", "invited", "unpublished"],
)
def test_event_page_follows_the_audience(programme, coalition, people, audience):
    event, allowed = _audience_events(programme, coalition, people)[audience]
    url = reverse("events:detail", args=[event.slug])
    assert check_permission_matrix(url, matrix(people, allowed)) == []


def test_registering_follows_the_audience(programme, coalition, people):
    event, allowed = _audience_events(programme, coalition, people)["programme coalitions"]
    event.ask_organisation = False
    event.save()
    url = reverse("events:register", args=[event.slug])
    assert check_permission_matrix(url, matrix(people, allowed), method="post") == []
    assert event.registrations.count() == len(allowed)


def test_organisers_see_their_unpublished_event(programme):
    organiser = SupportFactory()
    event = make_event(programme, is_published=False)
    event.organisers.add(organiser)
    url = reverse("events:detail", args=[event.slug])
    assert check_permission_matrix(url, {organiser: ALLOWED, SupportFactory(): DENIED}) == []


def test_lists_show_only_events_the_person_may_open(client, programme, coalition, people):
    events = _audience_events(programme, coalition, people)
    client.force_login(people["applicant of the call"])
    html = client.get(reverse("events:mine")).content.decode()
    shown = {name for name, (event, _) in events.items() if f'"/evenementen/{event.slug}/"' in html}
    assert shown == {"public", "applicants"}


@pytest.mark.parametrize(
    "name", ["staff_list", "staff_create", "staff_edit", "staff_registrations", "staff_export",
             "staff_presence_list"],
)  # fmt: skip
def test_staff_pages_are_for_fund_staff_only(programme, coalition, people, name):
    event = make_event(programme)
    event.organisers.add(people["support of the coalition"])
    args = [] if name in {"staff_list", "staff_create"} else [event.slug]
    url = reverse(f"events:{name}", args=args)
    assert check_permission_matrix(url, matrix(people, {"staff"})) == []
