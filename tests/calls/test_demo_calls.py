"""Demo data for calls: the real 2021 call, an open copy, the learning-trajectory registration."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.utils import timezone

from calls.models import (
    Call,
    EligibilityRule,
    Milestone,
    Programme,
    Question,
    QuickCheckQuestion,
    Section,
    Stage,
)

pytestmark = pytest.mark.django_db

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
MODELS = (Programme, Call, EligibilityRule, QuickCheckQuestion, Stage, Milestone, Section, Question)


def _counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def test_demo_calls_are_idempotent_when_seeded_twice():
    call_command("seed_demo")
    first = _counts()
    call_command("seed_demo")
    assert _counts() == first
    assert first["Call"] >= 3


def test_demo_2021_call_has_the_four_dates_when_seeded():
    call_command("seed_demo")
    call = Call.objects.select_related("programme__fund").get(slug="samenwerkingsexperimenten-2021")
    assert call.status == Call.Status.CLOSED and call.kind == Call.Kind.TWO_STAGE
    assert call.reference_prefix == "BB"
    assert call.programme.slug == "betrokken-buurten"
    assert call.programme.fund is not None and call.programme.fund.name == "VSBfonds"
    assert (call.expected_shortlist, call.expected_selected) == (10, 5)
    assert call.contact_email == "betrokkenbuurten@vsbfonds.nl"
    assert list(call.milestones.values_list("at", flat=True)) == [
        datetime(2021, 9, 15, 23, 59, tzinfo=AMSTERDAM),
        datetime(2021, 9, 30, 12, 0, tzinfo=AMSTERDAM),
        datetime(2021, 11, 30, 23, 59, tzinfo=AMSTERDAM),
        datetime(2021, 12, 21, 12, 0, tzinfo=AMSTERDAM),
    ]
    assert set(call.eligibility_rules.values_list("organisation_kind", "minimum")) == {
        ("bewonersinitiatief", 1),
        ("welzijnsorganisatie", 1),
    }
    proposal, full_plan = call.stages.order_by("order")
    assert proposal.kind == Stage.Kind.PROPOSAL
    assert proposal.deadline == datetime(2021, 9, 15, 23, 59, tzinfo=AMSTERDAM)
    assert full_plan.kind == Stage.Kind.FULL_PLAN
    assert full_plan.invitation_only and full_plan.has_budget
    assert full_plan.deadline == datetime(2021, 11, 30, 23, 59, tzinfo=AMSTERDAM)
    assert "## 4. Lokale context is belangrijk" in call.body
    assert "15 september 2021" in call.body
    assert call.quick_check.filter(fitting_answer=False).exists()


def test_demo_2021_call_asks_help_only_when_help_is_wanted():
    call_command("seed_demo")
    stage = Stage.objects.get(call__slug="samenwerkingsexperimenten-2021", order=1)
    questions = Question.objects.filter(section__stage=stage)
    wanted = questions.get(key="hulp-gewenst")
    what = questions.get(key="hulp-wat")
    assert wanted.kind == Question.Kind.YES_NO
    assert what.kind == Question.Kind.LONG_TEXT
    assert what.condition_question == wanted and what.condition_value == "yes"
    assert questions.get(key="bijlage").kind == Question.Kind.FILE
    assert not questions.get(key="bijlage").required
    assert {"titel", "samenvatting", "lokale-context", "partners-rollen"} <= set(
        questions.values_list("key", flat=True)
    )
    assert 2 <= stage.sections.count() <= 3


def test_demo_open_call_accepts_proposals_when_seeded(client):
    call_command("seed_demo")
    call = Call.objects.get(slug="samenwerkingsexperimenten-2027")
    assert call.status == Call.Status.PUBLISHED
    proposal, full_plan = call.stages.order_by("order")
    assert proposal.deadline > timezone.now() and full_plan.deadline > proposal.deadline
    local = proposal.deadline.astimezone(AMSTERDAM)
    assert (local.hour, local.minute) == (23, 59)
    old = Stage.objects.get(call__slug="samenwerkingsexperimenten-2021", order=1)
    assert list(
        Question.objects.filter(section__stage=proposal).values_list("key", "kind")
    ) == list(Question.objects.filter(section__stage=old).values_list("key", "kind"))
    html = client.get("/oproepen/samenwerkingsexperimenten-2027/").content.decode()
    assert 'href="/oproepen/samenwerkingsexperimenten-2027/start/"' in html


def test_demo_registration_call_has_five_questions_when_seeded():
    call_command("seed_demo")
    call = Call.objects.get(slug="leertraject-lokaal-samenspel")
    assert call.kind == Call.Kind.REGISTRATION and call.status == Call.Status.PUBLISHED
    (stage,) = call.stages.all()
    assert stage.kind == Stage.Kind.REGISTRATION and not stage.has_budget
    assert stage.deadline > timezone.now()
    questions = list(Question.objects.filter(section__stage=stage))
    assert [question.key for question in questions] == [
        "leervraag",
        "waarom-leren",
        "gemeente",
        "lokale-partners",
        "leren-met-wie",
    ]
    kinds = {question.key: question.kind for question in questions}
    assert kinds.pop("gemeente") == Question.Kind.SHORT_TEXT
    assert set(kinds.values()) == {Question.Kind.LONG_TEXT}


def test_demo_call_pages_render_when_seeded(client):
    call_command("seed_demo")
    html = client.get("/oproepen/").content.decode()
    for slug in (
        "samenwerkingsexperimenten-2021",
        "samenwerkingsexperimenten-2027",
        "leertraject-lokaal-samenspel",
    ):
        assert f'href="/oproepen/{slug}/"' in html
        assert client.get(f"/oproepen/{slug}/").status_code == 200
    page = client.get("/oproepen/samenwerkingsexperimenten-2021/").content.decode()
    assert "15 september 2021, 23:59" in page
    assert "start/" not in page
    assert client.get("/oproepen/samenwerkingsexperimenten-2021/past-het/").status_code == 200
