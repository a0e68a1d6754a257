"""Drafts autosave, co-writers never overwrite each other silently, drafts stay with the writers."""

import datetime
import json

import pytest
from django.urls import reverse

from coalitions.models import Coalition
from reflections import services
from reflections.models import Reflection
from tests.factories import StaffFactory, SupportFactory, UserFactory
from tests.helpers import ALLOWED, DENIED, assert_queries_do_not_grow, check_permission_matrix

from .test_reflections import write

pytestmark = pytest.mark.django_db


def autosave(client, coalition, *, editor="tab-1", revisions=None, **data):
    """The reflection editor's save as editor.js sends it: the changed fields and revisions."""
    fields = [name for name in data if name != "reflection"]
    payload = {"_editor": editor, "_revisions": json.dumps(revisions or {}),
               "_fields": json.dumps(fields), **data}  # fmt: skip
    return client.post(
        reverse("reflections:autosave", args=[coalition.slug]), payload,
        HTTP_X_SAMENSPEL_EDITOR="1",
    )  # fmt: skip


def test_first_autosave_makes_a_draft_and_the_next_one_updates_it(client, coalition, member):
    client.force_login(member)
    answer = autosave(client, coalition, title="Pitstop juni", kind="logbook").json()
    assert answer["message"].startswith("Concept opgeslagen om")
    draft = Reflection.objects.get()
    assert draft.is_draft and draft.author == member and draft.title == "Pitstop juni"
    assert answer["hidden"]["reflection"] == draft.pk
    autosave(
        client, coalition, reflection=draft.pk, revisions=answer["revisions"],
        flow="De buurtkamer loopt goed.",
    )  # fmt: skip
    draft.refresh_from_db()
    assert Reflection.objects.count() == 1
    assert draft.flow == "De buurtkamer loopt goed." and draft.title == "Pitstop juni"
    assert draft.revision == 2


def test_autosave_keeps_valid_answers_when_another_answer_is_wrong(client, coalition, member):
    client.force_login(member)
    answer = autosave(
        client, coalition, title="Logboek", date="niet-een-datum", learned="Samen plannen werkt."
    ).json()
    assert "behalve de antwoorden met een fout" in answer["message"]
    assert list(answer["errors"]) == ["date"]
    draft = Reflection.objects.get()
    assert draft.learned == "Samen plannen werkt." and draft.is_draft


def test_second_writer_on_an_old_revision_gets_a_conflict_and_nothing_is_overwritten(
    client, coalition, member
):
    co_writer = UserFactory(name="Bram Boer")
    coalition.members.create(user=co_writer)
    client.force_login(member)
    autosave(client, coalition, title="Samen geschreven")
    draft = Reflection.objects.get()
    autosave(client, coalition, reflection=draft.pk, flow="Tekst van Anna.")
    client.force_login(co_writer)
    answer = autosave(
        client, coalition, editor="bram", reflection=draft.pk, revisions={"flow": 0},
        flow="Tekst van Bram.",
    ).json()  # fmt: skip
    assert answer["status"] == "conflict"
    assert answer["conflicts"]["flow"]["display"] == "Tekst van Anna."
    assert answer["conflicts"]["flow"]["by_you"] is False
    draft.refresh_from_db()
    assert draft.flow == "Tekst van Anna."
    # Another field of the same draft is no conflict: Bram's title is saved.
    answer = autosave(
        client, coalition, editor="bram", reflection=draft.pk, revisions={"title": 1},
        title="Samen herschreven",
    ).json()  # fmt: skip
    draft.refresh_from_db()
    assert answer["status"] == "saved" and draft.title == "Samen herschreven"
    assert draft.flow == "Tekst van Anna."


def test_final_save_shares_the_autosaved_draft_instead_of_making_a_second_one(
    client, coalition, member
):
    client.force_login(member)
    autosave(client, coalition, title="Concepttitel")
    draft = Reflection.objects.get()
    response = client.post(
        reverse("reflections:create", args=[coalition.slug]),
        {"reflection": draft.pk, "revision": draft.revision, "kind": "logbook",
         "date": "2026-06-01", "title": "Definitief", "visibility": "fund"},
    )  # fmt: skip
    assert response.status_code == 302
    draft.refresh_from_db()
    assert Reflection.objects.count() == 1
    assert not draft.is_draft and draft.title == "Definitief"


def test_a_failed_final_save_keeps_the_draft_and_the_text(client, coalition, member):
    client.force_login(member)
    autosave(client, coalition, title="Bijna klaar")
    draft = Reflection.objects.get()
    response = client.post(
        reverse("reflections:create", args=[coalition.slug]),
        {"reflection": draft.pk, "revision": draft.revision, "kind": "logbook", "date": "",
         "title": "Bijna klaar", "learned": "Niet kwijtraken", "visibility": "fund"},
    )  # fmt: skip
    html = response.content.decode()
    assert response.status_code == 200 and "Niet kwijtraken" in html
    assert f'name="reflection" value="{draft.pk}"' in html
    draft.refresh_from_db()
    assert draft.is_draft


