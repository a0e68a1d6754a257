import pytest
from playwright.sync_api import expect

from reflections.models import Reflection
from tests.helpers import assert_accessible

from .test_reflections import MP3, write

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_member_writes_a_reflection_with_ratings_theme_and_audio(
    page, login_as, coalition, member, tmp_path
):
    login_as(member)
    page.goto(f"/coalities/{coalition.slug}/werkruimte/")
    assert_accessible(page)
    page.get_by_role("link", name="Een reflectie schrijven").click()
    assert_accessible(page)
    page.locator("#id_title").fill("Wat we leerden in mei")
    page.locator("#id_learned").fill("Uitspreken wat je verwacht, helpt.")
    element = coalition.programme.frameworks.get().elements.get(name="Vertrouwen")
    page.locator(f"input[name=rating_{element.pk}][value='4']").check()
    page.locator(f"#id_why_{element.pk}").fill("We spreken het nu uit.")
    page.locator("input[name=themes]").first.check()
    audio = tmp_path / "podcast.mp3"
    audio.write_bytes(MP3)
    page.locator("#id_audio").set_input_files(str(audio))
    page.locator("input[name=visibility][value=public]").check()
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Wat we leerden in mei")
    expect(page.locator("audio")).to_have_count(1)
    assert_accessible(page)
    reflection = Reflection.objects.get(title="Wat we leerden in mei")
    assert reflection.ratings.get(element=element).score == 4
    page.goto("/lessen/")
    expect(page.get_by_role("link", name="Wat we leerden in mei")).to_be_visible()
    assert_accessible(page)


def test_staff_learning_dashboard_is_accessible(page, login_as, coalition, member):
    from tests.factories import StaffFactory

    from .test_dashboard import add_coalitions

    add_coalitions(coalition.programme, 3, 4)
    login_as(StaffFactory())
    page.goto("/fonds/leren/")
    expect(page.locator("svg.chart").first).to_be_visible()
    assert_accessible(page)


def test_a_draft_autosaves_and_is_there_after_leaving_the_page(page, login_as, coalition, member):
    login_as(member)
    page.goto(f"/coalities/{coalition.slug}/reflecties/nieuw/")
    page.locator("#id_title").fill("Halverwege")
    page.locator("#id_friction").fill("Wie pakt de sleutel van het buurthuis?")

    def saves_friction(response):
        return "autosave" in response.url and "sleutel" in (response.request.post_data or "")

    with page.expect_response(saves_friction):
        page.locator("#id_friction").blur()  # leaving a field saves at once
    expect(page.locator("#save-status")).to_contain_text("Concept opgeslagen om")
    assert_accessible(page)
    page.goto(f"/coalities/{coalition.slug}/reflecties/")
    expect(page.locator("main table")).to_contain_text("Concept")
    assert_accessible(page)
    page.get_by_role("link", name="Halverwege").click()
    expect(page.locator("#id_friction")).to_have_value("Wie pakt de sleutel van het buurthuis?")
    draft = Reflection.objects.get(title="Halverwege")
    assert draft.is_draft and draft.author == member


def test_two_co_writers_of_a_draft_keep_both_texts_and_choose(
    page, login_as, page_as, coalition, member
):
    import re

    from tests.factories import UserFactory

    saved = re.compile(r"Concept opgeslagen om \d\d:\d\d")
    co_writer = UserFactory(name="Bram Boer")
    coalition.members.create(user=co_writer, role="core")
    login_as(member)
    page.goto(f"/coalities/{coalition.slug}/reflecties/nieuw/")
    page.locator("#id_title").fill("Samen geschreven")
    expect(page.locator("#save-status")).to_have_text(saved)
    draft = Reflection.objects.get()
    bram = page_as(co_writer)
    bram.goto(f"/reflecties/{draft.pk}/wijzigen/")
    page.locator("#id_flow").fill("Anna: de buurtkamer loopt.")
    expect(page.locator("#save-status")).to_have_text(saved)
    bram.locator("#id_flow").fill("Bram: de buurtkamer is vaak dicht.")
    conflict = bram.locator(".editor-conflict")
    expect(conflict).to_contain_text("Anna: de buurtkamer loopt.")
    assert_accessible(bram)
    conflict.get_by_role("button", name="Zet beide teksten in het veld en pas aan").click()
    expect(bram.locator("#id_flow")).to_have_value(
        "Anna: de buurtkamer loopt.\n\nBram: de buurtkamer is vaak dicht."
    )
    bram.locator("#id_flow").press("End")
    bram.locator("#id_flow").press_sequentially(" Beide waar.", delay=5)
    expect(bram.locator("#save-status")).to_have_text(saved)
    draft.refresh_from_db()
    assert (
        draft.flow.replace("\r\n", "\n")
        == "Anna: de buurtkamer loopt.\n\nBram: de buurtkamer is vaak dicht. Beide waar."
    )
    # Sharing through the button: the draft becomes a shared reflection at its own address.
    bram.get_by_role("button", name="Reflectie opslaan").click()
    expect(bram.get_by_role("heading", level=1)).to_have_text("Samen geschreven")
    assert f"/reflecties/{draft.pk}/" in bram.url
    draft.refresh_from_db()
    assert not draft.is_draft


