"""Staff start an experiment, a member joins and opens the workspace, the public page shows it."""

import pytest
from playwright.sync_api import expect

from coalitions.models import Coalition
from tests.factories import StaffFactory
from tests.helpers import assert_accessible

from .test_coalitions import selected_proposal

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_start_experiment_join_workspace_and_public_page(page, login_as, applicant):
    proposal = selected_proposal(applicant)
    login_as(StaffFactory())
    page.goto(f"/fonds/aanvragen/{proposal.pk}/")
    page.get_by_role("button", name="Experiment starten").click()
    expect(page.get_by_text("Het experiment is gestart.")).to_be_visible()
    coalition = Coalition.objects.get(proposal=proposal)

    login_as(applicant)
    page.goto(f"/coalities/uitnodiging/{coalition.invitations.get().token}/")
    assert_accessible(page)
    page.get_by_role("button", name="Doe mee met de coalitie").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(coalition.name)
    expect(page.get_by_text("Buurtfeest")).to_be_visible()
    assert_accessible(page)

    coalition.is_public = True
    coalition.story = "Samen optrekken in De Heeze."
    coalition.save()
    page.goto("/coalities/")
    assert_accessible(page)
    page.get_by_role("link", name=f"{coalition.municipality}: {coalition.name}").click()
    expect(page.get_by_text("Samen optrekken in De Heeze.")).to_be_visible()
    assert_accessible(page)


def test_support_person_finds_their_coalitions_through_the_menu(page, login_as):
    from calls.models import Programme
    from tests.factories import SupportFactory

    programme = Programme.objects.create(name="Betrokken buurten", slug="bb")
    coalition = Coalition.objects.create(
        programme=programme, name="Samen in Zuilen", slug="zuilen", municipality="Utrecht"
    )
    Coalition.objects.create(
        programme=programme, name="Niet van mij", slug="niet", municipality="Ede"
    )
    support = SupportFactory()
    coalition.support_team.add(support)
    login_as(support)
    page.goto("/")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name="Mijn coalities"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn coalities")
    expect(page.get_by_text("Niet van mij")).to_have_count(0)
    assert_accessible(page)
    page.get_by_role("link", name="Samen in Zuilen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(coalition.name)


def test_member_sees_period_and_an_open_payment_in_the_workspace_header(page, login_as):
    import datetime

    from calls.models import Programme
    from tests.factories import UserFactory

    programme = Programme.objects.create(name="Betrokken buurten", slug="bb")
    coalition = Coalition.objects.create(
        programme=programme, name="Samen in Zuilen", slug="zuilen", municipality="Utrecht",
        neighbourhoods="Zuilen", starts_on=datetime.date(2026, 3, 1),
        ends_on=datetime.date(2028, 2, 29),
    )  # fmt: skip
    coalition.tranches.create(planned_on=datetime.date(2026, 9, 1), amount=2000)
    member = UserFactory()
    coalition.members.create(user=member, role="core")
    login_as(member)
    page.goto("/coalities/mijn/")
    page.get_by_role("link", name="Samen in Zuilen").click()
    expect(page.get_by_text("Utrecht (Zuilen)")).to_be_visible()
    expect(page.get_by_text("Periode: 1 maart 2026 – 29 februari 2028")).to_be_visible()
    expect(page.get_by_text("Betaling van 1 september 2026 staat nog open.")).to_be_visible()
    assert_accessible(page)
