"""One door in and a second factor that holds: every staff and admin request needs a session
that passed the TOTP step (allauth's "mfa" authentication record)."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD, AdminFactory, StaffFactory
from tests.helpers import plain_force_login, totp_code

pytestmark = pytest.mark.django_db


def staff_page():
    return reverse("reminders")


def test_admin_login_form_sends_to_the_portal_login():
    response = Client().get("/beheer/login/?next=/beheer/portal/user/")
    assert response.status_code == 302
    assert response["Location"] == reverse("account_login") + "?next=%2Fbeheer%2Fportal%2Fuser%2F"


def test_superuser_password_on_the_admin_login_form_gives_no_access():
    admin = AdminFactory()
    client = Client()
    response = client.post(
        "/beheer/login/?next=/beheer/",
        {"username": admin.email, "password": PASSWORD, "next": "/beheer/"},
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert "_auth_user_id" not in client.session
    assert client.get("/beheer/").status_code == 302
    assert client.get("/beheer/portal/user/").status_code == 302
    response = client.get(staff_page())
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("factory", [StaffFactory, AdminFactory])
def test_password_alone_gives_no_staff_access_until_the_totp_code(factory):
    user = factory()
    client = Client()
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response["Location"] == reverse("mfa_authenticate")
    assert client.get(staff_page())["Location"].startswith(reverse("account_login"))
    assert client.get("/beheer/").status_code == 302

    client.post(reverse("mfa_authenticate"), {"code": totp_code(user.totp_secret)})
    assert client.get(staff_page()).status_code == 200
    if user.is_staff:
        assert client.get("/beheer/").status_code == 200


@pytest.mark.parametrize("factory", [StaffFactory, AdminFactory])
def test_session_without_the_second_factor_record_is_sent_to_the_code_step(factory):
    user = factory()
    client = Client()
    plain_force_login(client, user)
    for url in [staff_page(), "/beheer/", "/berichten/"]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("mfa_reauthenticate")), url

    response = client.post(
        f"{reverse('mfa_reauthenticate')}?next={staff_page()}",
        {"code": totp_code(user.totp_secret)},
    )
    assert response.status_code == 302
    assert response["Location"] == staff_page()
    assert client.get(staff_page()).status_code == 200


def test_switching_totp_off_ends_staff_access_in_this_session(client):
    staff = StaffFactory()
    client.force_login(staff)
    assert client.get(staff_page()).status_code == 200
    staff.authenticator_set.all().delete()
    response = client.get(staff_page())
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


@pytest.mark.django_db(transaction=True)  # allauth sends its signal on commit
def test_setting_up_totp_counts_as_the_second_factor_of_this_session():
    from tests.factories import UserFactory

    staff = UserFactory(roles=["staff"])
    client = Client()
    client.post(reverse("account_login"), {"login": staff.email, "password": PASSWORD})
    assert client.get(staff_page())["Location"] == reverse("mfa_activate_totp")
    secret = client.get(reverse("mfa_activate_totp")).context["form"].secret
    response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert response.status_code == 302
    assert staff.authenticator_set.filter(type="totp").exists()
    assert client.get(staff_page()).status_code == 200
