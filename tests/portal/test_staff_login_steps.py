"""The staff login as a person meets it: the password once, then the code (or the set-up), and a
way out that says what it does."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from portal.models import Role
from tests.factories import PASSWORD, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


def _log_in(client, user):
    return client.post(
        reverse("account_login"), {"login": user.email, "password": PASSWORD}, follow=True
    )


def test_the_code_step_is_in_dutch_and_its_way_out_says_it_logs_out(client):
    page = _log_in(client, StaffFactory())
    html = page.content.decode()
    assert page.redirect_chain[-1][0].startswith(reverse("mfa_authenticate"))
    assert "Inloggen: stap 2" in html
    assert "Stoppen en uitloggen" in html and "Je bent dan uitgelogd" in html
    after = client.post(reverse("account_logout"), {"next": reverse("account_login")}, follow=True)
    assert after.redirect_chain[-1][0].startswith(reverse("account_login"))
    assert client.get(reverse("mfa_authenticate")).status_code == 302  # the stage is gone


def test_a_new_staff_member_types_the_password_once_before_setting_up_the_code(client):
    newcomer = UserFactory()
    newcomer.groups.add(Group.objects.get_or_create(name=Role.STAFF)[0])
    page = _log_in(client, newcomer)
    final = page.redirect_chain[-1][0]
    assert final.startswith(reverse("mfa_activate_totp")), page.redirect_chain
    assert page.status_code == 200
    assert 'name="password"' not in page.content.decode()


def test_after_the_reauthentication_window_changing_the_code_asks_the_password(client):
    import time_machine
    from allauth.account import app_settings
    from django.utils import timezone

    with time_machine.travel(timezone.now(), tick=False) as clock:
        client.force_login(StaffFactory())
        clock.shift(app_settings.REAUTHENTICATION_TIMEOUT + 60)
        response = client.get(reverse("mfa_deactivate_totp"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))
