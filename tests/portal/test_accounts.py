import re

import pytest
from django.urls import reverse

from portal.models import OutboxMessage, User
from tests.factories import PASSWORD, StaffFactory, UserFactory
from tests.helpers import totp_code

pytestmark = pytest.mark.django_db


def code_from_last_mail(email):
    message = OutboxMessage.objects.filter(to_email=email).latest("created_at")
    match = re.search(
        r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4}|[0-9]{6})\s*$", message.body_text, re.MULTILINE
    )
    assert match, message.body_text
    assert "Hallo van Samenspel!" in message.body_text
    return match.group(1)


def test_sign_up_needs_email_verification_by_code(client):
    response = client.post(
        reverse("account_signup"),
        {
            "name": "Henk Jansen",
            "email": "henk@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="henk@example.org")
    assert user.name == "Henk Jansen"
    message = OutboxMessage.objects.get(to_email="henk@example.org")
    assert message.recipient == user and message.state == OutboxMessage.State.QUEUED

    response = client.post(
        reverse("account_email_verification_sent"), {"code": code_from_last_mail(user.email)}
    )
    assert response.status_code == 302
    assert user.emailaddress_set.get().verified
    assert client.get(reverse("message_list")).status_code == 200  # logged in now


def test_sign_up_error_is_shown_in_dutch_and_keeps_the_input(client):
    response = client.post(
        reverse("account_signup"),
        {
            "name": "Henk Jansen",
            "email": "geen-adres",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Henk Jansen" in html
    assert 'aria-invalid="true"' in html
    assert "geldig e-mailadres" in html


def test_login_by_emailed_code(client):
    user = UserFactory()
    client.post(reverse("account_request_login_code"), {"email": user.email})
    response = client.post(
        reverse("account_confirm_login_code"), {"code": code_from_last_mail(user.email)}
    )
    assert response.status_code == 302
    assert client.get(reverse("message_list")).status_code == 200


def test_staff_without_two_factor_must_set_it_up_first(client):
    staff = UserFactory(roles=["staff"])
    client.post(reverse("account_login"), {"login": staff.email, "password": PASSWORD})
    response = client.get(reverse("message_list"))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")
    # The password was just typed: the set-up follows without asking it again.
    activate = client.get(reverse("mfa_activate_totp"))
    assert activate.status_code == 200
    assert "svg" in activate.content.decode()  # the QR code to scan


def test_applicant_needs_no_two_factor(client):
    client.force_login(UserFactory())
    assert client.get(reverse("message_list")).status_code == 200


def test_staff_login_asks_for_the_totp_code(client):
    staff = StaffFactory()
    response = client.post(reverse("account_login"), {"login": staff.email, "password": PASSWORD})
    assert response["Location"] == reverse("mfa_authenticate")
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(staff.totp_secret)})
    assert response.status_code == 302
    assert client.get(reverse("message_list")).status_code == 200


def test_login_error_does_not_tell_whether_the_account_exists(client):
    UserFactory(email="bestaat@example.org")
    wrong_password = client.post(
        reverse("account_login"), {"login": "bestaat@example.org", "password": "fout"}
    )
    no_account = client.post(
        reverse("account_login"), {"login": "bestaat-niet@example.org", "password": "fout"}
    )
    assert wrong_password.status_code == no_account.status_code == 200
    assert wrong_password.context["form"].errors == no_account.context["form"].errors


def test_password_reset_mail_goes_through_the_outbox_and_works(client):
    user = UserFactory()
    client.post(reverse("account_reset_password"), {"email": user.email})
    message = OutboxMessage.objects.get(to_email=user.email)
    assert message.recipient == user
    link = re.search(r"https?://\S+/accounts/password/reset/key/\S+", message.body_text).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    form_page = client.get("/" + path, follow=True)
    response = client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else "/" + path,
        {"password1": "nieuw-wachtwoord-2026", "password2": "nieuw-wachtwoord-2026"},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("nieuw-wachtwoord-2026")
