"""Mail settings and the one-click unsubscribe link (RFC 8058) of optional mail."""

import pytest
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from portal import mail, reminders
from portal.models import MailOptOut, OutboxMessage
from tests.factories import UserFactory
from tests.helpers import assert_accessible

REVIEW = "proposals.review_due"
TEMPLATE = "portal/mail/verify_email_reminder"


def _optional_mail(user, kind=REVIEW):
    return mail.compose(template=TEMPLATE, context={}, recipient=user, optional_kind=kind)


@pytest.mark.django_db
def test_optional_mail_carries_an_unsubscribe_link_and_headers():
    user = UserFactory()
    message = _optional_mail(user)
    url = message.headers["List-Unsubscribe"].strip("<>")
    assert message.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert url.startswith("http") and "/afmelden/" in url
    assert url in message.body_text and url in message.body_html
    assert "Beoordelingen om af te maken" in message.body_text  # why you get it
    assert reverse("mail_settings") in message.body_text
    essential = mail.compose(template=TEMPLATE, context={}, recipient=user)
    assert essential.headers == {} and "/afmelden/" not in essential.body_text


@pytest.mark.django_db
def test_one_click_post_without_login_or_csrf_switches_the_kind_off():
    user = UserFactory()
    url = _optional_mail(user).headers["List-Unsubscribe"].strip("<>")
    path = url.removeprefix("http://127.0.0.1:8000")
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    assert MailOptOut.objects.filter(email=user.email, kind=REVIEW).exists()
    assert _optional_mail(user) is None  # nothing is written for a switched-off kind
    assert OutboxMessage.objects.filter(recipient=user).count() == 1
    # Essential mail still goes out.
    assert mail.compose(template=TEMPLATE, context={}, recipient=user) is not None


@pytest.mark.django_db
def test_unsubscribe_page_asks_first_and_can_be_undone():
    user = UserFactory()
    path = reverse("unsubscribe", args=[mail.unsubscribe_token(user.email, REVIEW)])
    client = Client()
    page = client.get(path).content.decode()
    assert "Wil je deze e-mails niet meer: Beoordelingen om af te maken?" in page
    assert not MailOptOut.objects.exists()  # a GET (a link checker) changes nothing
    page = client.post(path).content.decode()
    assert f"{user.email} krijgt deze e-mails niet meer" in page
    page = client.post(path, {"undo": "1"}).content.decode()
    assert f"{user.email} krijgt deze e-mails weer" in page
    assert not MailOptOut.objects.exists()


@pytest.mark.django_db
def test_forged_unsubscribe_token_is_refused():
    token = mail.unsubscribe_token("iemand@example.org", REVIEW)
    forged = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")
    assert Client().post(reverse("unsubscribe", args=[forged])).status_code == 404
    assert not MailOptOut.objects.exists()


@pytest.mark.django_db
def test_mail_settings_switch_optional_kinds_and_list_the_essential_ones(client):
    user = UserFactory()
    client.force_login(user)
    html = client.get(reverse("mail_settings")).content.decode()
    assert "Beoordelingen om af te maken" in html  # optional: a checkbox
    assert "Deadline van je voorstel" in html  # essential: listed as always sent
    kinds = {kind.code for kind in mail.optional_kinds()}
    wanted = kinds - {REVIEW, "reflections.pitstop_coming_up"}
    data = {"kind__" + code.replace(".", "__"): "on" for code in wanted}
    response = client.post(reverse("mail_settings"), data, follow=True)
    assert "Je e-mailinstellingen zijn opgeslagen." in response.content.decode()
    assert mail.kinds_switched_off(user.email) == {REVIEW, "reflections.pitstop_coming_up"}
    client.post(reverse("mail_settings"), {**data, "kind__proposals__review_due": "on"})
    assert mail.kinds_switched_off(user.email) == {"reflections.pitstop_coming_up"}
    assert "proposals.draft_deadline" not in kinds  # essential mail cannot be switched off


def test_mail_settings_require_login(client, db):
    response = client.get(reverse("mail_settings"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_every_rule_has_a_label_for_people():
    for rule in reminders.registered_rules():
        assert rule.label, rule.name


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_person_switches_mail_off_in_settings_and_by_the_link(page, login_as, live_server):
    user = UserFactory()
    login_as(user)
    page.goto(reverse("mail_settings"))
    expect(page.get_by_role("heading", level=1)).to_have_text("E-mailinstellingen")
    assert_accessible(page)
    page.get_by_label("Pitstops die eraan komen").uncheck()
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("Je e-mailinstellingen zijn opgeslagen.")).to_be_visible()
    expect(page.get_by_label("Pitstops die eraan komen")).not_to_be_checked()
    assert mail.kinds_switched_off(user.email) == {"reflections.pitstop_coming_up"}

    page.context.clear_cookies()  # the link in the mail works without logging in
    page.goto(reverse("unsubscribe", args=[mail.unsubscribe_token(user.email, REVIEW)]))
    assert_accessible(page)
    page.get_by_role("button", name="Afmelden").click()
    expect(page.get_by_role("status")).to_contain_text("krijgt deze e-mails niet meer")
    assert_accessible(page)
    assert REVIEW in mail.kinds_switched_off(user.email)


@pytest.mark.django_db(transaction=True)
def test_list_unsubscribe_headers_reach_the_mail_program(smtp_server):
    message = _optional_mail(UserFactory())
    assert mail.deliver(message.pk) is True
    received = smtp_server.wait_for(1)[0]
    # A long header is folded onto the next line; unfolded it is the same.
    assert received["List-Unsubscribe"].strip() == message.headers["List-Unsubscribe"]
    assert received["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
