"""The URL spaces the main matrix (tests/test_url_permissions.py) leaves to the libraries, checked
as an outsider would: Django's admin under /beheer/ and allauth's account pages under /accounts/."""

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from tests.factories import (
    AdminFactory,
    ReviewerFactory,
    StaffFactory,
    SupportFactory,
    UserFactory,
)
from tests.helpers import plain_force_login

pytestmark = pytest.mark.django_db

NOT_ADMINS = {
    "applicant": UserFactory,
    "reviewer": ReviewerFactory,
    "support team": SupportFactory,
    "fund staff": StaffFactory,
}


def _admin_urls():
    for model in admin.site._registry:
        meta = model._meta
        yield reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
        yield reverse(f"admin:{meta.app_label}_{meta.model_name}_add")


def _is_let_in(response) -> bool:
    location = response.get("Location", "")
    # Sent to log in, or to give this session's code: not let in.
    to_login = any(
        door in location for door in ("/accounts/login/", "/accounts/2fa/", "/beheer/login/")
    )
    return response.status_code == 200 or (response.status_code == 302 and not to_login)


def test_only_the_superuser_with_a_second_factor_opens_any_admin_page():
    urls = ["/beheer/", *_admin_urls()]
    assert len(urls) > 10
    clients = {"anonymous": Client()}
    for role, make in NOT_ADMINS.items():
        clients[role] = Client()
        clients[role].force_login(make())
    clients["superuser without this session's code"] = Client()
    plain_force_login(clients["superuser without this session's code"], AdminFactory())
    wrongly_let_in = [
        f"{role}: {url}" for url in urls for role, client in clients.items()
        if _is_let_in(client.get(url))
    ]  # fmt: skip
    assert wrongly_let_in == []

    superuser = Client()
    superuser.force_login(AdminFactory())
    assert [url for url in urls if superuser.get(url).status_code != 200] == []


def test_the_admin_login_form_is_the_portal_login():
    response = Client().get("/beheer/login/?next=/beheer/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


PERSONAL_ACCOUNT_PAGES = [
    "account_email",
    "account_change_password",
    "mfa_index",
    "mfa_activate_totp",
    "mfa_view_recovery_codes",
]


def test_personal_account_pages_need_a_login_and_show_only_ones_own_address():
    anonymous = Client()
    for name in PERSONAL_ACCOUNT_PAGES:
        response = anonymous.get(reverse(name))
        assert response.status_code == 302, name
        assert "/accounts/login/" in response["Location"], name

    me, someone_else = UserFactory(), UserFactory()
    client = Client()
    client.force_login(me)
    page = client.get(reverse("account_email")).content.decode()
    assert me.email in page
    assert someone_else.email not in page
