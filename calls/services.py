"""Setting up calls: every write of the staff pages, copying a call, and the JSON call format.

Each function takes keyword arguments, runs in one transaction and writes an activity entry on the
call (or programme) it changes. A change that would break the form or lose answers raises
`CallSetupError` with a message for people.
"""

import datetime
import decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, ProtectedError
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from calls.models import (
    Call,
    EligibilityRule,
    Milestone,
    Programme,
    Question,
    QuickCheckQuestion,
    ReviewCriterion,
    Section,
    Stage,
)
from portal.activity import log_activity

FORMAT_NAME = "samenspel-call"
FORMAT_VERSION = 1

# Question kinds another question can depend on, and the values they can have.
CONDITION_KINDS = [Question.Kind.YES_NO, Question.Kind.CHOICE, Question.Kind.MULTIPLE_CHOICE]
YES_NO_VALUES = ["yes", "no"]


class CallSetupError(Exception):
    """A change that is refused; str(error) is a message for people."""


class CallFormatError(CallSetupError):
    """A call definition (JSON) that cannot be imported; `errors` lists every problem."""

    def __init__(self, errors):
        self.errors = list(errors)
        super().__init__("\n".join(self.errors))


# --- Reading the form's order --------------------------------------------------------------
def questions_in_order(stage):
    """Every question of a stage in the order applicants see them (section by section)."""
    return list(
        Question.objects.filter(section__stage=stage)
        .select_related("section")
        .order_by("section__order", "section__id", "order", "id")
    )


def condition_problems(stage) -> list:
    """Questions whose condition question is not an earlier question of the same stage."""
    seen = set()
    problems = []
    for question in questions_in_order(stage):
        if question.condition_question_id and question.condition_question_id not in seen:
            problems.append(question)
        seen.add(question.pk)
    return problems


def _refuse_broken_conditions(stage):
    problems = condition_problems(stage)
    if problems:
        raise CallSetupError(
            _(
                "This would put a question before the question it depends on: %(questions)s. "
                "A question can only depend on an earlier question."
            )
            % {"questions": ", ".join(f"“{question.text}”" for question in problems)}
        )


def _changed_fields(instance, fields) -> list[str]:
    if instance.pk is None:
        return []
    old = type(instance).objects.filter(pk=instance.pk).values(*fields).first() or {}
    return [
        name
        for name in fields
        if old.get(name) != getattr(instance, type(instance)._meta.get_field(name).attname)
    ]


def _field_names(model):
    return [
        field.name
        for field in model._meta.concrete_fields
        if not field.primary_key and not getattr(field, "auto_now_add", False)
    ]


def _log(*, actor, verb, target, message, data=None):
    log_activity(actor=actor, verb=verb, target=target, message=message, data=data)


# --- Programmes and calls ------------------------------------------------------------------
@transaction.atomic
def save_programme(*, programme, actor):
    created = programme.pk is None
    changed = _changed_fields(programme, _field_names(Programme))
    programme.save()
    _log(
        actor=actor,
        verb="programme.created" if created else "programme.changed",
        target=programme,
        message=(_("Programme created") if created else _("Programme changed")),
        data={"fields": changed},
    )
    return programme


DEFAULT_STAGES = {
    Call.Kind.TWO_STAGE: [
        {"kind": Stage.Kind.PROPOSAL, "name": gettext_lazy("Proposal"), "order": 1},
        {
            "kind": Stage.Kind.FULL_PLAN,
            "name": gettext_lazy("Full plan"),
            "order": 2,
            "has_budget": True,
            "invitation_only": True,
        },
    ],
    Call.Kind.REGISTRATION: [
        {"kind": Stage.Kind.REGISTRATION, "name": gettext_lazy("Registration"), "order": 1},
    ],
}


