"""The section editor as people use it, in real Chromium on the real database: pauses, second
tabs, a session that ends, no connection, a failing server, files and the budget (issue 15)."""

import re

import pytest
from django.contrib.sessions.models import Session
from playwright.sync_api import expect

from proposals.models import Answer
from tests.factories import UserFactory
from tests.helpers import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SAVED = re.compile(r"Opgeslagen om \d\d:\d\d")


def _first_section(proposal):
    return proposal.stage.sections.order_by("order").first()


def _open(page, proposal):
    page.goto(f"/aanvragen/{proposal.pk}/deel/{_first_section(proposal).pk}/")
    return page.get_by_label("Wat willen jullie doen?")


def _stored(proposal, key="samenvatting"):
    answer = Answer.objects.filter(proposal=proposal, question_key=key).first()
    return answer.value if answer else None


def _wait_until_stored(page, proposal, value, key="samenvatting", seconds=10):
    """The page said it saved; the row is what counts: wait until it holds the value."""
    for _ in range(seconds * 10):
        if _stored(proposal, key) == value:
            return
        page.wait_for_timeout(100)
    assert _stored(proposal, key) == value


def test_a_first_answer_written_with_a_pause_is_stored_whole(page, login_as, draft, applicant):
    login_as(applicant)
    field = _open(page, draft)
    status = page.locator("#save-status")
    field.press_sequentially("Samen een burennetwerk opzetten.", delay=10)
    expect(status).to_have_text(SAVED)
    page.wait_for_timeout(2500)  # a pause, as people make
    field.press_sequentially(" Met de bibliotheek.", delay=10)
    expect(status).to_have_text(SAVED)
    page.wait_for_timeout(1500)
    expect(status).to_have_text(SAVED)
    assert _stored(draft) == "Samen een burennetwerk opzetten. Met de bibliotheek."
    assert page.locator(".editor-conflict").count() == 0
    assert_accessible(page)


def test_a_stale_second_tab_keeps_its_conflict_until_the_person_chooses(
    page, login_as, page_as, draft, applicant
):
    login_as(applicant)
    tab_b = page.context.new_page()  # the same person, a second tab, opened first
    field_b = _open(tab_b, draft)
    field_a = _open(page, draft)
    field_a.fill("Tekst uit tab A.")
    expect(page.locator("#save-status")).to_have_text(SAVED)
    assert _stored(draft) == "Tekst uit tab A."

    field_b.fill("Tekst uit tab B.")
    conflict = tab_b.locator(".editor-conflict")
    expect(conflict).to_contain_text("Tekst uit tab A.")
    expect(conflict).to_contain_text("in een ander venster")
    # Typing in another field does not resolve it, and nothing of tab A is overwritten.
    tab_b.get_by_label("Nee").check()
    tab_b.wait_for_timeout(2500)
    assert _stored(draft) == "Tekst uit tab A."
    assert _stored(draft, "hulp-gewenst") == "no"
    expect(conflict).to_be_visible()
    assert_accessible(tab_b)
    # The person chooses to keep their own text: now it is stored.
    conflict.get_by_role("button", name="Mijn tekst houden").click()
    expect(conflict).to_have_count(0)
    _wait_until_stored(tab_b, draft, "Tekst uit tab B.")
    expect(tab_b.locator("#save-status")).to_have_text(SAVED)
    tab_b.close()


def test_a_co_applicant_sees_the_other_and_can_take_their_text(
    page, login_as, page_as, draft, applicant
):
    partner = UserFactory(name="Sanne de Vries")
    draft.people.add(partner)
    sanne = page_as(partner)
    field_sanne = _open(sanne, draft)
    login_as(applicant)
    field = _open(page, draft)
    field_sanne.fill("Sanne schrijft dit.")
    expect(sanne.locator("#save-status")).to_have_text(SAVED)
    field.fill("Henk schrijft iets anders.")  # before his page heard of Sanne's text
    conflict = page.locator(".editor-conflict")
    expect(conflict).to_contain_text("Sanne de Vries")
    expect(conflict).to_contain_text("Sanne schrijft dit.")
    # He sees who else works on this part right now.
    expect(page.locator("[data-editor-presence]")).to_contain_text("Sanne de Vries")
    conflict.get_by_role("button", name="Neem de opgeslagen tekst").click()
    expect(field).to_have_value("Sanne schrijft dit.")
    assert _stored(draft) == "Sanne schrijft dit."


