"""Personal data stays out of the logs: mail failures, logins and sign-ups log ids, not people."""

import logging

import pytest
from django.urls import reverse

from portal import mail
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_failed_mail_login_and_sign_up_log_no_email_address_or_name(client, settings, caplog):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 1
    person = UserFactory(email="fatima.bakker@example.org", name="Fatima Bakker")
    with caplog.at_level(logging.DEBUG):
        message = mail.store(
            to_email=person.email, recipient=person, subject="Hallo Fatima", body_text="Tekst"
        )
        with pytest.raises(OSError):
            mail.deliver(message.pk)
        client.post(reverse("account_login"), {"login": person.email, "password": "fout"})
        client.post(
            reverse("account_signup"),
            {"email": "nieuw.persoon@example.org", "password1": "x", "password2": "y"},
        )
    logged = caplog.text.lower()
    for secret in ["fatima.bakker@example.org", "fatima bakker", "nieuw.persoon@example.org"]:
        assert secret not in logged
