"""Guessing is braked: failed logins, login codes, password resets; no hint who has an account."""

import pytest
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_five_failed_logins_for_one_address_stop_the_sixth(client):
    person = UserFactory()
    url = reverse("account_login")
    for _ in range(5):
        response = client.post(url, {"login": person.email, "password": "geraden-1"})
        assert response.status_code == 200
    response = client.post(url, {"login": person.email, "password": "geraden-1"})
    html = response.content.decode()
    assert "Te veel inlogpogingen. Probeer het later nogmaals." in html


def test_login_codes_for_one_address_are_limited(client):
    person = UserFactory()
    url = reverse("account_request_login_code")
    statuses = []
    for _ in range(4):
        client.logout()
        statuses.append(client.post(url, {"email": person.email}).status_code)
    last = client.post(url, {"email": person.email})
    assert last.status_code == 429 or "Te veel" in last.content.decode(), statuses


def test_password_reset_does_not_tell_whether_an_account_exists(client):
    UserFactory(email="bestaat@example.org")
    url = reverse("account_reset_password")
    known = client.post(url, {"email": "bestaat@example.org"})
    unknown = client.post(url, {"email": "bestaat-niet@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]


@pytest.fixture
def redis_down(settings):
    """The cache's Redis on a port nobody listens on, as when Redis is stopped."""
    from portal import cache

    settings.CACHES = {
        **settings.CACHES,
        "redis": {**settings.CACHES["redis"], "LOCATION": "redis://127.0.0.1:1/0"},
    }
    cache._redis_skipped_until["moment"] = 0.0
    yield
    cache._redis_skipped_until["moment"] = 0.0


def test_with_redis_down_the_right_password_logs_in(client, redis_down):
    person = UserFactory()
    response = client.post(reverse("account_login"), {"login": person.email, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:300]
    assert client.get(reverse("proposals:mine")).status_code == 200


def test_with_redis_down_failed_logins_are_still_braked(client, redis_down):
    person = UserFactory()
    url = reverse("account_login")
    for _ in range(5):
        assert client.post(url, {"login": person.email, "password": "geraden-1"}).status_code == 200
    html = client.post(url, {"login": person.email, "password": "geraden-1"}).content.decode()
    assert "Te veel inlogpogingen. Probeer het later nogmaals." in html
