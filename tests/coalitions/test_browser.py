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
