"""One public address: SITE_URL follows `make run`'s port; mail, .ics files and allauth use it."""

import os
from urllib.parse import urlsplit

import icalendar
import pytest
from django.conf import settings as django_settings
from django.urls import reverse

from coalitions import services as coalition_services
from coalitions.models import Coalition
from events import ical
from events.models import CalendarToken
from portal.adapters import portal_site
from portal.management.commands.run_portal import follow_port
from portal.models import OutboxMessage
from tests.events.conftest import make_event
from tests.factories import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def run_on_port_8117(monkeypatch, settings):
    """What `make run PORT=8117` does before it starts anything, with no SITE_URL given."""
    monkeypatch.delenv("SITE_URL", raising=False)
    settings.SITE_URL = "http://127.0.0.1:8000"  # restored after the test
    follow_port(8117)


def test_make_run_sets_site_url_from_its_port_for_itself_and_its_children(run_on_port_8117):

    assert django_settings.SITE_URL == "http://127.0.0.1:8117"
    assert os.environ["SITE_URL"] == "http://127.0.0.1:8117"


def test_a_given_site_url_is_kept(monkeypatch, settings):
    monkeypatch.setenv("SITE_URL", "https://samenspel.example.org")
    settings.SITE_URL = "https://samenspel.example.org"
    assert follow_port(8117) == "https://samenspel.example.org"


def test_invitation_mail_ics_feed_and_site_domain_name_the_port_make_run_uses(run_on_port_8117):
    from calls.models import Programme

    programme = Programme.objects.create(name="Betrokken buurten", slug="betrokken-buurten")
    coalition = Coalition.objects.create(
        programme=programme, name="Samen in Zuilen", slug="zuilen", municipality="Utrecht"
    )
    invitation = coalition_services.invite(
        coalition=coalition, email="nieuw@example.org", actor=StaffFactory()
    )
    message = OutboxMessage.objects.get(to_email="nieuw@example.org")
    link = "http://127.0.0.1:8117" + reverse(
        "coalitions:accept_invitation", args=[invitation.token]
    )
    assert link in message.body_text
    assert link in message.body_html
    assert "127.0.0.1:8000" not in message.body_text + message.body_html

    event = make_event(programme)
    (vevent,) = icalendar.Calendar.from_ical(ical.event_ics(event)).walk("VEVENT")
    assert str(vevent["URL"]) == f"http://127.0.0.1:8117/evenementen/{event.slug}/"
    assert str(vevent["UID"]).endswith("@127.0.0.1")

    token = CalendarToken.objects.create(user=UserFactory(), token="feedtoken17")
    feed = ical.site_url(reverse("events:my_feed", args=[token.token]))
    assert urlsplit(feed).netloc == "127.0.0.1:8117"

    # allauth's mails name the site through the adapter: its domain is SITE_URL's host:port.
    assert portal_site().domain == urlsplit(django_settings.SITE_URL).netloc == "127.0.0.1:8117"
