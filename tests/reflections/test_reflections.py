import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from coalitions.models import Coalition
from portal.files import files_of
from reflections import services
from reflections.models import Reflection, Theme
from tests.factories import AdminFactory, StaffFactory, SupportFactory, UserFactory
from tests.helpers import ALLOWED, DENIED, assert_queries_do_not_grow, check_permission_matrix

pytestmark = pytest.mark.django_db

MP3 = b"ID3\x03\x00\x00\x00\x00\x00\x0f" + b"\x00" * 64


def write(coalition, member, visibility="coalition", **extra):
    elements = list(services.framework_for(coalition).elements.all())
    return services.save_reflection(
        coalition=coalition,
        actor=member,
        base_revision=0,
        data={
            "kind": "logbook",
            "date": datetime.date(2022, 5, 1),
            "title": "Logboek mei",
            "learned": "Uitspreken helpt.",
            "visibility": visibility,
            **extra,
        },
        themes=Theme.objects.all(),
        ratings={elements[0].pk: (4, "Goed"), elements[1].pk: (None, "Niet aan de orde")},
    )


def test_reflection_keeps_ratings_themes_and_audio(coalition, member):
    reflection = write(coalition, member)
    audio = SimpleUploadedFile("podcast.mp3", MP3)
    reflection = services.save_reflection(
        coalition=coalition,
        reflection=reflection,
        actor=member,
        base_revision=1,
        data={
            "kind": "logbook",
            "date": reflection.date,
            "title": reflection.title,
            "visibility": "fund",
        },
        themes=Theme.objects.all(),
        ratings={},
        audio=audio,
    )
    scores = {r.element.name: r.score for r in reflection.ratings.select_related("element")}
    assert scores == {"Vertrouwen": 4, "Gelijkwaardigheid": None}
    assert list(reflection.themes.values_list("name", flat=True)) == ["Vertrouwen"]
    assert files_of(reflection, purpose="podcast").get().content_type == "audio/mpeg"


def test_save_from_an_old_revision_by_another_writer_is_refused(coalition, member):
    reflection = write(coalition, member)
    co_writer = UserFactory()
    coalition.members.create(user=co_writer)
    services.save_reflection(
        coalition=coalition,
        reflection=reflection,
        actor=member,
        base_revision=1,
        data={
            "kind": "logbook",
            "date": reflection.date,
            "title": "Nieuwe titel",
            "visibility": "coalition",
        },
        themes=[],
        ratings={},
    )
    with pytest.raises(services.ReflectionConflict):
        services.save_reflection(
            coalition=coalition,
            reflection=reflection,
            actor=co_writer,
            base_revision=1,
            data={"title": "Oude basis"},
            themes=[],
            ratings={},
        )
    assert Reflection.objects.get(pk=reflection.pk).title == "Nieuwe titel"


def test_who_reads_a_reflection_follows_its_visibility(coalition, member):
    other_coalition = Coalition.objects.create(
        programme=coalition.programme, name="Ander", slug="ander", municipality="Ede"
    )
    other_member = UserFactory()
    other_coalition.members.create(user=other_member)
    assigned, not_assigned = SupportFactory(), SupportFactory()
    coalition.support_team.add(assigned)
    staff, admin = StaffFactory(), AdminFactory()
    expected = {
        "coalition": {
            member: ALLOWED,
            other_member: DENIED,
            assigned: DENIED,
            staff: DENIED,
            admin: DENIED,  # the form promises "Alleen onze coalitie": the superuser too
            None: DENIED,
        },
        "fund": {
            member: ALLOWED,
            other_member: DENIED,
            assigned: ALLOWED,
            not_assigned: DENIED,
            staff: ALLOWED,
            admin: ALLOWED,
            None: DENIED,
        },
        "public": {member: ALLOWED, other_member: ALLOWED, None: ALLOWED},
    }
    for visibility, matrix in expected.items():
        reflection = write(coalition, member, visibility=visibility)
        url = reverse("reflections:detail", args=[reflection.pk])
        assert check_permission_matrix(url, matrix) == [], visibility


