"""The JSON call definition: export_call and import_call (docs/call-format.md)."""

import json
import re
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from calls import services
from calls.models import Call, Programme, Question, ReviewCriterion
from tests.calls.test_services import add_review_setup, make_call

pytestmark = pytest.mark.django_db

DOC = Path(settings.BASE_DIR) / "docs" / "call-format.md"


def export_to_file(slug, tmp_path):
    out = StringIO()
    call_command("export_call", slug, stdout=out)
    path = tmp_path / "call.json"
    path.write_text(out.getvalue(), encoding="utf-8")
    return path, json.loads(out.getvalue())


def without(data, *fields):
    return {key: value for key, value in data.items() if key not in fields}


def test_export_then_import_gives_an_equal_call(tmp_path):
    call = make_call()
    path, exported = export_to_file(call.slug, tmp_path)
    assert exported["format"] == "samenspel-call" and exported["version"] == 1
    assert exported["programme"] == {
        "slug": "lokaal-samenspel",
        "name": "Lokaal Samenspel",
        "description": "",
    }
    condition = exported["stages"][0]["sections"][1]["questions"][0]["condition"]
    assert condition == {"question": "samen-al", "value": "yes"}
    assert re.search(r"[+-]\d\d:\d\d$", exported["milestones"][0]["at"])  # offset included

    call_command("import_call", str(path), "--new-slug", "buurtkracht-kopie", stdout=StringIO())

    copy = Call.objects.get(slug="buurtkracht-kopie")
    assert copy.status == Call.Status.DRAFT
    assert without(services.export_call(copy), "slug", "status") == without(
        exported, "slug", "status"
    )
    copied = {q.key: q for q in Question.objects.filter(section__stage__call=copy)}
    assert copied["zorg-partner"].condition_question == copied["thema"]


def test_export_then_import_keeps_review_criteria_and_settings(tmp_path):
    call = add_review_setup(make_call())
    path, exported = export_to_file(call.slug, tmp_path)
    assert exported["scores_hidden_until_own_review"] is False
    first, second = exported["stages"]
    assert first["reviewers_per_proposal"] == 3 and second["reviewers_per_proposal"] == 2
    assert re.search(r"[+-]\d\d:\d\d$", first["review_due"]) and second["review_due"] is None
    assert first["criteria"] == [
        {"name": "Samenwerking", "description": "Echt samen?", "weight": "2.00", "order": 1},
        {"name": "Leren", "description": "", "weight": "0.50", "order": 2},
    ]
    assert second["criteria"] == [
        {"name": "Begroting", "description": "", "weight": "1.00", "order": 1}
    ]

    call_command("import_call", str(path), "--new-slug", "buurtkracht-kopie", stdout=StringIO())

    copy = Call.objects.get(slug="buurtkracht-kopie")
    assert copy.scores_hidden_until_own_review is False
    copied_first = copy.stages.get(order=1)
    assert copied_first.review_due == call.stages.get(order=1).review_due
    assert copied_first.reviewers_per_proposal == 3
    assert ReviewCriterion.objects.filter(stage__call=copy).count() == 3
    assert without(services.export_call(copy), "slug", "status") == without(
        exported, "slug", "status"
    )


def test_a_version_1_file_without_review_settings_imports_with_defaults():
    data = services.export_call(make_call())
    del data["scores_hidden_until_own_review"]
    for stage in data["stages"]:
        for key in ("review_due", "reviewers_per_proposal", "criteria"):
            del stage[key]
    assert data["version"] == 1

    copy = services.import_call(data=data, new_slug="oud-bestand")

    assert copy.scores_hidden_until_own_review is True
    assert list(copy.stages.values_list("review_due", "reviewers_per_proposal")) == [
        (None, 2),
        (None, 2),
    ]
    assert not ReviewCriterion.objects.filter(stage__call=copy).exists()
    assert copy.stages.get(order=1).sections.count() == 2


@pytest.mark.parametrize("weight", [0, "-1", "100", "99.01", "zwaar", None, True, "NaN"])
def test_import_call_refuses_a_bad_criterion_weight_with_its_place(weight):
    data = services.export_call(add_review_setup(make_call()))
    data["stages"][1]["criteria"][0]["weight"] = weight

    with pytest.raises(services.CallFormatError) as raised:
        services.import_call(data=data, new_slug="nieuw")

    assert raised.value.errors == [
        'stages[1].criteria[0].weight: expected a positive number up to 99, like "2.00"'
    ]
    assert not Call.objects.filter(slug="nieuw").exists()


def test_import_call_reads_criterion_weights_as_numbers_or_texts():
    data = services.export_call(add_review_setup(make_call()))
    criteria = data["stages"][0]["criteria"]
    criteria[0]["weight"], criteria[1]["weight"] = 99, "1.5"
    criteria.append({"name": "Alleen een naam"})

    copy = services.import_call(data=data, new_slug="nieuw")

    stage = copy.stages.get(order=1)
    assert list(stage.criteria.order_by("order", "pk").values_list("name", "weight", "order")) == [
        ("Alleen een naam", 1, 0),
        ("Samenwerking", 99, 1),
        ("Leren", Decimal("1.5"), 2),
    ]


def test_import_call_checks_every_criterion_field():
    data = services.export_call(add_review_setup(make_call()))
    data["stages"][0]["criteria"] = [
        {"name": "", "weight": "1.00", "order": 1},
        {"name": "Fijn", "weight": "1.005", "order": "eerste"},
        {"name": "Kleur", "colour": "blauw"},
        "Samenwerking",
    ]
    data["stages"][1]["criteria"] = {"name": "Begroting"}

    with pytest.raises(services.CallFormatError) as raised:
        services.import_call(data=data, new_slug="nieuw")

    problems = "\n".join(raised.value.errors)
    assert "stages[0].criteria[0].name: " in problems  # required (Django's message)
    assert "stages[0].criteria[1].weight: " in problems  # more than two decimals
    assert "stages[0].criteria[1].order: expected a whole number" in problems
    assert "stages[0].criteria[2].colour: unknown field" in problems
    assert "stages[0].criteria[3]: expected an object" in problems
    assert "stages[1].criteria: expected a list" in problems