@transaction.atomic
def save_call(*, call, actor, default_stages=True):
    """Save a new or changed call. A new call gets the stages of its kind, each with one page."""
    created = call.pk is None
    changed = _changed_fields(call, _field_names(Call))
    call.save()
    if created and default_stages:
        for values in DEFAULT_STAGES[call.kind]:
            stage = Stage.objects.create(call=call, **{**values, "name": str(values["name"])})
            Section.objects.create(stage=stage, title=_("Questions"), order=1)
    if created:
        _log(actor=actor, verb="call.created", target=call, message=_("Call created"))
    else:
        _log(
            actor=actor,
            verb="call.changed",
            target=call,
            message=_("Call changed: %(fields)s") % {"fields": ", ".join(changed) or "-"},
            data={"fields": changed},
        )
        if "status" in changed:
            _log(
                actor=actor,
                verb="call.status_changed",
                target=call,
                message=_("Status is now: %(status)s") % {"status": call.get_status_display()},
                data={"status": call.status},
            )
    return call


# --- Stages --------------------------------------------------------------------------------
@transaction.atomic
def save_stage(*, stage, actor):
    created = stage.pk is None
    changed = _changed_fields(stage, _field_names(Stage))
    stage.save()
    if created and not stage.sections.exists():
        Section.objects.create(stage=stage, title=_("Questions"), order=1)
    _log(
        actor=actor,
        verb="stage.created" if created else "stage.changed",
        target=stage.call,
        message=(_("Stage added: %(name)s") if created else _("Stage changed: %(name)s"))
        % {"name": stage.name},
        data={"stage": stage.pk, "fields": changed},
    )
    return stage


@transaction.atomic
def delete_stage(*, stage, actor):
    """Delete a stage and its form. Refused once proposals use the stage."""
    call, name, pk = stage.call, stage.name, stage.pk
    try:
        stage.delete()
    except ProtectedError as error:
        raise CallSetupError(
            _("Proposals already use this stage, so it cannot be deleted.")
        ) from error
    _log(
        actor=actor,
        verb="stage.deleted",
        target=call,
        message=_("Stage deleted: %(name)s") % {"name": name},
        data={"stage": pk},
    )


# --- Sections ------------------------------------------------------------------------------
def _next_order(queryset):
    return (queryset.aggregate(highest=Max("order"))["highest"] or 0) + 1


def _move(siblings, item, direction):
    """Swap `item` with its neighbour and number the siblings 1, 2, 3 ... Returns whether moved."""
    siblings = list(siblings)
    index = next(i for i, sibling in enumerate(siblings) if sibling.pk == item.pk)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(siblings):
        return False
    siblings[index], siblings[other] = siblings[other], siblings[index]
    for number, sibling in enumerate(siblings, start=1):
        if sibling.order != number:
            sibling.order = number
            sibling.save(update_fields=["order"])
    return True


@transaction.atomic
def save_section(*, section, actor):
    created = section.pk is None
    if created:
        section.order = _next_order(Section.objects.filter(stage=section.stage))
    section.save()
    _log(
        actor=actor,
        verb="section.created" if created else "section.changed",
        target=section.stage.call,
        message=(_("Page added: %(title)s") if created else _("Page changed: %(title)s"))
        % {"title": section.title},
        data={"section": section.pk},
    )
    return section


def answer_count(questions) -> int:
    """How many answers were given to these questions (they stay when the questions go)."""
    from django.apps import apps

    Answer = apps.get_model("proposals", "Answer")  # noqa: N806  (calls may not import proposals)
    return Answer.objects.filter(question__in=questions).count()


def _clear_conditions_on(questions):
    """Questions depending on deleted questions would always show; drop their condition."""
    Question.objects.filter(condition_question__in=questions).update(
        condition_question=None, condition_value=""
    )


@transaction.atomic
def delete_section(*, section, actor):
    """Delete a page and its questions. Answers already given stay, with their question text."""
    call, title, pk = section.stage.call, section.title, section.pk
    questions = Question.objects.filter(section=section)
    kept = answer_count(questions)
    _clear_conditions_on(questions)
    section.delete()
    _log(
        actor=actor,
        verb="section.deleted",
        target=call,
        message=_("Page deleted: %(title)s") % {"title": title},
        data={"section": pk, "answers_kept": kept},
    )


@transaction.atomic
def move_section(*, section, direction, actor):
    siblings = (
        Section.objects.select_for_update().filter(stage=section.stage).order_by("order", "id")
    )
    moved = _move(siblings, section, direction)
    if moved:
        _refuse_broken_conditions(section.stage)
        _log(
            actor=actor,
            verb="section.moved",
            target=section.stage.call,
            message=_("Page moved: %(title)s") % {"title": section.title},
            data={"section": section.pk, "direction": direction},
        )
    return moved