def test_only_members_and_assigned_support_write(coalition, member):
    assigned = SupportFactory()
    coalition.support_team.add(assigned)
    url = reverse("reflections:create", args=[coalition.slug])
    matrix = {
        member: ALLOWED,
        assigned: ALLOWED,
        UserFactory(): DENIED,
        StaffFactory(): DENIED,
        SupportFactory(): DENIED,
        None: DENIED,
    }
    assert check_permission_matrix(url, matrix) == []


def test_workspace_shows_readable_reflections_with_constant_queries(client, coalition, member):
    client.force_login(member)

    def add(count):
        for _ in range(count):
            write(coalition, member)

    assert_queries_do_not_grow(client, reverse("coalitions:workspace", args=[coalition.slug]), add)
    assert (
        "Logboek mei"
        in client.get(reverse("coalitions:workspace", args=[coalition.slug])).content.decode()
    )


def test_public_lessons_list_only_public_reflections_and_filter_by_theme(client, coalition, member):
    write(coalition, member, visibility="fund", title="Intern")
    lesson = write(coalition, member, visibility="public", title="Openbare les")
    html = client.get(reverse("reflections:lessons")).content.decode()
    assert "Openbare les" in html and "Intern" not in html
    lesson.themes.clear()
    html = client.get(reverse("reflections:lessons") + "?thema=Vertrouwen").content.decode()
    assert "Openbare les" not in html


def test_member_proposes_a_theme_that_staff_still_approve(coalition, member):
    reflection = write(coalition, member)
    services.save_reflection(
        coalition=coalition,
        reflection=reflection,
        actor=member,
        base_revision=reflection.revision,
        data={},
        themes=[],
        ratings={},
        new_theme="Eigenaarschap",
    )
    theme = Theme.objects.get(name="Eigenaarschap")
    assert not theme.approved and theme.proposed_by == member
    assert list(reflection.themes.all()) == [theme]


def test_public_lesson_shows_on_the_coalition_public_page(client, coalition, member):
    coalition.is_public = True
    coalition.save()
    write(coalition, member, visibility="public", title="Openbare les")
    write(coalition, member, visibility="fund", title="Voor het fonds")
    html = client.get(reverse("coalitions:public_detail", args=[coalition.slug])).content.decode()
    assert "Openbare les" in html and "Voor het fonds" not in html


def test_assigned_support_plans_a_pitstop_and_members_cannot(client, coalition, member):
    url = reverse("reflections:plan_pitstop", args=[coalition.slug])
    data = {"title": "Pitstop 1", "date": "2026-05-01", "place": "Buurthuis"}
    client.force_login(member)
    assert client.post(url, data).status_code == 404
    support = SupportFactory()
    coalition.support_team.add(support)
    client.force_login(support)
    assert client.post(url, data).status_code == 302
    pitstop = coalition.pitstops.get()
    assert pitstop.place == "Buurthuis" and list(pitstop.facilitators.all()) == [support]


