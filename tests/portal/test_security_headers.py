"""Every page goes out with a strict Content-Security-Policy and the other protective headers."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/", "/oproepen/", "/accounts/login/", "/evenementen/"])
def test_pages_send_a_strict_content_security_policy(client, url):
    policy = client.get(url)["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"


def test_pages_forbid_framing_sniffing_and_leaking_the_referrer(client):
    response = client.get("/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_the_session_cookie_set_at_login_is_http_only(client):
    from tests.factories import PASSWORD

    person = UserFactory()
    response = client.post(reverse("account_login"), {"login": person.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response.cookies["sessionid"]["httponly"] is True
    assert response.cookies["sessionid"]["samesite"] == "Lax"


def test_a_private_file_download_keeps_its_own_sandbox_policy(client, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from portal.files import store_private_file
    from portal.models import Organisation

    person = UserFactory()
    organisation = Organisation.objects.create(name="De Hoven", kind="bewonersinitiatief")
    organisation.memberships.create(user=person, role="manager")
    stored = store_private_file(
        upload=SimpleUploadedFile("a.pdf", b"%PDF-1.4\n%%EOF\n"), target=organisation,
        uploaded_by=person,
    )  # fmt: skip
    client.force_login(person)
    response = client.get(reverse("download_file", args=[stored.pk]))
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response["Content-Disposition"].startswith("attachment")