# --- Questions -----------------------------------------------------------------------------
def has_answers(question) -> bool:
    return question.pk is not None and answer_count([question]) > 0


@transaction.atomic
def save_question(*, question, actor):
    """Save a new or changed question.

    Refused: changing the kind or key of a question that has answers, and a condition on a
    question that does not come earlier in the same stage.
    """
    created = question.pk is None
    changed = _changed_fields(question, _field_names(Question))
    if not created and {"kind", "key"} & set(changed) and has_answers(question):
        raise CallSetupError(
            _(
                "This question already has answers. You cannot change its kind or key. "
                "Add a new question instead."
            )
        )
    if created or "section" in changed:
        question.order = _next_order(Question.objects.filter(section=question.section))
    if question.condition_question_id is None:
        question.condition_value = ""
    if question.kind not in {Question.Kind.SHORT_TEXT, Question.Kind.LONG_TEXT}:
        question.max_chars = None
    if question.kind != Question.Kind.LONG_TEXT:
        question.max_words = None
    if question.kind not in {Question.Kind.CHOICE, Question.Kind.MULTIPLE_CHOICE}:
        question.choices = []
    question.save()
    if not created and question.kind not in CONDITION_KINDS:
        _clear_conditions_on([question])
    _refuse_broken_conditions(question.section.stage)
    _log(
        actor=actor,
        verb="question.created" if created else "question.changed",
        target=question.section.stage.call,
        message=(_("Question added: %(key)s") if created else _("Question changed: %(key)s"))
        % {"key": question.key},
        data={"question": question.pk, "fields": changed},
    )
    return question


@transaction.atomic
def delete_question(*, question, actor):
    """Delete a question. Its answers stay, with the key and text they were given to."""
    call, key, pk = question.section.stage.call, question.key, question.pk
    kept = answer_count([question])
    _clear_conditions_on([question])
    question.delete()
    _log(
        actor=actor,
        verb="question.deleted",
        target=call,
        message=_("Question deleted: %(key)s") % {"key": key},
        data={"question": pk, "answers_kept": kept},
    )


@transaction.atomic
def move_question(*, question, direction, actor):
    siblings = (
        Question.objects.select_for_update()
        .filter(section=question.section)
        .order_by("order", "id")
    )
    moved = _move(siblings, question, direction)
    if moved:
        _refuse_broken_conditions(question.section.stage)
        _log(
            actor=actor,
            verb="question.moved",
            target=question.section.stage.call,
            message=_("Question moved: %(key)s") % {"key": question.key},
            data={"question": question.pk, "direction": direction},
        )
    return moved


# --- Milestones, eligibility, quick check --------------------------------------------------
@transaction.atomic
def save_milestone(*, milestone, actor):
    created = milestone.pk is None
    milestone.save()
    _log(
        actor=actor,
        verb="milestone.created" if created else "milestone.changed",
        target=milestone.call,
        message=_("Important date saved: %(name)s") % {"name": milestone.name},
        data={"milestone": milestone.pk},
    )
    return milestone


@transaction.atomic
def delete_milestone(*, milestone, actor):
    call, name, pk = milestone.call, milestone.name, milestone.pk
    milestone.delete()
    _log(
        actor=actor,
        verb="milestone.deleted",
        target=call,
        message=_("Important date deleted: %(name)s") % {"name": name},
        data={"milestone": pk},
    )


@transaction.atomic
def save_quick_check(*, question, actor):
    created = question.pk is None
    if created:
        question.order = _next_order(QuickCheckQuestion.objects.filter(call=question.call))
    question.save()
    _log(
        actor=actor,
        verb="quick_check.created" if created else "quick_check.changed",
        target=question.call,
        message=_("Quick check question saved"),
        data={"quick_check": question.pk},
    )
    return question


@transaction.atomic
def delete_quick_check(*, question, actor):
    call, pk = question.call, question.pk
    question.delete()
    _log(
        actor=actor,
        verb="quick_check.deleted",
        target=call,
        message=_("Quick check question deleted"),
        data={"quick_check": pk},
    )


