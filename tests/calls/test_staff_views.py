"""The fund staff's pages to set up calls: permissions, the form builder, copy, export, import."""

import json

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from calls import services
from calls.models import Call, Milestone, Programme, Question, QuickCheckQuestion, Section, Stage
from portal.models import Organisation
from tests.calls.test_services import give_answer, make_call
from tests.factories import MembershipFactory, ReviewerFactory, StaffFactory, UserFactory
from tests.helpers import ALLOWED, DENIED, assert_queries_do_not_grow, check_permission_matrix

pytestmark = pytest.mark.django_db

Kind = Question.Kind


@pytest.fixture
def staff_client():
    """Fund staff, with the portal in English (the messages below are the English msgids)."""
    client = Client()
    client.force_login(StaffFactory())
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def call():
    return make_call()


def staff_urls(call):
    """Every staff URL of this app, as (url, method, data)."""
    stage = call.stages.get(order=1)
    section = stage.sections.order_by("order").first()
    question = section.questions.order_by("order").first()
    milestone = call.milestones.first()
    quick = call.quick_check.first()
    slug = call.slug

    def url(name, *args):
        return reverse(f"calls_staff:{name}", args=args)

    gets = [
        url("programme_list"),
        url("programme_create"),
        url("programme_edit", call.programme.slug),
        url("call_list"),
        url("call_create"),
        url("call_import"),
        url("call_detail", slug),
        url("call_edit", slug),
        url("call_duplicate", slug),
        url("call_export", slug),
        url("eligibility_edit", slug),
        url("stage_create", slug),
        url("stage_detail", slug, stage.pk),
        url("stage_edit", slug, stage.pk),
        url("stage_delete", slug, stage.pk),
        url("stage_preview", slug, stage.pk),
        url("section_create", slug, stage.pk),
        url("section_edit", slug, section.pk),
        url("section_delete", slug, section.pk),
        url("question_create", slug, section.pk),
        url("question_edit", slug, question.pk),
        url("question_delete", slug, question.pk),
        url("milestone_create", slug),
        url("milestone_edit", slug, milestone.pk),
        url("milestone_delete", slug, milestone.pk),
        url("quick_check_create", slug),
        url("quick_check_edit", slug, quick.pk),
        url("quick_check_delete", slug, quick.pk),
    ]
    posts = [
        url("section_move", slug, section.pk),
        url("question_move", slug, question.pk),
    ]
    return [(u, "get", None) for u in gets] + [(u, "post", {"direction": "down"}) for u in posts]


def test_staff_urls_are_only_for_fund_staff(call):
    applicant = MembershipFactory().user
    matrix = {
        None: DENIED,
        applicant: DENIED,
        ReviewerFactory(): DENIED,
        UserFactory(): DENIED,
        StaffFactory(): ALLOWED,
    }
    problems = []
    for url, method, data in staff_urls(call):
        problems += check_permission_matrix(url, matrix, method=method, data=data)
    assert not problems, "\n".join(problems)


def test_anonymous_is_sent_to_login_when_opening_staff_page(call):
    response = Client().get(reverse("calls_staff:call_detail", args=[call.slug]))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_move_urls_refuse_get_when_staff(staff_client, call):
    section = Section.objects.filter(stage__call=call).first()
    response = staff_client.get(reverse("calls_staff:section_move", args=[call.slug, section.pk]))
    assert response.status_code == 405


def test_staff_call_list_queries_do_not_grow_when_calls_are_added(staff_client):
    programme = Programme.objects.create(slug="p", name="P")
    counter = iter(range(1000))

    def add_rows(count):
        for _ in range(count):
            number = next(counter)
            call = Call.objects.create(
                programme=programme, title=f"Oproep {number}", slug=f"o-{number}"
            )
            Stage.objects.create(call=call, kind="proposal", name="Voorstel", order=1)

    assert_queries_do_not_grow(staff_client, reverse("calls_staff:call_list"), add_rows)