def test_when_the_session_ends_the_text_waits_and_is_saved_after_logging_in_again(
    page, login_as, draft, applicant
):
    from tests.factories import PASSWORD

    applicant.set_password(PASSWORD)
    applicant.save()
    login_as(applicant)
    field = _open(page, draft)
    field.fill("Eerste zin.")
    expect(page.locator("#save-status")).to_have_text(SAVED)
    Session.objects.all().delete()  # "log out everywhere", expiry: the session is gone
    field.press_sequentially(" Tweede zin, na het einde van de sessie.", delay=5)
    status = page.locator("#save-status")
    expect(status).to_contain_text("Je bent uitgelogd. Log opnieuw in; je tekst staat veilig.")
    assert status.locator("form, nav, footer").count() == 0  # no login page inside the status
    assert _stored(draft) == "Eerste zin."
    # The link opens the portal's own Dutch login in a new tab.
    with page.context.expect_page() as new_tab:
        status.get_by_role("link", name=re.compile("Log opnieuw in")).click()
    login = new_tab.value
    login.wait_for_load_state()
    expect(login.get_by_role("heading", level=1)).to_have_text(re.compile("Inloggen"))
    login.get_by_label("E-mailadres").fill(applicant.email)
    login.get_by_label("Wachtwoord").fill(PASSWORD)
    login.get_by_role("button", name="Inloggen").click()
    expect(login.get_by_role("heading", level=1)).to_have_text("Je bent weer ingelogd")
    # Back in the editor's tab: the waiting text is saved with a fresh CSRF token.
    expect(status).to_have_text(SAVED, timeout=15_000)
    assert _stored(draft) == "Eerste zin. Tweede zin, na het einde van de sessie."


def test_save_while_offline_stays_on_the_page_and_saves_when_online_again(
    page, login_as, draft, applicant
):
    login_as(applicant)
    field = _open(page, draft)
    page.context.set_offline(True)
    field.fill("Geschreven in de trein zonder verbinding.")
    page.get_by_role("button", name="Opslaan", exact=True).click()
    status = page.locator("#save-status")
    expect(status).to_contain_text("Je tekst staat veilig in deze browser")
    assert "/deel/" in page.url  # no browser error page, no navigation
    expect(field).to_have_value("Geschreven in de trein zonder verbinding.")
    # Reopening the page (here: a reload while still offline is impossible, so after online).
    page.context.set_offline(False)
    expect(status).to_have_text(SAVED, timeout=15_000)
    assert _stored(draft) == "Geschreven in de trein zonder verbinding."


def test_text_typed_while_the_server_fails_is_kept_and_offered_back_when_reopened(
    page, login_as, draft, applicant
):
    login_as(applicant)
    field = _open(page, draft)
    failing = {"on": True}

    def fail(route):
        if failing["on"]:
            route.fulfill(status=500, body="<h1>Server Error</h1>", content_type="text/html")
        else:
            route.continue_()

    page.route("**/opslaan/", fail)  # the database is gone for these requests
    field.fill("Tekst tijdens een storing.")
    status = page.locator("#save-status")
    expect(status).to_contain_text("Opslaan lukte niet")
    assert _stored(draft) is None
    # The person closes the page anyway and comes back later: the text is offered back.
    page.goto("/aanvragen/")
    failing["on"] = False
    field = _open(page, draft)
    expect(page.locator("[data-editor-notice]")).to_contain_text("We hebben die teruggezet")
    expect(field).to_have_value("Tekst tijdens een storing.")
    expect(status).to_have_text(SAVED, timeout=15_000)
    assert _stored(draft) == "Tekst tijdens een storing."


def test_a_required_file_question_is_answered_by_an_upload_and_the_file_can_be_removed(
    page, login_as, draft, applicant, tmp_path
):
    from calls.models import Question

    Question.objects.filter(key="bijlage").update(required=True)
    login_as(applicant)
    _open(page, draft)
    expect(page.get_by_text("Je mag uploaden: PDF")).to_be_visible()  # limits before uploading
    pdf = tmp_path / "plan.pdf"
    pdf.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    page.get_by_label("Bestand toevoegen").set_input_files(str(pdf))
    expect(page.get_by_role("link", name="plan.pdf")).to_be_visible()
    assert _stored(draft, "bijlage") == ["plan.pdf"]
    page.goto(f"/aanvragen/{draft.pk}/indienen/")
    expect(page.get_by_text("Beantwoord deze vraag: Bijlage")).to_have_count(0)
    _open(page, draft)
    page.get_by_role("button", name=re.compile("Weghalen")).click()
    expect(page.get_by_role("link", name="plan.pdf")).to_have_count(0)
    assert _stored(draft, "bijlage") is None


@pytest.fixture
def full_plan(draft, applicant):
    from tests.factories import StaffFactory
    from tests.proposals.test_help import make_invited

    return make_invited(draft, applicant, StaffFactory())


