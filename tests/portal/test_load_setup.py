"""The load test's preparation (load/prepare.py): CI checks it without running locust."""

import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from load.prepare import prepare_load_users, write_accounts
from load.totp import current_code, totp_code
from portal.models import User
from proposals.models import Proposal

pytestmark = pytest.mark.django_db


@pytest.fixture
def accounts():
    call_command("seed_demo")
    return prepare_load_users(applicants=2, staff=1)


def test_totp_code_matches_the_rfc_6238_test_vectors():
    secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"  # b"12345678901234567890" in base32
    assert totp_code(secret, at=59) == "287082"
    assert totp_code(secret, at=1111111109) == "081804"
    assert totp_code(secret, at=2000000000) == "279037"


def test_load_users_exist_with_a_draft_in_the_open_call(accounts):
    assert len(accounts["applicants"]) == 2
    for applicant in accounts["applicants"]:
        proposal = Proposal.objects.get(pk=applicant["proposal"])
        assert proposal.state == Proposal.State.DRAFT
        assert proposal.call.slug == accounts["open_call"]
        assert proposal.people.filter(email=applicant["email"]).exists()
        assert proposal.stage.sections.filter(pk=applicant["section"]).exists()
    staff = User.objects.get(email=accounts["staff"][0]["email"])
    assert staff.has_perm("portal.view_staff_pages")
    assert accounts["staff_proposals"]


def test_preparing_twice_adds_no_users_and_renews_the_secrets(accounts):
    users, proposals = User.objects.count(), Proposal.objects.count()
    again = prepare_load_users(applicants=2, staff=1)
    assert (User.objects.count(), Proposal.objects.count()) == (users, proposals)
    assert [a["proposal"] for a in again["applicants"]] == [
        a["proposal"] for a in accounts["applicants"]
    ]
    assert again["password"] != accounts["password"]
    assert again["staff"][0]["totp_secret"] != accounts["staff"][0]["totp_secret"]


def test_applicant_logs_in_with_the_written_password_and_opens_the_draft(client, accounts):
    applicant = accounts["applicants"][0]
    response = client.post(
        reverse("account_login"), {"login": applicant["email"], "password": accounts["password"]}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    page = client.get(
        reverse("proposals:section", args=[applicant["proposal"], applicant["section"]])
    )
    assert page.status_code == 200
    assert applicant["section_title"] in page.content.decode()


def test_staff_totp_secret_gives_a_code_that_allauth_accepts(client, accounts):
    staff = accounts["staff"][0]
    response = client.post(
        reverse("account_login"), {"login": staff["email"], "password": accounts["password"]}
    )
    assert response["Location"] == reverse("mfa_authenticate")
    response = client.post(
        reverse("mfa_authenticate"), {"code": current_code(staff["totp_secret"])}
    )
    assert response.status_code == 302
    staff_list = reverse("proposals_list:list", args=[accounts["staff_call"]])
    assert client.get(staff_list).status_code == 200


def test_accounts_file_is_readable_by_its_owner_only(tmp_path):
    path = write_accounts({"password": "geheim"}, tmp_path / "load" / "accounts.json")
    assert json.loads(path.read_text()) == {"password": "geheim"}
    assert path.stat().st_mode & 0o777 == 0o600