def test_shared_documents_are_only_for_the_coalition(client, coalition, member):
    from coalitions.models import Coalition

    client.force_login(member)
    pdf = SimpleUploadedFile("plan.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    client.post(reverse("coalitions:workspace", args=[coalition.slug]), {"file": pdf})
    stored = files_of(coalition, purpose="document").get()
    other = Coalition.objects.create(
        programme=coalition.programme, name="Ander", slug="ander2", municipality="Ede"
    )
    outsider = UserFactory()
    other.members.create(user=outsider)
    matrix = {member: ALLOWED, outsider: DENIED, StaffFactory(): ALLOWED, None: DENIED}
    assert check_permission_matrix(reverse("download_file", args=[stored.pk]), matrix) == []


def test_editing_a_reflection_without_changes_keeps_its_date(client, coalition, member):
    reflection = write(coalition, member)
    client.force_login(member)
    form = client.get(reverse("reflections:edit", args=[reflection.pk])).context["form"]
    assert form["date"].value() == datetime.date(2022, 5, 1)
    data = {}
    for field in form:
        value = field.value()
        if value is None or field.name == "audio":
            continue
        data[field.name] = [str(v) for v in value] if isinstance(value, list) else str(value)
    response = client.post(reverse("reflections:edit", args=[reflection.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    reflection.refresh_from_db()
    assert reflection.date == datetime.date(2022, 5, 1)
    assert reflection.title == "Logboek mei"


def test_a_new_reflection_starts_on_today(client, coalition, member):
    client.force_login(member)
    form = client.get(reverse("reflections:create", args=[coalition.slug])).context["form"]
    assert form["date"].value() == timezone.localdate()


def test_staff_command_lists_and_restores_a_date_moved_to_the_save_day(coalition, member):
    from io import StringIO

    from django.core.management import call_command

    from portal.models import ActivityEntry

    moved = write(coalition, member)
    kept = write(coalition, member, title="Logboek juni", date=datetime.date(2022, 6, 1))
    for reflection, date in [(moved, timezone.localdate()), (kept, datetime.date(2022, 6, 2))]:
        services.save_reflection(
            coalition=coalition, reflection=reflection, actor=member, base_revision=1,
            data={"date": date}, ratings={},
        )  # fmt: skip
    out = StringIO()
    call_command("moved_reflection_dates", stdout=out)
    assert "Logboek mei" in out.getvalue() and "Logboek juni" not in out.getvalue()
    moved.refresh_from_db()
    assert moved.date == timezone.localdate()  # listing changes nothing
    call_command("moved_reflection_dates", "--restore", stdout=StringIO())
    moved.refresh_from_db()
    assert moved.date == datetime.date(2022, 5, 1)
    entry = ActivityEntry.objects.get(verb="reflection.date_restored")
    assert entry.data["new_date"] == "2022-05-01"
    assert services.moved_dates() == []


def test_the_superuser_opens_no_coalition_only_reflection_nor_its_audio(client, coalition, member):
    reflection = write(coalition, member, visibility="coalition")
    reflection = services.save_reflection(
        coalition=coalition, reflection=reflection, actor=member, base_revision=1,
        data={"kind": "logbook", "date": reflection.date, "title": "Alleen voor ons",
              "visibility": "coalition"},
        themes=[], ratings={}, audio=SimpleUploadedFile("podcast.mp3", MP3),
    )  # fmt: skip
    audio = files_of(reflection, purpose="podcast").get()
    client.force_login(AdminFactory())
    assert client.get(reverse("reflections:detail", args=[reflection.pk])).status_code == 404
    assert client.get(reverse("download_file", args=[audio.pk])).status_code == 403
    changelist = client.get(reverse("admin:reflections_reflection_changelist")).content.decode()
    assert "Alleen voor ons" not in changelist
    change = client.get(reverse("admin:reflections_reflection_change", args=[reflection.pk]))
    assert change.status_code != 200


def test_lessons_filter_on_an_element_of_the_framework(client, coalition, member):
    rated = write(coalition, member, visibility="public", title="Met vertrouwen")
    unrated = write(coalition, member, visibility="public", title="Zonder beoordeling")
    unrated.ratings.all().delete()
    first, second = services.framework_for(coalition).elements.all()[:2]
    html = client.get(reverse("reflections:lessons") + f"?element={first.pk}").content.decode()
    assert rated.title in html and unrated.title not in html
    assert f'<option value="{first.pk}" selected' in html
    # "not applicable" is no rating of the element
    html = client.get(reverse("reflections:lessons") + f"?element={second.pk}").content.decode()
    assert rated.title not in html


def test_lessons_search_the_text_and_title_in_dutch(client, coalition, member):
    write(coalition, member, visibility="public", title="Buurtkamer",
          learned="Wij voerden veel gesprekken met bewoners.")  # fmt: skip
    write(coalition, member, visibility="public", title="Subsidie", learned="Geld kwam laat.")
    html = client.get(reverse("reflections:lessons") + "?zoek=gesprek").content.decode()
    assert "Buurtkamer" in html and "Subsidie" not in html
    html = client.get(reverse("reflections:lessons") + "?zoek=buurtkamers").content.decode()
    assert "Buurtkamer" in html and "Subsidie" not in html  # the title, stemmed


def test_filtered_lessons_queries_do_not_grow(client, coalition, member):
    element = services.framework_for(coalition).elements.first()

    def add(count):
        for n in range(count):
            write(coalition, member, visibility="public", title=f"Gesprek {n}")

    url = reverse("reflections:lessons") + f"?zoek=gesprek&element={element.pk}&thema=Vertrouwen"
    assert_queries_do_not_grow(client, url, add)