def test_the_budget_warns_at_once_above_the_maximum_and_is_read_only_after_the_deadline(
    page, login_as, full_plan, applicant
):
    from datetime import timedelta

    from django.utils import timezone

    login_as(applicant)
    page.goto(f"/aanvragen/{full_plan.pk}/begroting/")
    warning = page.locator("#budget-warning")
    expect(warning).to_be_hidden()
    page.locator("#id_lines-0-category").select_option("activities")
    page.locator("#id_lines-0-description").fill("Buurtfeest")
    page.locator("#id_lines-0-amount").fill("60000")
    expect(warning).to_be_visible()  # live, before saving
    expect(warning).to_contain_text("€ 50.000,00")
    with page.expect_navigation():  # saved, then the page comes back with two empty lines
        page.get_by_role("button", name="Begroting opslaan").click()
    expect(page.locator("#id_lines-0-description")).to_have_value("Buurtfeest")
    expect(warning).to_be_visible()  # said again by the page as stored
    assert_accessible(page)
    full_plan.stage.deadline = timezone.now() - timedelta(minutes=1)
    full_plan.stage.save()
    page.goto(f"/aanvragen/{full_plan.pk}/begroting/")
    expect(page.get_by_text("De oproep is gesloten")).to_be_visible()
    assert page.locator("#budget-form").count() == 0
    expect(page.get_by_role("cell", name="Buurtfeest")).to_be_visible()


def test_leaving_with_unsaved_text_asks_first(page, login_as, draft, applicant):
    login_as(applicant)
    field = _open(page, draft)
    page.route("**/opslaan/", lambda route: route.abort())
    field.fill("Nog niet opgeslagen tekst.")
    expect(page.locator("#save-status")).to_contain_text("Je tekst staat veilig in deze browser")
    dialogs = []

    def on_dialog(dialog):
        dialogs.append(dialog.type)
        dialog.dismiss()  # stay on the page

    page.on("dialog", on_dialog)
    page.close(run_before_unload=True)
    page.wait_for_timeout(500)
    assert dialogs == ["beforeunload"]


def test_the_error_page_renders_in_dutch_while_the_database_is_down(client, settings):
    """templates/500.html needs no database and no request context."""
    from django.db import connection
    from django.test import RequestFactory
    from django.views.defaults import server_error

    with connection.execute_wrapper(_database_gone):
        response = server_error(RequestFactory().get("/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert "Er ging bij ons iets mis" in html and "Terug naar de vorige pagina" in html


def _database_gone(execute, sql, params, many, context):
    from django.db import OperationalError

    raise OperationalError("the database is down")


def test_two_co_applicants_on_the_budget_get_a_conflict_instead_of_a_silent_overwrite(
    page, login_as, page_as, full_plan, applicant
):
    partner = UserFactory(name="Sanne de Vries")
    full_plan.people.add(partner)
    sanne = page_as(partner)
    sanne.goto(f"/aanvragen/{full_plan.pk}/begroting/")
    login_as(applicant)
    page.goto(f"/aanvragen/{full_plan.pk}/begroting/")
    # Sanne types a line and it autosaves.
    sanne.locator("#id_lines-0-category").select_option("activities")
    sanne.locator("#id_lines-0-description").fill("Buurtfeest")
    sanne.locator("#id_lines-0-amount").fill("1200")
    expect(sanne.locator("#save-status")).to_have_text(SAVED)
    assert list(full_plan.budget_lines.values_list("description", flat=True)) == ["Buurtfeest"]
    # Henk's page is older: his line is a conflict, Sanne's stays; his own contribution saves.
    page.locator("#id_lines-0-category").select_option("materials")
    page.locator("#id_lines-0-description").fill("Verf")
    page.locator("#id_lines-0-amount").fill("300")
    conflict = page.locator(".editor-conflict")
    expect(conflict).to_contain_text("Sanne de Vries")
    expect(conflict).to_contain_text("Buurtfeest")
    page.get_by_label("Eigen bijdrage (euro)").fill("100")
    page.wait_for_timeout(2500)
    full_plan.refresh_from_db()
    assert list(full_plan.budget_lines.values_list("description", flat=True)) == ["Buurtfeest"]
    assert full_plan.own_contribution == 100
    assert_accessible(page)
    conflict.get_by_role("button", name="Mijn tekst houden").click()
    expect(conflict).to_have_count(0)
    for _ in range(50):
        if list(full_plan.budget_lines.values_list("description", flat=True)) == ["Verf"]:
            break
        page.wait_for_timeout(100)
    assert list(full_plan.budget_lines.values_list("description", flat=True)) == ["Verf"]