@transaction.atomic
def set_eligibility(*, call, minimums: dict, actor):
    """minimums maps an organisation kind to how many must take part (0: no rule)."""
    for kind, minimum in minimums.items():
        if minimum:
            EligibilityRule.objects.update_or_create(
                call=call, organisation_kind=kind, defaults={"minimum": minimum}
            )
        else:
            EligibilityRule.objects.filter(call=call, organisation_kind=kind).delete()
    _log(
        actor=actor,
        verb="call.eligibility_changed",
        target=call,
        message=_("Who must take part was changed"),
        data={"minimums": {kind: minimum for kind, minimum in minimums.items() if minimum}},
    )


# --- Duplicate -----------------------------------------------------------------------------
def _copy(instance, **changes):
    instance.pk = None
    instance.id = None
    instance._state.adding = True
    for name, value in changes.items():
        setattr(instance, name, value)
    instance.save()
    return instance


@transaction.atomic
def duplicate_call(*, call, new_title, new_slug, actor):
    """A copy of the call for a next round: same form, dates and rules; status draft."""
    if Call.objects.filter(slug=new_slug).exists():
        raise CallSetupError(_("A call with this short name already exists."))
    source_pk = call.pk
    source = Call.objects.get(pk=source_pk)
    copy = _copy(source, title=new_title, slug=new_slug, status=Call.Status.DRAFT)
    question_map = {}
    conditions = []  # (copied question, original condition question id)
    for stage in Stage.objects.filter(call_id=source_pk).order_by("order"):
        sections = list(stage.sections.order_by("order", "id"))
        criteria = list(stage.criteria.order_by("order", "id"))
        new_stage = _copy(stage, call=copy)
        for criterion in criteria:
            _copy(criterion, stage=new_stage)
        for section in sections:
            questions = list(section.questions.order_by("order", "id"))
            new_section = _copy(section, stage=new_stage)
            for question in questions:
                old_pk, condition_pk = question.pk, question.condition_question_id
                new_question = _copy(question, section=new_section, condition_question=None)
                question_map[old_pk] = new_question
                if condition_pk:
                    conditions.append((new_question, condition_pk))
    for new_question, condition_pk in conditions:
        if condition_pk in question_map:
            new_question.condition_question = question_map[condition_pk]
            new_question.save(update_fields=["condition_question"])
    for model in (Milestone, EligibilityRule, QuickCheckQuestion):
        for row in model.objects.filter(call_id=source_pk).order_by("pk"):
            _copy(row, call=copy)
    _log(
        actor=actor,
        verb="call.duplicated",
        target=copy,
        message=_("Copied from %(title)s") % {"title": call.title},
        data={"source": source_pk},
    )
    _log(
        actor=actor,
        verb="call.copied",
        target=call,
        message=_("Copied to %(title)s") % {"title": new_title},
        data={"copy": copy.pk},
    )
    return copy


# --- The JSON call format (docs/call-format.md) ----------------------------------------------
CALL_FIELDS = [
    "slug",
    "title",
    "summary",
    "body",
    "faq",
    "contact_email",
    "status",
    "kind",
    "max_amount",
    "expected_shortlist",
    "expected_selected",
    "scores_hidden_until_own_review",
    "reference_prefix",
]
PROGRAMME_FIELDS = ["slug", "name", "description"]
STAGE_FIELDS = [
    "kind",
    "name",
    "order",
    "deadline",
    "has_budget",
    "invitation_only",
    "review_due",
    "reviewers_per_proposal",
]
CRITERION_FIELDS = ["name", "description", "weight", "order"]
MAX_CRITERION_WEIGHT = decimal.Decimal("99")
SECTION_FIELDS = ["title", "intro", "order"]
QUESTION_FIELDS = [
    "key",
    "text",
    "help_text",
    "kind",
    "required",
    "order",
    "max_chars",
    "max_words",
    "choices",
]
MILESTONE_FIELDS = ["name", "at", "kind"]
ELIGIBILITY_FIELDS = ["organisation_kind", "minimum"]
QUICK_CHECK_FIELDS = ["text", "fitting_answer", "explanation", "order"]