def test_editing_an_old_reflection_keeps_its_date(page, login_as, coalition, member):
    import datetime

    from .test_reflections import write

    reflection = write(coalition, member, visibility="fund")  # dated 1 May 2022
    login_as(member)
    page.goto(f"/reflecties/{reflection.pk}/wijzigen/")
    expect(page.locator("#id_date")).to_have_value("2022-05-01")
    page.get_by_role("button", name="Reflectie opslaan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Logboek mei")
    reflection.refresh_from_db()
    assert reflection.date == datetime.date(2022, 5, 1)


def test_saving_an_old_reflection_unchanged_keeps_its_may_2022_date(
    page, login_as, coalition, member
):
    reflection = write(coalition, member)
    login_as(member)
    page.goto(f"/reflecties/{reflection.pk}/")
    page.locator(f'a[href="/reflecties/{reflection.pk}/wijzigen/"]').click()
    expect(page.locator("#id_date")).to_have_value("2022-05-01")
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_text("Je reflectie is opgeslagen", exact=False)).to_be_visible()
    reflection.refresh_from_db()
    assert reflection.date.isoformat() == "2022-05-01"


def test_staff_put_back_a_date_that_an_edit_moved(page, login_as, coalition, member):
    from django.utils import timezone

    from portal.models import ActivityEntry
    from reflections import services
    from tests.factories import StaffFactory

    reflection = write(coalition, member)
    services.save_reflection(
        coalition=coalition, reflection=reflection, actor=member, base_revision=1,
        data={"date": timezone.localdate()}, ratings={},
    )  # fmt: skip
    login_as(StaffFactory())
    page.goto("/fonds/leren/")
    page.get_by_role("link", name="Verschoven datums").click()
    assert_accessible(page)
    expect(page.get_by_role("cell", name="01-05-2022")).to_be_visible()
    page.get_by_role("button", name="Oude datum terugzetten Logboek mei").click()
    expect(page.get_by_text("De oude datum staat er weer.")).to_be_visible()
    expect(page.get_by_text("Geen verschoven datums.")).to_be_visible()
    reflection.refresh_from_db()
    assert reflection.date.isoformat() == "2022-05-01"
    assert ActivityEntry.objects.filter(verb="reflection.date_restored").count() == 1


def test_visitor_searches_the_lessons_and_filters_on_an_element(page, coalition, member):
    from reflections import services

    write(coalition, member, visibility="public", title="Buurtkamer",
          learned="Wij voerden veel gesprekken met bewoners.")  # fmt: skip
    unrated = write(coalition, member, visibility="public", title="Gesprekken zonder cijfer",
                    learned="Ook gesprekken.")  # fmt: skip
    unrated.ratings.all().delete()
    write(coalition, member, visibility="public", title="Subsidie", learned="Geld kwam laat.")
    element = services.framework_for(coalition).elements.first()

    page.goto("/lessen/")
    page.get_by_label("Zoeken in de lessen").fill("gesprek")
    page.get_by_role("button", name="Toon").click()
    expect(page.get_by_role("link", name="Buurtkamer")).to_be_visible()
    expect(page.get_by_role("link", name="Gesprekken zonder cijfer")).to_be_visible()
    expect(page.get_by_role("link", name="Subsidie")).to_have_count(0)
    assert_accessible(page)
    page.get_by_label("Element van het leerkader").select_option(label=element.name)
    page.get_by_role("button", name="Toon").click()
    expect(page.get_by_role("link", name="Buurtkamer")).to_be_visible()
    expect(page.get_by_role("link", name="Gesprekken zonder cijfer")).to_have_count(0)
    expect(page.get_by_label("Zoeken in de lessen")).to_have_value("gesprek")
