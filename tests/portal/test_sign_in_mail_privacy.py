"""Sign-in mail (login codes, reset links, verification codes, two-factor and password notices) is
readable only by the person it was sent to: not by other applicants, reviewers, the support team,
fund staff or the superuser, on "Berichten" or in the admin. Otherwise whoever reads it signs in
as its owner."""

import re
from pathlib import Path

import allauth
import pytest
from allauth.account.adapter import get_adapter
from django.urls import reverse

from portal.models import OutboxMessage
from tests.factories import (
    AdminFactory,
    ReviewerFactory,
    StaffFactory,
    SupportFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

ALLAUTH_TEMPLATES = Path(allauth.__file__).parent / "templates"
# Every mail allauth can send: one <prefix>_subject.txt per kind.
SIGN_IN_KINDS = sorted(
    str(path.relative_to(ALLAUTH_TEMPLATES)).removesuffix("_subject.txt")
    for folder in ("account/email", "mfa/email")
    for path in (ALLAUTH_TEMPLATES / folder).glob("*_subject.txt")
)
READERS = {
    "other applicant": UserFactory,
    "reviewer": ReviewerFactory,
    "support team": SupportFactory,
    "fund staff": StaffFactory,
    "superuser": AdminFactory,
}


def test_the_list_of_sign_in_kinds_covers_codes_resets_and_two_factor():
    assert {
        "account/email/login_code",
        "account/email/password_reset_key",
        "account/email/email_confirmation_signup",
        "mfa/email/totp_deactivated",
    } <= set(SIGN_IN_KINDS)


def _open_as(client, user, message):
    client.force_login(user)
    detail = client.get(reverse("message_detail", args=[message.pk]))
    listing = client.get(reverse("message_list")).content.decode()
    return detail, listing


@pytest.mark.parametrize("kind", SIGN_IN_KINDS)
def test_nobody_but_the_recipient_reads_sign_in_mail(client, kind):
    owner = UserFactory(email="eigenaar@example.org")
    get_adapter().send_mail(kind, owner.email, {"user": owner, "code": "QX7-K2P"})
    message = OutboxMessage.objects.get(kind=kind)
    assert message.recipient == owner and message.is_sign_in

    for reader, make in READERS.items():
        detail, listing = _open_as(client, make(), message)
        assert detail.status_code == 404, reader
        assert message.subject not in listing, reader

    detail, listing = _open_as(client, owner, message)
    assert detail.status_code == 200
    assert message.subject in listing


def _asked_login_code(client, email):
    client.post(reverse("account_request_login_code"), {"email": email})
    client.logout()
    return OutboxMessage.objects.get(kind="account/email/login_code", to_email=email)


def test_staff_cannot_read_a_login_code_a_stranger_asked_for_an_applicant(client):
    """The first chain: a stranger asks a code for an applicant; staff must not read it."""
    applicant = UserFactory(email="aanvrager@example.org")
    message = _asked_login_code(client, applicant.email)
    client.force_login(StaffFactory())
    response = client.get(reverse("message_detail", args=[message.pk]))
    assert response.status_code == 404
    code = re.search(r"^([A-Z0-9-]{6,12})$", message.body_text, re.MULTILINE).group(1)
    assert code not in response.content.decode()
    assert message.subject not in client.get(reverse("message_list")).content.decode()


def test_a_reset_link_for_the_superuser_stays_out_of_the_admin(client):
    """The second chain: a reset link for the admin, read through the admin's own outbox."""
    admin = AdminFactory(email="beheer@example.org")
    client.post(reverse("account_reset_password"), {"email": admin.email})
    message = OutboxMessage.objects.get(kind="account/email/password_reset_key")
    assert "/accounts/password/reset/key/" in message.body_text

    client.force_login(AdminFactory())
    changelist = client.get(reverse("admin:portal_outboxmessage_changelist"))
    assert changelist.status_code == 200
    assert message.subject not in changelist.content.decode()
    change = client.get(reverse("admin:portal_outboxmessage_change", args=[message.pk]))
    assert change.status_code in (302, 404)
    assert "/accounts/password/reset/key/" not in change.content.decode()


def test_staff_still_read_the_mail_the_portal_sent_about_the_work(client):
    """Only sign-in mail is closed: an invitation to a co-applicant stays readable for staff."""
    from portal import mail

    owner = UserFactory()
    message = mail.store(
        recipient=owner,
        to_email=owner.email,
        subject="Uitnodiging om mee te schrijven",
        body_text="…",
        kind="proposals/mail/co_applicant_invitation",
    )
    client.force_login(StaffFactory())
    assert client.get(reverse("message_detail", args=[message.pk])).status_code == 200
    client.force_login(AdminFactory())
    assert (
        message.subject
        in client.get(reverse("admin:portal_outboxmessage_changelist")).content.decode()
    )