def _dump_value(value):
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    return value


def _dump(instance, fields):
    return {name: _dump_value(getattr(instance, name)) for name in fields}


def export_call(call) -> dict:
    """The call's definition as plain JSON data (see docs/call-format.md)."""
    keys = dict(Question.objects.filter(section__stage__call=call).values_list("pk", "key"))
    stages = []
    for stage in call.stages.order_by("order").prefetch_related("sections__questions", "criteria"):
        criteria = [
            {
                **_dump(criterion, CRITERION_FIELDS),
                "weight": str(decimal.Decimal(criterion.weight).quantize(decimal.Decimal("0.01"))),
            }
            for criterion in sorted(stage.criteria.all(), key=lambda c: (c.order, c.pk))
        ]
        sections = []
        for section in sorted(stage.sections.all(), key=lambda s: (s.order, s.pk)):
            questions = []
            for question in sorted(section.questions.all(), key=lambda q: (q.order, q.pk)):
                data = _dump(question, QUESTION_FIELDS)
                condition = None
                if question.condition_question_id:
                    condition = {
                        "question": keys.get(question.condition_question_id)
                        or Question.objects.get(pk=question.condition_question_id).key,
                        "value": question.condition_value,
                    }
                data["condition"] = condition
                questions.append(data)
            sections.append({**_dump(section, SECTION_FIELDS), "questions": questions})
        stages.append({**_dump(stage, STAGE_FIELDS), "criteria": criteria, "sections": sections})
    return {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        **_dump(call, CALL_FIELDS),
        "programme": _dump(call.programme, PROGRAMME_FIELDS),
        "stages": stages,
        "milestones": [
            _dump(milestone, MILESTONE_FIELDS) for milestone in call.milestones.order_by("at", "pk")
        ],
        "eligibility": [
            _dump(rule, ELIGIBILITY_FIELDS)
            for rule in call.eligibility_rules.order_by("organisation_kind")
        ],
        "quick_check": [
            _dump(question, QUICK_CHECK_FIELDS)
            for question in call.quick_check.order_by("order", "pk")
        ],
    }


class _Reader:
    """Builds unsaved model instances from JSON data and collects every problem with its path."""

    def __init__(self):
        self.errors = []

    def error(self, path, message):
        self.errors.append(f"{path}: {message}" if path else message)

    def mapping(self, raw, path):
        if not isinstance(raw, dict):
            self.error(path, "expected an object")
            return None
        return raw

    def items(self, raw, key, path):
        value = raw.get(key, [])
        if not isinstance(value, list):
            self.error(f"{path}{key}", "expected a list")
            return []
        return value

    def build(self, model, raw, fields, path, *, nested=(), exclude=(), **extra):
        raw = self.mapping(raw, path)
        if raw is None:
            return None
        for key in sorted(set(raw) - set(fields) - set(nested)):
            self.error(f"{path}.{key}", "unknown field")
        values = {}
        for name in fields:
            if name not in raw:
                continue
            value = raw[name]
            field = model._meta.get_field(name)
            if value is not None and field.get_internal_type() == "DateTimeField":
                parsed = parse_datetime(value) if isinstance(value, str) else None
                if parsed is None:
                    self.error(
                        f"{path}.{name}", "expected a date and time like 2026-03-01T17:00:00+01:00"
                    )
                    continue
                if timezone.is_naive(parsed):
                    parsed = timezone.make_aware(parsed)
                value = parsed
            elif value is not None and field.get_internal_type() == "DecimalField":
                try:
                    value = decimal.Decimal(str(value))
                except decimal.InvalidOperation:
                    self.error(f"{path}.{name}", "expected an amount like 25000.00")
                    continue
            values[name] = value
        instance = model(**values, **extra)
        try:
            instance.full_clean(
                exclude=list(exclude), validate_unique=False, validate_constraints=False
            )
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                for message in messages:
                    self.error(f"{path}.{name}", str(message))
        except (TypeError, ValueError) as error:
            self.error(path, str(error))
        return instance