def test_staff_call_list_filters_on_status_when_asked(staff_client, call):
    make_call(slug="concept-oproep", title="Nog een concept", status=Call.Status.DRAFT)
    response = staff_client.get(reverse("calls_staff:call_list"), {"status": "concept"})
    assert "Nog een concept" in response.content.decode()
    assert call.title not in response.content.decode()


def post(client, name, *args, data, follow=False):
    return client.post(reverse(f"calls_staff:{name}", args=args), data, follow=follow)


QUESTION_DEFAULTS = {
    "text": "",
    "key": "",
    "help_text": "",
    "kind": "",
    "required": "on",
    "max_chars": "",
    "max_words": "",
    "choices_text": "",
    "condition_question": "",
    "condition_value": "",
}


def question_data(section, **values):
    return {**QUESTION_DEFAULTS, "section": section.pk, **values}


def test_programme_call_stage_section_and_every_question_kind_are_made_through_the_views(
    staff_client,
):
    response = post(
        staff_client,
        "programme_create",
        data={
            "name": "Lokaal Samenspel",
            "slug": "lokaal-samenspel",
            "description": "",
            "keep_drafts_days": 365,
            "keep_declined_days": 730,
        },  # fmt: skip
    )
    assert response.status_code == 302
    programme = Programme.objects.get(slug="lokaal-samenspel")

    response = post(
        staff_client,
        "call_create",
        data={
            "programme": programme.pk,
            "title": "Buurtkracht 2026",
            "slug": "buurtkracht-2026",
            "status": "concept",
            "kind": "two_stage",
            "summary": "Samen experimenteren.",
            "body": "## Waarom\n\n<script>alert(1)</script>Omdat het kan.",
            "faq": "",
            "contact_email": "oproep@example.org",
            "max_amount": "25000",
            "expected_shortlist": "10",
            "expected_selected": "5",
            "reference_prefix": "BK",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    call = Call.objects.get(slug="buurtkracht-2026")
    assert response["Location"] == reverse("calls_staff:call_detail", args=[call.slug])
    assert list(call.stages.values_list("kind", flat=True)) == ["proposal", "full_plan"]
    detail = staff_client.get(response["Location"]).content.decode()
    assert "<script>alert(1)</script>" not in detail  # the Markdown is sanitised

    response = post(
        staff_client,
        "stage_create",
        call.slug,
        data={"name": "Extra", "kind": "full_plan", "order": "3", "deadline": "2026-09-01T17:00"},
    )
    assert response.status_code == 302
    stage = call.stages.get(order=3)
    assert stage.deadline.isoformat() == "2026-09-01T15:00:00+00:00"  # 17:00 in Amsterdam

    response = post(
        staff_client,
        "section_create",
        call.slug,
        stage.pk,
        data={"title": "Jullie plan", "intro": ""},
    )
    assert response.status_code == 302
    section = stage.sections.get(title="Jullie plan")

    extra = {
        Kind.LONG_TEXT: {"max_words": "300"},
        Kind.SHORT_TEXT: {"max_chars": "100"},
        Kind.CHOICE: {"choices_text": "Zorg\nWonen\n"},
        Kind.MULTIPLE_CHOICE: {"choices_text": "Jong\nOud"},
    }
    for kind, _label in Kind.choices:
        response = post(
            staff_client,
            "question_create",
            call.slug,
            section.pk,
            data=question_data(section, text=f"Vraag {kind}", kind=kind, **extra.get(kind, {})),
        )
        assert response.status_code == 302, (kind, response.context["form"].errors)
    questions = list(section.questions.order_by("order"))
    assert [q.kind for q in questions] == [kind for kind, _label in Kind.choices]
    assert [q.order for q in questions] == list(range(1, len(Kind.choices) + 1))
    by_kind = {q.kind: q for q in questions}
    assert by_kind[Kind.CHOICE].choices == ["Zorg", "Wonen"]
    assert by_kind[Kind.LONG_TEXT].max_words == 300
    assert by_kind[Kind.SHORT_TEXT].max_chars == 100
    assert by_kind[Kind.NUMBER].max_chars is None
    assert by_kind[Kind.EMAIL].key == "vraag-email"  # made from the text

    # A new stage starts with one empty page; the page made above is the second.
    preview_url = reverse("calls_staff:stage_preview", args=[call.slug, stage.pk])
    assert "no questions yet" in staff_client.get(preview_url).content.decode()
    content = staff_client.get(preview_url, {"pagina": 2}).content.decode()
    for question in questions:
        assert f'name="q_{question.key}"' in content


def test_question_with_condition_is_saved_when_condition_is_earlier(staff_client, call):
    section = Section.objects.get(stage__call=call, title="Meer")
    together = Question.objects.get(section__stage__call=call, key="samen-al")
    response = post(
        staff_client,
        "question_create",
        call.slug,
        section.pk,
        data=question_data(
            section,
            text="Met wie?",
            kind="short_text",
            condition_question=together.pk,
            condition_value="yes",
        ),
    )
    assert response.status_code == 302
    question = Question.objects.get(text="Met wie?")
    assert (question.condition_question, question.condition_value) == (together, "yes")


def test_question_condition_is_refused_when_condition_comes_later(staff_client, call):
    first = Question.objects.get(section__stage__call=call, key="samenvatting")
    later = Question.objects.get(section__stage__call=call, key="samen-al")
    response = post(
        staff_client,
        "question_edit",
        call.slug,
        first.pk,
        data=question_data(
            first.section,
            text=first.text,
            key=first.key,
            kind=first.kind,
            max_words="50",
            condition_question=later.pk,
            condition_value="yes",
        ),
    )
    assert response.status_code == 200
    assert "condition_question" in response.context["form"].errors
    first.refresh_from_db()
    assert first.condition_question is None


def test_question_condition_value_is_refused_when_not_a_choice(staff_client, call):
    section = Section.objects.get(stage__call=call, title="Meer")
    theme = Question.objects.get(section__stage__call=call, key="thema")
    together = Question.objects.get(section__stage__call=call, key="samen-al")
    for condition, value in [(theme, "Sport"), (together, "ja")]:
        response = post(
            staff_client,
            "question_create",
            call.slug,
            section.pk,
            data=question_data(
                section,
                text="Welke?",
                kind="short_text",
                condition_question=condition.pk,
                condition_value=value,
            ),
        )
        assert response.status_code == 200
        assert "condition_value" in response.context["form"].errors


def test_question_condition_is_refused_when_in_another_stage(staff_client, call):
    full_plan = call.stages.get(order=2)
    section = Section.objects.create(stage=full_plan, title="Plan", order=1)
    together = Question.objects.get(section__stage__call=call, key="samen-al")
    response = post(
        staff_client,
        "question_create",
        call.slug,
        section.pk,
        data=question_data(
            section, text="Welke?", kind="short_text", condition_question=together.pk,
            condition_value="yes",
        ),
    )  # fmt: skip
    assert response.status_code == 200
    assert "condition_question" in response.context["form"].errors


def test_question_kind_change_is_refused_when_answers_exist(staff_client, call):
    question = Question.objects.get(section__stage__call=call, key="samenvatting")
    give_answer(question, "Een moestuin.")
    data = question_data(question.section, text=question.text, key=question.key, kind="short_text")
    response = post(staff_client, "question_edit", call.slug, question.pk, data=data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "already has answers" in errors["kind"][0]
    question.refresh_from_db()
    assert question.kind == Kind.LONG_TEXT

    data = question_data(question.section, text=question.text, key="nieuw", kind="long_text")
    response = post(staff_client, "question_edit", call.slug, question.pk, data=data)
    assert "key" in response.context["form"].errors

    data = question_data(
        question.section, text="Wat gaan jullie doen?", key=question.key, kind="long_text"
    )
    response = post(staff_client, "question_edit", call.slug, question.pk, data=data)
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.text == "Wat gaan jullie doen?"


def test_question_key_is_refused_when_used_in_the_call(staff_client, call):
    section = Section.objects.get(stage__call=call, title="Meer")
    data = question_data(section, text="Nog een", key="samen-al", kind="short_text")
    response = post(staff_client, "question_create", call.slug, section.pk, data=data)
    assert "key" in response.context["form"].errors


def test_question_delete_page_warns_when_answers_exist(staff_client, call):
    question = Question.objects.get(section__stage__call=call, key="samen-al")
    answer = give_answer(question, "yes")
    url = reverse("calls_staff:question_delete", args=[call.slug, question.pk])
    content = staff_client.get(url).content.decode()
    assert "already has 1 answers" in content
    assert "Hoe lang al?" in content  # the dependent question is named

    response = staff_client.post(url)
    assert response.status_code == 302
    answer.refresh_from_db()
    assert answer.question is None and answer.question_text == "Werken jullie al samen?"


def test_section_delete_page_warns_when_answers_exist(staff_client, call):
    question = Question.objects.get(section__stage__call=call, key="samenvatting")
    give_answer(question)
    url = reverse("calls_staff:section_delete", args=[call.slug, question.section.pk])
    assert "already have 1 answers" in staff_client.get(url).content.decode()


def test_stage_delete_is_refused_when_proposals_use_it(staff_client, call):
    question = Question.objects.get(section__stage__call=call, key="samenvatting")
    give_answer(question)
    stage = question.section.stage
    response = staff_client.post(
        reverse("calls_staff:stage_delete", args=[call.slug, stage.pk]), follow=True
    )
    assert "cannot be deleted" in response.content.decode()
    assert Stage.objects.filter(pk=stage.pk).exists()


def test_question_moves_down_when_staff_presses_down(staff_client, call):
    section = Section.objects.get(stage__call=call, title="Jullie idee")
    first = section.questions.order_by("order").first()
    response = post(staff_client, "question_move", call.slug, first.pk, data={"direction": "down"})
    assert response.status_code == 302
    assert [q.key for q in section.questions.order_by("order")] == [
        "samen-al",
        "samenvatting",
        "thema",
    ]


def test_section_move_shows_error_when_a_condition_would_break(staff_client, call):
    later = Section.objects.get(stage__call=call, title="Meer")
    response = post(
        staff_client, "section_move", call.slug, later.pk, data={"direction": "up"}, follow=True
    )
    assert "can only depend on an earlier question" in response.content.decode()


def test_call_is_changed_when_staff_saves_the_form(staff_client, call):
    data = {
        "programme": call.programme.pk,
        "title": "Buurtkracht 2026 (nieuw)",
        "slug": call.slug,
        "status": "gesloten",
        "kind": "two_stage",
        "summary": "",
        "body": "",
        "faq": "## Vraag\n\nAntwoord.",
        "contact_email": "",
        "max_amount": "",
        "expected_shortlist": "4",
        "expected_selected": "5",
        "reference_prefix": "BK",
    }
    response = post(staff_client, "call_edit", call.slug, data=data)
    assert "expected_selected" in response.context["form"].errors  # more selected than invited
    data["expected_selected"] = "2"
    response = post(staff_client, "call_edit", call.slug, data=data)
    assert response.status_code == 302
    call.refresh_from_db()
    assert (call.title, call.status, call.max_amount) == (
        "Buurtkracht 2026 (nieuw)",
        "gesloten",
        None,
    )


def test_call_slug_is_refused_when_taken(staff_client, call):
    other = make_call(slug="ander", title="Ander")
    response = staff_client.get(reverse("calls_staff:call_edit", args=[other.slug]))
    data = {
        key: value if value is not None else ""
        for key, value in response.context["form"].initial.items()
        if key in response.context["form"].fields
    }
    data["slug"] = call.slug
    response = post(staff_client, "call_edit", other.slug, data=data)
    assert "slug" in response.context["form"].errors


def test_milestone_eligibility_and_quick_check_are_saved_through_the_views(staff_client, call):
    response = post(
        staff_client,
        "milestone_create",
        call.slug,
        data={"name": "Kick-off", "kind": "event", "at": "2026-10-01T10:00"},
    )
    assert response.status_code == 302
    assert Milestone.objects.filter(call=call, name="Kick-off", kind="event").exists()

    response = post(
        staff_client,
        "eligibility_edit",
        call.slug,
        data={kind: 0 for kind, _label in Organisation.Kind.choices}
        | {"bewonersinitiatief": 1, "welzijnsorganisatie": 2},
    )
    assert response.status_code == 302
    assert dict(call.eligibility_rules.values_list("organisation_kind", "minimum")) == {
        "bewonersinitiatief": 1,
        "welzijnsorganisatie": 2,
    }

    response = post(
        staff_client,
        "quick_check_create",
        call.slug,
        data={"text": "Is het in Nederland?", "fitting_answer": "True", "explanation": ""},
    )
    assert response.status_code == 302
    assert QuickCheckQuestion.objects.get(call=call, text="Is het in Nederland?").order == 2


def test_duplicate_view_makes_a_draft_copy(staff_client, call):
    response = post(
        staff_client,
        "call_duplicate",
        call.slug,
        data={"new_title": "Buurtkracht 2027", "new_slug": "buurtkracht-2027"},
    )
    assert response.status_code == 302
    copy = Call.objects.get(slug="buurtkracht-2027")
    assert copy.status == Call.Status.DRAFT
    assert Question.objects.filter(section__stage__call=copy).count() == 5

    response = post(
        staff_client,
        "call_duplicate",
        call.slug,
        data={"new_title": "Nog eens", "new_slug": "buurtkracht-2027"},
    )
    assert "new_slug" in response.context["form"].errors


def test_export_view_downloads_json_and_import_view_reads_it(staff_client, call):
    response = staff_client.get(reverse("calls_staff:call_export", args=[call.slug]))
    assert response["Content-Disposition"] == f'attachment; filename="{call.slug}.json"'
    data = json.loads(response.content)
    assert data == services.export_call(call)

    upload = SimpleUploadedFile("call.json", response.content, content_type="application/json")
    response = post(staff_client, "call_import", data={"file": upload, "new_slug": ""})
    assert response.status_code == 200
    assert "already exists" in str(response.context["form"].errors["file"])

    upload = SimpleUploadedFile("call.json", response.content[:0] + json.dumps(data).encode())
    response = post(staff_client, "call_import", data={"file": upload, "new_slug": "kopie"})
    assert response.status_code == 302
    assert Call.objects.filter(slug="kopie").exists()


def test_an_imported_call_is_a_draft_and_not_on_the_public_list(staff_client, call):
    call.status = Call.Status.PUBLISHED
    call.save()
    exported = staff_client.get(reverse("calls_staff:call_export", args=[call.slug])).content
    upload = SimpleUploadedFile("call.json", exported, content_type="application/json")
    response = post(staff_client, "call_import", data={"file": upload, "new_slug": "kopie"})
    page = staff_client.get(response["Location"]).content.decode()
    assert "The call was imported as a draft. Check it, then publish it." in page
    assert Call.objects.get(slug="kopie").status == Call.Status.DRAFT
    public = Client().get(reverse("calls:list")).content.decode()
    assert public.count(call.title) == 1


def test_form_errors_are_linked_to_their_field(staff_client, call):
    response = post(
        staff_client, "milestone_create", call.slug, data={"name": "", "kind": "event", "at": ""}
    )
    content = response.content.decode()
    assert 'href="#id_name"' in content  # the error summary links to the field
    assert 'aria-invalid="true"' in content
    assert 'aria-describedby="id_name_error' in content or "error_1_id_name" in content


def test_question_choices_change_is_refused_when_a_dependent_uses_the_choice(staff_client, call):
    theme = Question.objects.get(section__stage__call=call, key="thema")
    data = question_data(
        theme.section, text=theme.text, key=theme.key, kind="choice", choices_text="Wonen\nWerk"
    )
    response = post(staff_client, "question_edit", call.slug, theme.pk, data=data)
    assert response.status_code == 200
    assert "Welke zorgpartner?" in response.context["form"].errors["choices_text"][0]
    theme.refresh_from_db()
    assert theme.choices == ["Zorg", "Wonen", "Werk"]
