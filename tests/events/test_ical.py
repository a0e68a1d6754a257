"""The .ics files and the calendar feeds, parsed back with the icalendar library."""

from datetime import datetime
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.test import Client
from django.urls import reverse

from events import ical, services
from events.models import CalendarToken, Event
from tests.factories import UserFactory

from .conftest import make_event

pytestmark = pytest.mark.django_db
AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def parse(content: bytes):
    calendar = icalendar.Calendar.from_ical(content)
    return calendar, list(calendar.walk("VEVENT"))


def test_event_ics_is_valid_with_amsterdam_times_and_every_field(programme):
    event = make_event(
        programme,
        title="Symposium Beter benutten van gemeenschapskracht",
        description="Acht thematafels, zes vraagstukken; plenair afsluiten.",
        starts_at=datetime(2030, 9, 19, 13, 0, tzinfo=AMSTERDAM),
        ends_at=datetime(2030, 9, 19, 17, 30, tzinfo=AMSTERDAM),
        place="Krachtstation, Kanaleneiland, Utrecht",
    )
    calendar, (vevent,) = parse(ical.event_ics(event))
    assert str(calendar["VERSION"]) == "2.0" and calendar["PRODID"]
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Amsterdam"]
    assert vevent["UID"] == ical.event_uid(event)
    assert vevent["DTSTART"].params["TZID"] == "Europe/Amsterdam"
    assert vevent.decoded("DTSTART") == datetime(2030, 9, 19, 13, 0, tzinfo=AMSTERDAM)
    assert vevent.decoded("DTEND") == datetime(2030, 9, 19, 17, 30, tzinfo=AMSTERDAM)
    assert str(vevent["SUMMARY"]) == event.title
    assert str(vevent["LOCATION"]) == "Krachtstation, Kanaleneiland, Utrecht"
    assert str(vevent["URL"]).endswith(f"/evenementen/{event.slug}/")
    assert "Acht thematafels, zes vraagstukken; plenair afsluiten." in str(vevent["DESCRIPTION"])
    assert vevent["DTSTAMP"]


def test_uid_stays_the_same_for_an_event_and_differs_between_events(programme):
    first, second = make_event(programme), make_event(programme)
    _, (one,) = parse(ical.event_ics(first))
    first.title = "Nieuwe titel"
    first.sequence += 1
    _, (again,) = parse(ical.event_ics(first))
    _, (other,) = parse(ical.event_ics(second))
    assert one["UID"] == again["UID"] != other["UID"]
    assert again["SEQUENCE"] == one["SEQUENCE"] + 1


def test_cancelled_ics_outranks_the_confirmed_one(event):
    _, (confirmed,) = parse(ical.event_ics(event))
    _, (cancelled,) = parse(ical.event_ics(event, status=ical.CANCELLED))
    assert str(cancelled["STATUS"]) == "CANCELLED"
    assert cancelled["SEQUENCE"] > confirmed["SEQUENCE"]


def test_online_event_has_the_link_as_location(programme):
    event = make_event(programme, place="", online_url="https://example.org/webinar")
    _, (vevent,) = parse(ical.event_ics(event))
    assert str(vevent["LOCATION"]) == "https://example.org/webinar"


def _feed_url(user):
    client = Client()
    client.force_login(user)
    client.post(reverse("events:new_feed_link"))
    return reverse("events:my_feed", args=[CalendarToken.objects.get(user=user).token])


def test_personal_feed_lists_own_registrations_without_a_session(programme):
    person = UserFactory()
    registered = make_event(programme, title="Aangemeld", capacity=1)
    waiting = make_event(programme, title="Wachtlijst", capacity=1)
    cancelled = make_event(programme, title="Afgemeld")
    make_event(programme, title="Niet aangemeld")
    services.register(event=registered, user=person)
    services.register(event=waiting, user=UserFactory())
    services.register(event=waiting, user=person, waiting_list=True)
    services.cancel(registration=services.register(event=cancelled, user=person), actor=person)

    response = Client().get(_feed_url(person))  # a calendar app: no session
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    _, vevents = parse(response.content)
    assert {str(v["SUMMARY"]): str(v["STATUS"]) for v in vevents} == {
        "Aangemeld": "CONFIRMED",
        "Wachtlijst": "TENTATIVE",
    }


def test_feed_with_an_unknown_or_replaced_token_is_not_found(programme):
    person = UserFactory()
    old = _feed_url(person)
    new = _feed_url(person)  # "make a new link": the old one stops working
    assert old != new
    assert Client().get(old).status_code == 404
    assert Client().get(new).status_code == 200
    assert Client().get("/evenementen/agenda/geraden.ics").status_code == 404


def test_programme_feed_lists_only_published_public_events(programme, coalition):
    make_event(programme, title="Openbaar")
    make_event(programme, title="Concept", is_published=False)
    make_event(programme, title="Voor coalities", audience=Event.Audience.COALITIONS)
    response = Client().get(reverse("events:programme_feed", args=[programme.slug]))
    assert response.status_code == 200
    _, vevents = parse(response.content)
    assert [str(v["SUMMARY"]) for v in vevents] == ["Openbaar"]


def test_single_event_ics_follows_who_may_see_the_event(programme, member):
    public = make_event(programme)
    closed = make_event(programme, audience=Event.Audience.COALITIONS)
    response = Client().get(reverse("events:ics", args=[public.slug]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="{public.slug}.ics"'
    stranger = Client()
    stranger.force_login(UserFactory())
    assert stranger.get(reverse("events:ics", args=[closed.slug])).status_code == 404
    client = Client()
    client.force_login(member)
    assert client.get(reverse("events:ics", args=[closed.slug])).status_code == 200


def test_ics_description_is_plain_text_not_markdown_or_html(programme):
    event = make_event(
        programme,
        description=(
            "## Programma\n\n"
            "We praten over **gemeenschapskracht** en _eigen regie_.\n\n"
            "- Thematafels\n- Plenair & borrel\n\n"
            "Lees [het verslag](https://example.org/verslag) vooraf.\n\n"
            "<script>alert(1)</script><b>Vet</b>"
        ),
    )
    _, (vevent,) = parse(ical.event_ics(event))
    description = str(vevent["DESCRIPTION"])
    assert description.startswith(
        "Programma\n\n"
        "We praten over gemeenschapskracht en eigen regie.\n\n"
        "- Thematafels\n- Plenair & borrel\n\n"
        "Lees het verslag (https://example.org/verslag) vooraf."
    )
    for raw in ("**", "##", "_eigen", "](", "<", ">", "&amp;", "alert"):
        assert raw not in description
    assert description.endswith(ical.event_url(event))


def test_calendar_feed_descriptions_are_plain_text(programme):
    event = make_event(programme, description="Een *korte* intro.\n\n1. Eerst\n2. Dan")
    _, (vevent,) = parse(ical.events_ics([event], name="Programma"))
    assert str(vevent["DESCRIPTION"]).startswith("Een korte intro.\n\n1. Eerst\n2. Dan\n\n")