def read_call_definition(data, *, new_slug=None, new_title=None):
    """Check a call definition and build its unsaved objects. Raises CallFormatError."""
    reader = _Reader()
    if not isinstance(data, dict) or data.get("format") != FORMAT_NAME:
        raise CallFormatError([f'This is not a call definition: "format" must be "{FORMAT_NAME}".'])
    if data.get("version") != FORMAT_VERSION:
        raise CallFormatError(
            [
                f"This file has format version {data.get('version')!r}; "
                f"this portal reads version {FORMAT_VERSION}."
            ]
        )
    call_data = {name: data[name] for name in CALL_FIELDS if name in data}
    if new_slug:
        call_data["slug"] = new_slug
    if new_title:
        call_data["title"] = new_title
    top_level = {
        "format",
        "version",
        "programme",
        "stages",
        "milestones",
        "eligibility",
        "quick_check",
    }
    for key in sorted(set(data) - set(CALL_FIELDS) - top_level):
        reader.error(key, "unknown field")
    programme = reader.build(
        Programme, data.get("programme"), PROGRAMME_FIELDS, "programme", exclude=["fund"]
    )
    call = reader.build(Call, call_data, CALL_FIELDS, "call", exclude=["programme"])
    stages = []
    keys = set()
    for stage_index, stage_raw in enumerate(reader.items(data, "stages", "")):
        path = f"stages[{stage_index}]"
        stage = reader.build(
            Stage,
            stage_raw,
            STAGE_FIELDS,
            path,
            nested=["criteria", "sections"],
            exclude=["call"],
        )
        if stage is None:
            continue
        criteria = [
            criterion
            for index, raw in enumerate(reader.items(stage_raw, "criteria", f"{path}."))
            if (criterion := _read_criterion(reader, raw, f"{path}.criteria[{index}]")) is not None
        ]
        sections = []
        for section_index, section_raw in enumerate(
            reader.items(stage_raw, "sections", f"{path}.")
        ):
            section_path = f"{path}.sections[{section_index}]"
            section = reader.build(
                Section,
                section_raw,
                SECTION_FIELDS,
                section_path,
                nested=["questions"],
                exclude=["stage"],
            )
            if section is None:
                continue
            questions = []
            for question_index, question_raw in enumerate(
                reader.items(section_raw, "questions", f"{section_path}.")
            ):
                question_path = f"{section_path}.questions[{question_index}]"
                question = reader.build(
                    Question,
                    question_raw,
                    QUESTION_FIELDS,
                    question_path,
                    nested=["condition"],
                    exclude=["section", "condition_question"],
                )
                if question is None:
                    continue
                if not isinstance(question.choices, list) or not all(
                    isinstance(choice, str) for choice in question.choices
                ):
                    reader.error(f"{question_path}.choices", "expected a list of texts")
                    question.choices = []
                if question.key in keys:
                    reader.error(f"{question_path}.key", f'"{question.key}" is used twice')
                keys.add(question.key)
                condition = question_raw.get("condition")
                if condition is not None and not (
                    isinstance(condition, dict) and set(condition) == {"question", "value"}
                ):
                    reader.error(
                        f"{question_path}.condition",
                        'expected {"question": key, "value": text} or null',
                    )
                    condition = None
                questions.append((question_index, question, condition, question_path))
            questions.sort(key=lambda item: (item[1].order, item[0]))
            sections.append((section_index, section, [item[1:] for item in questions]))
        sections.sort(key=lambda item: (item[1].order, item[0]))
        # Conditions refer to an earlier question of the same stage, in the order applicants see.
        earlier = {}
        for _index, _section, questions in sections:
            for question, condition, question_path in questions:
                if condition:
                    target = earlier.get(condition["question"])
                    if target is None:
                        reader.error(
                            f"{question_path}.condition.question",
                            f'"{condition["question"]}" is not an earlier question of this stage',
                        )
                    else:
                        message = condition_value_problem(target, condition["value"])
                        if message:
                            reader.error(f"{question_path}.condition.value", message)
                earlier[question.key] = question
        stages.append((stage, criteria, [item[1:] for item in sections]))
    orders = [stage.order for stage, _criteria, _sections in stages]
    if len(orders) != len(set(orders)):
        reader.error("stages", "two stages have the same order")
    milestones = [
        reader.build(Milestone, raw, MILESTONE_FIELDS, f"milestones[{index}]", exclude=["call"])
        for index, raw in enumerate(reader.items(data, "milestones", ""))
    ]
    eligibility = [
        reader.build(
            EligibilityRule, raw, ELIGIBILITY_FIELDS, f"eligibility[{index}]", exclude=["call"]
        )
        for index, raw in enumerate(reader.items(data, "eligibility", ""))
    ]
    kinds = [rule.organisation_kind for rule in eligibility if rule is not None]
    if len(kinds) != len(set(kinds)):
        reader.error("eligibility", "an organisation kind is listed twice")
    quick_check = [
        reader.build(
            QuickCheckQuestion, raw, QUICK_CHECK_FIELDS, f"quick_check[{index}]", exclude=["call"]
        )
        for index, raw in enumerate(reader.items(data, "quick_check", ""))
    ]
    if call is not None and Call.objects.filter(slug=call.slug).exists():
        reader.error(
            "slug",
            f'a call with the short name "{call.slug}" already exists; choose a new one '
            "(python manage.py import_call FILE --new-slug NEW)",
        )
    if reader.errors:
        raise CallFormatError(reader.errors)
    return {
        "programme": programme,
        "call": call,
        "stages": stages,
        "milestones": milestones,
        "eligibility": eligibility,
        "quick_check": quick_check,
    }


