"""One account cannot make the portal mail others without end: invitations and coalition
messages are capped per person per hour, with a Dutch message that says why and until when."""

import pytest
from django.urls import reverse

from coalitions.models import CoalitionMessage
from portal.models import OutboxMessage
from tests.coalitions.conftest import coalition, member, programme  # noqa: F401
from tests.proposals.conftest import applicant, draft, open_call  # noqa: F401

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


def test_a_member_writes_at_most_the_cap_of_messages_and_keeps_the_text(
    client, small_caps, coalition, member
):
    client.force_login(member)
    url = reverse("coalitions:messages", args=[coalition.slug])
    for number in range(2):
        client.post(url, {"text": f"Bericht {number}", "back": "all"})
    response = client.post(url, {"text": "Nog een lange vraag over de pitstop", "back": "all"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Je hebt het afgelopen uur 2 berichten geschreven" in html
    assert "Nog een lange vraag over de pitstop" in html  # the text is not lost
    assert CoalitionMessage.objects.filter(author=member).count() == 2
