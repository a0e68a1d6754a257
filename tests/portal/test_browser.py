"""Real Chromium through Playwright: the pages people see, by keyboard, checked by axe-core."""

import re

import pytest
from playwright.sync_api import expect

from portal import mail
from tests.factories import PASSWORD, StaffFactory, UserFactory, with_totp
from tests.helpers import assert_accessible, totp_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_page_is_accessible_and_reachable_by_keyboard(page):
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Welkom bij Samenspel")
    assert_accessible(page)
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Naar de inhoud")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    assert page.url.endswith("#inhoud")


def test_language_switch_shows_english(page):
    page.goto("/")
    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome to Samenspel")
    assert_accessible(page)


def test_login_form_errors_are_linked_and_focused(page):
    page.goto("/accounts/login/")
    assert_accessible(page)
    page.get_by_label("E-mailadres").fill("niemand@example.org")
    page.get_by_label("Wachtwoord").fill("verkeerd")
    page.get_by_role("button", name="Inloggen").click()
    expect(page.locator(".alert-danger, .invalid-feedback").first).to_be_visible()
    assert_accessible(page)


def test_sign_up_page_is_accessible_and_shows_dutch_errors(page):
    page.goto("/accounts/signup/")
    assert_accessible(page)
    page.get_by_label("Je naam").fill("Henk Jansen")
    page.get_by_label("E-mailadres").fill("geen-adres")
    page.get_by_role("button", name=re.compile("Registreer|Account maken|Aanmelden")).click()
    email = page.get_by_label("E-mailadres")
    expect(email).to_have_attribute("aria-invalid", "true")
    expect(email).to_be_focused()
    described = email.get_attribute("aria-describedby")
    assert described and page.locator(f"#{described.split()[0]}").inner_text().strip()
    expect(page.get_by_label("Je naam")).to_have_value("Henk Jansen")  # nothing lost
    assert_accessible(page)


def test_staff_logs_in_with_password_and_totp_code(page):
    staff = StaffFactory()
    page.goto("/accounts/login/")
    page.get_by_label("E-mailadres").fill(staff.email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url("**/accounts/2fa/authenticate/")
    assert_accessible(page)
    code = totp_code(staff.totp_secret)
    page.get_by_label("Code").fill(code)
    page.get_by_role("button", name=re.compile("Inloggen|Aanmelden|Bevestig")).click()
    expect(page.get_by_role("button", name="Fonds")).to_be_visible()


def test_messages_page_lists_my_mail(page, login_as):
    user = UserFactory()
    mail.store(
        recipient=user,
        to_email=user.email,
        subject="Je voorstel is ontvangen",
        body_text="Dank je wel.",
    )
    login_as(user)
    page.goto("/berichten/")
    page.get_by_role("link", name="Je voorstel is ontvangen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Je voorstel is ontvangen")
    assert_accessible(page)


def test_new_staff_member_sets_up_two_factor_at_first_login(page):
    staff = UserFactory(roles=["staff"])
    page.goto("/accounts/login/")
    page.get_by_label("E-mailadres").fill(staff.email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    # The password was typed a moment ago: the portal does not ask it a second time.
    page.wait_for_url("**/accounts/2fa/totp/activate/")
    expect(page.get_by_text("authenticator-app", exact=False).first).to_be_visible()
    assert_accessible(page)
    secret = page.locator("#authenticator_secret").input_value()
    code = totp_code(secret)
    page.get_by_label("Authenticator code").fill(code)
    page.get_by_role("button", name="Activeer").click()
    page.wait_for_url(re.compile(r"/accounts/2fa/"))
    assert staff.authenticator_set.filter(type="totp").exists()
    page.goto("/berichten/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Berichten")


def _menu_rows(page):
    boxes = page.eval_on_selector_all(
        "header .navbar-nav > .nav-item",
        "items => items.map(i => [i.getBoundingClientRect().top, i.offsetHeight])",
    )
    return {round(top) for top, _ in boxes}, max(height for _, height in boxes)


def test_the_staff_menu_fits_one_line_at_1280_px_and_works_by_keyboard(page, login_as):
    login_as(StaffFactory())
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto("/")
    rows, tallest = _menu_rows(page)
    assert len(rows) == 1, rows  # one row of items
    assert tallest < 50, tallest  # and no label on two lines
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280  # no sideways scroll
    page.get_by_role("button", name="Fonds").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("link", name="Herinneringen")).to_be_visible()
    assert_accessible(page)
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert page.url.endswith("/fonds/oproepen/"), page.url


def test_a_person_with_every_role_never_scrolls_sideways_at_1280_px(page, login_as):
    everyone = UserFactory(roles=["staff", "reviewer", "helper", "support"])
    with_totp(everyone)
    login_as(everyone)
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto("/")
    expect(page.get_by_role("link", name="Mijn beoordelingen")).to_be_visible()
    assert _menu_rows(page)[1] < 50  # labels stay on one line; items may take a second row
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280


def test_every_page_has_an_icon_and_favicon_ico_leads_to_it(page, live_server):
    page.goto("/")
    icon = page.locator("link[rel=icon]").get_attribute("href")
    assert page.request.get(icon).status == 200
    response = page.request.get("/favicon.ico")
    assert response.status == 200 and "svg" in response.headers["content-type"]
