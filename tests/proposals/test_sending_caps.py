"""One account cannot make the portal mail others without end: invitations are capped per
person per hour, with a Dutch message (coalition messages: tests/coalitions/test_messages.py)."""

import pytest
from django.urls import reverse

from portal.models import OutboxMessage

pytestmark = pytest.mark.django_db

INVITATION = "proposals/mail/co_applicant_invitation"


@pytest.fixture
def small_caps(settings):
    settings.SENDING_CAPS = {"invitations": 3, "messages": 2}


def _invite(client, proposal, email):
    return client.post(
        reverse("proposals:organisations", args=[proposal.pk]),
        {"action": "invite", "invite-email": email},
        follow=True,
    )


def test_an_applicant_sends_at_most_the_cap_of_invitations_in_an_hour(
    client, small_caps, draft, applicant
):
    client.force_login(applicant)
    for number in range(3):
        assert (
            "Uitnodiging verstuurd"
            in _invite(client, draft, f"p{number}@example.org").content.decode()
        )
    html = _invite(client, draft, "p9@example.org").content.decode()
    assert "Je hebt het afgelopen uur 3 uitnodigingen verstuurd" in html
    assert OutboxMessage.objects.filter(kind=INVITATION).count() == 3
    assert not OutboxMessage.objects.filter(to_email="p9@example.org").exists()


def test_fund_staff_have_no_cap_on_invitations(small_caps, draft):
    from proposals import services
    from tests.factories import StaffFactory

    staff = StaffFactory()
    for number in range(5):
        services.invite_co_applicant(proposal=draft, email=f"s{number}@example.org", actor=staff)
    assert OutboxMessage.objects.filter(kind=INVITATION).count() == 5