def test_autosave_does_not_change_a_shared_reflection(client, coalition, member):
    reflection = write(coalition, member, visibility="fund")
    client.force_login(member)
    response = autosave(client, coalition, reflection=reflection.pk, title="Stil")
    assert response.status_code == 409 and "al gedeeld" in response.json()["message"]
    reflection.refresh_from_db()
    assert reflection.title == "Logboek mei"


def test_no_one_outside_the_coalition_autosaves_into_its_draft(client, coalition, member):
    client.force_login(member)
    autosave(client, coalition, title="Van ons")
    draft = Reflection.objects.get()
    other = Coalition.objects.create(
        programme=coalition.programme, name="Ander", slug="ander", municipality="Ede"
    )
    outsider = UserFactory()
    other.members.create(user=outsider)
    client.force_login(outsider)
    # neither through their own coalition's autosave nor through ours
    assert autosave(client, other, reflection=draft.pk, title="Overschreven").status_code == 404
    assert autosave(client, coalition, reflection=draft.pk, title="Overschreven").status_code == 404
    draft.refresh_from_db()
    assert draft.title == "Van ons"


def test_a_draft_is_read_by_co_writers_only(coalition, member):
    assigned, staff = SupportFactory(), StaffFactory()
    coalition.support_team.add(assigned)
    for visibility, support_reads in [
        ("fund", ALLOWED),
        ("public", ALLOWED),
        ("coalition", DENIED),
    ]:
        draft = services.save_reflection(
            coalition=coalition, actor=member, base_revision=0, finish=False, ratings={},
            data={"title": f"Concept {visibility}", "visibility": visibility,
                  "date": datetime.date(2026, 6, 1)},
        )  # fmt: skip
        matrix = {
            member: ALLOWED,
            assigned: support_reads,
            staff: DENIED,
            UserFactory(): DENIED,
            None: DENIED,
        }
        url = reverse("reflections:detail", args=[draft.pk])
        assert check_permission_matrix(url, matrix) == [], visibility


def test_drafts_stay_out_of_the_lessons_and_the_dashboard(client, coalition, member):
    coalition.is_public = True
    coalition.save()
    services.save_reflection(
        coalition=coalition, actor=member, base_revision=0, finish=False, ratings={},
        data={"title": "Nog geheim", "visibility": "public", "date": datetime.date(2026, 6, 1)},
    )  # fmt: skip
    assert "Nog geheim" not in client.get(reverse("reflections:lessons")).content.decode()
    public_page = reverse("coalitions:public_detail", args=[coalition.slug])
    assert "Nog geheim" not in client.get(public_page).content.decode()
    client.force_login(StaffFactory())
    assert "Nog geheim" not in client.get(reverse("reflections:dashboard")).content.decode()


# --- All reflections of a coalition -------------------------------------------------------------
def test_coalition_reflection_list_is_for_the_coalition_its_support_and_staff(coalition, member):
    assigned = SupportFactory()
    coalition.support_team.add(assigned)
    other = Coalition.objects.create(
        programme=coalition.programme, name="Ander", slug="ander", municipality="Ede"
    )
    outsider = UserFactory()
    other.members.create(user=outsider)
    matrix = {
        member: ALLOWED,
        assigned: ALLOWED,
        StaffFactory(): ALLOWED,
        SupportFactory(): DENIED,
        outsider: DENIED,
        None: DENIED,
    }
    url = reverse("reflections:coalition_list", args=[coalition.slug])
    assert check_permission_matrix(url, matrix) == []


def test_coalition_reflection_list_filters_and_hides_what_the_reader_may_not_see(
    client, coalition, member
):
    write(coalition, member, visibility="coalition", title="Alleen voor ons")
    write(coalition, member, visibility="fund", title="Voor het fonds", kind="joint")
    url = reverse("reflections:coalition_list", args=[coalition.slug])
    client.force_login(member)
    html = client.get(url + "?soort=joint").content.decode()
    assert "Voor het fonds" in html and "Alleen voor ons" not in html
    client.force_login(StaffFactory())
    html = client.get(url).content.decode()
    assert "Voor het fonds" in html and "Alleen voor ons" not in html


def test_coalition_reflection_list_runs_a_fixed_number_of_queries(client, coalition, member):
    client.force_login(member)

    def add(count):
        for _ in range(count):
            write(coalition, member)

    url = reverse("reflections:coalition_list", args=[coalition.slug])
    assert_queries_do_not_grow(client, url, add, many=30)  # more than one page


def test_your_own_newer_autosave_is_not_a_conflict_for_your_final_save(client, coalition, member):
    """The final save may leave while the last autosave is still on its way (stale revision)."""
    client.force_login(member)
    autosave(client, coalition, title="Eigen tekst")
    draft = Reflection.objects.get()
    autosave(client, coalition, reflection=draft.pk, flow="Later getypt")
    response = client.post(
        reverse("reflections:create", args=[coalition.slug]),
        {"reflection": draft.pk, "revision": 1, "kind": "logbook", "date": "2026-06-01",
         "title": "Eigen tekst", "flow": "Later getypt", "visibility": "fund"},
    )  # fmt: skip
    assert response.status_code == 302
    draft.refresh_from_db()
    assert not draft.is_draft and draft.revision == 3