def _read_criterion(reader, raw, path):
    """A review criterion of a stage; its weight is a positive number up to 99, its order whole."""
    raw = reader.mapping(raw, path)
    if raw is None:
        return None
    raw = dict(raw)
    if "weight" in raw:
        weight = raw["weight"]
        parsed = None
        if isinstance(weight, (int, float, str)) and not isinstance(weight, bool):
            try:
                parsed = decimal.Decimal(str(weight).strip())
            except decimal.InvalidOperation:
                parsed = None
        if parsed is None or not parsed.is_finite() or not 0 < parsed <= MAX_CRITERION_WEIGHT:
            reader.error(
                f"{path}.weight",
                f'expected a positive number up to {MAX_CRITERION_WEIGHT}, like "2.00"',
            )
            del raw["weight"]
        else:
            raw["weight"] = parsed
    if "order" in raw and (not isinstance(raw["order"], int) or isinstance(raw["order"], bool)):
        reader.error(f"{path}.order", "expected a whole number")
        del raw["order"]
    return reader.build(ReviewCriterion, raw, CRITERION_FIELDS, path, exclude=["stage"])


def condition_value_problem(target, value) -> str:
    if target.kind == Question.Kind.YES_NO:
        return "" if value in YES_NO_VALUES else 'for a yes/no question use "yes" or "no"'
    if target.kind in {Question.Kind.CHOICE, Question.Kind.MULTIPLE_CHOICE}:
        return "" if value in (target.choices or []) else "must be one of the question's choices"
    return "the question it depends on must be yes/no or a choice"


@transaction.atomic
def import_call(*, data, actor=None, new_slug=None, new_title=None):
    """Create a call (and its programme if missing) from a definition. Raises CallFormatError.

    The new call is always a Concept: an imported file is usually last year's call, and it must
    not appear on the public list before staff have checked its dates and texts."""
    parts = read_call_definition(data, new_slug=new_slug, new_title=new_title)
    programme = Programme.objects.filter(slug=parts["programme"].slug).first()
    if programme is None:
        programme = parts["programme"]
        programme.save()
    call = parts["call"]
    call.programme = programme
    call.status = Call.Status.DRAFT
    call.save()
    by_key = {}
    for stage, criteria, sections in parts["stages"]:
        stage.call = call
        stage.save()
        for criterion in criteria:
            criterion.stage = stage
            criterion.save()
        for section, questions in sections:
            section.stage = stage
            section.save()
            for question, condition, _path in questions:
                question.section = section
                if condition:
                    question.condition_question = by_key[condition["question"]]
                    question.condition_value = condition["value"]
                question.save()
                by_key[question.key] = question
    for name in ("milestones", "eligibility", "quick_check"):
        for row in parts[name]:
            row.call = call
            row.save()
    _log(
        actor=actor,
        verb="call.imported",
        target=call,
        message=_("Call imported from a call definition"),
    )
    return call