def test_import_call_checks_review_settings_of_a_stage():
    data = services.export_call(make_call())
    data["stages"][0]["review_due"] = "over twee weken"
    data["stages"][1]["reviewers_per_proposal"] = -1
    data["scores_hidden_until_own_review"] = "misschien"

    with pytest.raises(services.CallFormatError) as raised:
        services.import_call(data=data, new_slug="nieuw")

    problems = "\n".join(raised.value.errors)
    assert "stages[0].review_due: expected a date and time" in problems
    assert "stages[1].reviewers_per_proposal" in problems
    assert "call.scores_hidden_until_own_review" in problems


def test_import_call_creates_programme_when_missing(tmp_path):
    call = make_call()
    path, _exported = export_to_file(call.slug, tmp_path)
    Call.objects.all().delete()
    Programme.objects.all().delete()

    call_command("import_call", str(path), stdout=StringIO())

    imported = Call.objects.get(slug="buurtkracht-2026")
    assert imported.programme.name == "Lokaal Samenspel"
    assert imported.stages.count() == 2


def test_import_call_refuses_existing_slug_without_new_slug(tmp_path):
    call = make_call()
    path, _exported = export_to_file(call.slug, tmp_path)
    with pytest.raises(CommandError, match="--new-slug"):
        call_command("import_call", str(path), stdout=StringIO())
    assert Call.objects.count() == 1


def test_import_call_refuses_other_version(tmp_path):
    path = tmp_path / "call.json"
    path.write_text(json.dumps({"format": "samenspel-call", "version": 2}), encoding="utf-8")
    with pytest.raises(CommandError, match="version 2"):
        call_command("import_call", str(path), stdout=StringIO())


def test_import_call_refuses_a_file_that_is_not_a_call(tmp_path):
    path = tmp_path / "call.json"
    path.write_text("[1, 2", encoding="utf-8")
    with pytest.raises(CommandError, match="not valid JSON"):
        call_command("import_call", str(path), stdout=StringIO())
    path.write_text("{}", encoding="utf-8")
    with pytest.raises(CommandError, match="samenspel-call"):
        call_command("import_call", str(path), stdout=StringIO())


def test_import_call_lists_every_problem_and_saves_nothing_when_invalid():
    call = make_call()
    data = services.export_call(call)
    data["slug"] = "nieuw"
    questions = data["stages"][0]["sections"][0]["questions"]
    questions[0]["kind"] = "tekst"
    questions[1]["colour"] = "blue"
    data["stages"][0]["sections"][1]["questions"][0]["condition"] = {
        "question": "bestaat-niet",
        "value": "yes",
    }
    data["milestones"][0]["at"] = "morgen"

    with pytest.raises(services.CallFormatError) as raised:
        services.import_call(data=data)

    problems = "\n".join(raised.value.errors)
    assert "stages[0].sections[0].questions[0].kind" in problems
    assert "stages[0].sections[0].questions[1].colour: unknown field" in problems
    assert "stages[0].sections[1].questions[0].condition.question" in problems
    assert "milestones[0].at" in problems
    assert not Call.objects.filter(slug="nieuw").exists()


def test_import_call_refuses_condition_on_a_later_question():
    call = make_call()
    data = services.export_call(call)
    first_page = data["stages"][0]["sections"][0]["questions"]
    first_page[0]["condition"] = {"question": "samen-al", "value": "yes"}  # samen-al comes later
    with pytest.raises(services.CallFormatError, match="not an earlier question"):
        services.import_call(data=data, new_slug="nieuw")


def test_export_call_command_fails_for_unknown_slug():
    with pytest.raises(CommandError, match="no call"):
        call_command("export_call", "bestaat-niet", stdout=StringIO())


def test_example_in_docs_imports():
    text = DOC.read_text(encoding="utf-8")
    example = text.split("## Example", 1)[1].split("```json", 1)[1].split("```", 1)[0]
    call = services.import_call(data=json.loads(example))
    assert call.slug == "buurtkracht-2026"
    assert Question.objects.get(key="hoe-lang").condition_question.key == "samen-al"
    assert call.eligibility_rules.count() == 2
    assert call.scores_hidden_until_own_review is True
    stage = call.stages.get()
    assert stage.reviewers_per_proposal == 3 and stage.review_due is not None
    assert list(stage.criteria.values_list("name", "weight")) == [
        ("Samenwerking", Decimal("2.00")),
        ("Een echt experiment", Decimal("1.00")),
    ]


def test_import_call_refuses_choices_that_are_not_a_list():
    data = services.export_call(make_call())
    data["stages"][0]["sections"][0]["questions"][2]["choices"] = "Zorg, Wonen"
    with pytest.raises(services.CallFormatError, match=r"questions\[2\]\.choices"):
        services.import_call(data=data, new_slug="nieuw")


def test_export_then_import_gives_an_equal_call_for_every_demo_call():
    from calls.demo import load_calls

    load_calls()
    calls = list(Call.objects.all())
    assert len(calls) >= 3
    for call in calls:
        exported = services.export_call(call)
        copy = services.import_call(data=exported, new_slug=f"{call.slug}-kopie")
        assert copy.status == Call.Status.DRAFT  # never public before staff checked it
        assert without(services.export_call(copy), "slug", "status") == without(
            exported, "slug", "status"
        )
