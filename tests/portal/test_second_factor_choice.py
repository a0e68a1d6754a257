"""A second factor for everyone who wants it, and required for reviewers and the support team
when their programme asks for it (Programme.second_factor_for_reviewers_and_support)."""

import re

import pytest
from allauth.mfa.models import Authenticator
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from proposals.models import Review
from tests.coalitions.conftest import coalition, programme, support  # noqa: F401  (fixtures)
from tests.factories import PASSWORD, ReviewerFactory, UserFactory, with_totp
from tests.helpers import assert_accessible, plain_force_login, totp_code
from tests.proposals.conftest import applicant, draft, open_call  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db


def code_for(secret):
    return totp_code(secret)


def _review(draft, reviewer):  # noqa: F811
    return Review.objects.create(proposal=draft, stage=draft.stage, reviewer=reviewer)


def _ask_two_steps(programme, on=True):  # noqa: F811
    programme.second_factor_for_reviewers_and_support = on
    programme.save()


def test_a_reviewer_in_a_programme_that_asks_two_steps_sets_it_up_first(draft):  # noqa: F811
    reviewer = ReviewerFactory()
    _review(draft, reviewer)
    client = Client()
    client.force_login(reviewer)
    assert client.get(reverse("proposals_review:mine")).status_code == 200

    _ask_two_steps(draft.call.programme)
    response = client.get(reverse("proposals_review:mine"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("mfa_activate_totp")
    assert "Jouw programma vraagt beoordelaars en ondersteuners" in response.content.decode()


def test_a_reviewer_with_an_app_must_pass_the_code_in_this_session(draft):  # noqa: F811
    reviewer = ReviewerFactory()
    secret = with_totp(reviewer)
    _review(draft, reviewer)
    _ask_two_steps(draft.call.programme)
    forged = Client()
    plain_force_login(forged, reviewer)  # a session that never passed the code step
    response = forged.get(reverse("proposals_review:mine"))
    assert response["Location"].startswith(reverse("mfa_reauthenticate"))

    client = Client()
    response = client.post(
        reverse("account_login"), {"login": reviewer.email, "password": PASSWORD}
    )
    assert response["Location"] == reverse("mfa_authenticate")
    client.post(reverse("mfa_authenticate"), {"code": code_for(secret)})
    assert client.get(reverse("proposals_review:mine")).status_code == 200


def test_a_reviewer_only_in_other_programmes_is_not_asked(draft, programme):  # noqa: F811
    reviewer = ReviewerFactory()
    _review(draft, reviewer)
    _ask_two_steps(programme)  # another programme than the one of the call reviewed
    assert draft.call.programme != programme
    client = Client()
    client.force_login(reviewer)
    assert client.get(reverse("proposals_review:mine")).status_code == 200


def test_the_support_team_of_a_coalition_in_such_a_programme_sets_it_up_first(  # noqa: F811
    coalition,  # noqa: F811
    support,  # noqa: F811
    programme,  # noqa: F811
):
    client = Client()
    client.force_login(support)
    workspace = reverse("coalitions:workspace", args=[coalition.slug])
    assert client.get(workspace).status_code == 200
    _ask_two_steps(programme)
    response = client.get(workspace)
    assert response["Location"] == reverse("mfa_activate_totp")


def test_an_applicant_is_never_forced_but_may_choose_two_steps(draft, applicant):  # noqa: F811
    _ask_two_steps(draft.call.programme)
    client = Client()
    client.force_login(applicant)
    assert client.get(reverse("proposals:detail", args=[draft.pk])).status_code == 200
    response = client.get(reverse("mfa_index"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Inloggen in twee stappen" in page and "Aanzetten" in page


def test_staff_switch_the_programme_setting_on_in_the_programme_form(draft):  # noqa: F811
    from tests.factories import StaffFactory

    client = Client()
    client.force_login(StaffFactory())
    programme_ = draft.call.programme
    url = reverse("calls_staff:programme_edit", args=[programme_.slug])
    page = client.get(url).content.decode()
    assert "beoordelaars en ondersteuners loggen in met twee stappen" in page.lower()
    client.post(
        url,
        {
            "name": programme_.name,
            "slug": programme_.slug,
            "description": "",
            "keep_drafts_days": 365,
            "keep_declined_days": 730,
            "second_factor_for_reviewers_and_support": "on",
        },
    )
    programme_.refresh_from_db()
    assert programme_.second_factor_for_reviewers_and_support


@pytest.mark.browser
def test_an_applicant_switches_two_steps_on_from_the_account_menu_and_logs_in_with_a_code(
    page, login_as
):
    person = UserFactory(name="Fatima Amrani")
    login_as(person)
    page.goto("/")
    page.get_by_role("link", name=re.compile("Mijn account")).click()
    page.get_by_role("link", name="Inloggen in twee stappen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggen in twee stappen")
    expect(page.get_by_text("Uit. Je logt in met je wachtwoord")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Aanzetten").click()
    page.wait_for_url("**/accounts/2fa/totp/activate/")
    secret = page.locator("#authenticator_secret").input_value()
    first_code = code_for(secret)
    page.get_by_label("Authenticator code").fill(first_code)
    page.get_by_role("button", name="Activeer").click()
    page.wait_for_url(re.compile(r"/accounts/2fa/"))
    assert Authenticator.objects.filter(user=person, type="totp").exists()
    page.goto(reverse("mfa_index"))
    expect(page.get_by_text("Aan. Bij elke keer inloggen vragen we een code")).to_be_visible()
    expect(page.get_by_role("heading", name="Reservecodes")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Uitloggen").click()
    page.goto("/accounts/login/")
    page.get_by_label("E-mailadres").fill(person.email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url("**/accounts/2fa/authenticate/")
    assert_accessible(page)
    page.get_by_label(re.compile("Code")).fill("000000" if first_code != "000000" else "111111")
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_text("Ongeldige code")).to_be_visible()
    page.get_by_label(re.compile("Code")).fill(code_for(secret))
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(lambda url: "/accounts/" not in url)
    expect(page.get_by_role("link", name=re.compile("Mijn account"))).to_be_visible()
