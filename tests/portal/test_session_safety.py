"""Sessions as a shared or forgotten computer needs them: staff are logged out after 30 idle
minutes and 12 hours at most, and no signed-in page is kept by the browser's cache."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from tests.factories import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db

STAFF_PAGE = "/fonds/herinneringen/"


def _staff_page_status(client):
    response = client.get(STAFF_PAGE)
    return response.status_code, response.get("Location", "")


def test_staff_are_logged_out_after_30_idle_minutes_and_told_why(client):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        client.force_login(StaffFactory())
        assert _staff_page_status(client)[0] == 200
        clock.shift(datetime.timedelta(minutes=29))
        assert _staff_page_status(client)[0] == 200
        clock.shift(datetime.timedelta(minutes=31))
        status, location = _staff_page_status(client)
        assert status == 302 and location.startswith(reverse("account_login"))
        html = client.get(location).content.decode()
        assert "30 minuten" in html and "opnieuw in" in html


def test_staff_sessions_end_after_12_hours_even_when_busy(client):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        client.force_login(StaffFactory())
        for _ in range(28):  # a request every 25 minutes: never idle
            assert _staff_page_status(client)[0] == 200
            clock.shift(datetime.timedelta(minutes=25))
        assert _staff_page_status(client)[0] == 200  # 11 h 40 min after the login
        clock.shift(datetime.timedelta(minutes=25))
        status, location = _staff_page_status(client)
        assert status == 302 and location.startswith(reverse("account_login"))


def test_an_applicant_is_not_logged_out_after_an_idle_hour(client):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        client.force_login(UserFactory())
        clock.shift(datetime.timedelta(hours=1))
        assert client.get(reverse("proposals:mine")).status_code == 200


def test_signed_in_pages_are_not_stored_public_pages_may_be(client):
    public = client.get(reverse("calls:list"))
    assert "no-store" not in public.get("Cache-Control", "")
    client.force_login(UserFactory())
    for url in [reverse("proposals:mine"), reverse("message_list"), reverse("calls:list")]:
        assert "no-store" in client.get(url)["Cache-Control"], url
