"""Staff make a coalition by hand, a member writes to the fund, staff read it; staff form
learning groups. axe-core checks every page on the way."""

import pytest
from playwright.sync_api import expect

from coalitions.models import Coalition, LearningGroup
from portal.models import OutboxMessage
from tests.factories import UserFactory
from tests.helpers import assert_accessible

from .conftest import add_registration

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_make_a_coalition_and_read_a_members_message(page, login_as, staff, programme):
    member = UserFactory(name="Fatima Ouali")
    login_as(staff)
    page.goto("/fonds/coalities/")
    assert_accessible(page)
    page.get_by_role("link", name="Nieuwe coalitie").click()
    assert_accessible(page)
    page.locator("#id_name").fill("Samen sterk in Ondiep")
    page.locator("#id_programme").select_option(label="Betrokken buurten")
    page.locator("#id_municipality").fill("Utrecht")
    page.locator("#id_grant_amount").fill("30000")
    page.locator("#id_tranches-0-planned_on").fill("2026-03-01")
    page.locator("#id_tranches-0-amount").fill("12000")
    page.locator("#id_invite_core").fill(member.email)
    page.get_by_role("button", name="Coalitie maken").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Samen sterk in Ondiep")
    expect(page.get_by_text("De coalitie is gemaakt.")).to_be_visible()
    assert_accessible(page)
    coalition = Coalition.objects.get(name="Samen sterk in Ondiep")
    assert coalition.tranches.get().amount == 12000

    login_as(member)
    page.goto(f"/coalities/uitnodiging/{coalition.invitations.get().token}/")
    page.get_by_role("button", name="Doe mee met de coalitie").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Samen sterk in Ondiep")
    page.get_by_role("button", name="Bericht versturen").click()  # empty: refused, in Dutch
    expect(page.locator("[data-error-summary]")).to_contain_text("Schrijf eerst een bericht.")
    assert_accessible(page)
    page.get_by_label("Je bericht").fill("Wanneer komt de eerste betaling?")
    page.get_by_role("button", name="Bericht versturen").click()
    expect(page.get_by_text("Je bericht is verstuurd.")).to_be_visible()
    expect(page.get_by_text("Wanneer komt de eerste betaling?")).to_be_visible()
    assert_accessible(page)
    assert OutboxMessage.objects.filter(
        kind="coalitions/mail/message", to_email=staff.email
    ).exists()  # no support team yet: the fund staff get it

    login_as(staff)
    page.goto(f"/coalities/{coalition.slug}/werkruimte/")
    section = page.locator("#berichten")
    expect(section.get_by_text("Wanneer komt de eerste betaling?")).to_be_visible()
    expect(section.get_by_text("Fatima Ouali")).to_be_visible()
    page.goto(f"/coalities/{coalition.slug}/berichten/")
    expect(page.get_by_text("Wanneer komt de eerste betaling?")).to_be_visible()
    assert_accessible(page)
    page.goto("/fonds/coalities/")
    page.get_by_role("link", name="Wijzigen Samen sterk in Ondiep").click()
    expect(page.locator("#id_tranches-0-amount")).to_have_value("12000,00")
    assert_accessible(page)


def test_staff_form_learning_groups_from_suggestions(page, login_as, staff, registration_call):
    for name, place, learning in [
        ("Buurtvereniging De Hoven", "Zutphen", "eenzaamheid onder ouderen"),
        ("Dorpshuis Barchem", "Lochem", "eenzaamheid en mantelzorgers"),
        ("Noaberhulp Eibergen", "Berkelland", "mantelzorgers en eenzaamheid"),
        ("Buurtkamer Epe", "Epe", "eenzaamheid van ouderen"),
        ("Wijkraad Groenewoud", "Tilburg", "zeggenschap voor jongeren"),
        ("Buurtteam Woensel", "Eindhoven", "jongeren en zeggenschap"),
        ("Jongerenplatform Oost", "Venlo", "jongeren krijgen zeggenschap"),
        ("Wijkteam Centrum", "Oss", "zeggenschap van jongeren"),
    ]:
        add_registration(registration_call, name, place, learning)
    login_as(staff)
    page.goto(f"/fonds/oproepen/{registration_call.slug}/")
    page.get_by_role("link", name="Leergroepen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Leergroepen")
    expect(page.get_by_text("zelfde provincie: Gelderland").first).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Deze groep maken Leergroep eenzaamheid").click()
    expect(page.get_by_text("De leergroep “Leergroep eenzaamheid” is gemaakt.")).to_be_visible()
    group = LearningGroup.objects.get()
    assert group.members.count() == 4
    page.get_by_label("Wijkteam Centrum verplaatsen naar").select_option(label=group.name)
    page.get_by_role("button", name="Verplaatsen Wijkteam Centrum").click()
    expect(page.get_by_text("zit nu in “Leergroep eenzaamheid”")).to_be_visible()
    assert group.members.count() == 5
    assert_accessible(page)
