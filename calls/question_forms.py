"""Turn a stage's questions into Django forms, and answers into JSON and back.

Used by the applicant's form (proposals) and by the staff preview (calls). No field is required
here: drafts are saved as they are; `missing_required` says what must be filled before submit.
"""

import datetime
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.validators import MinValueValidator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from calls.models import Question

Kind = Question.Kind
YES_NO = [("yes", _("Yes")), ("no", _("No"))]


def field_name(question) -> str:
    return f"q_{question.key}"


def _word_limit(limit):
    def validate(value):
        words = len((value or "").split())
        if words > limit:
            raise forms.ValidationError(
                ngettext(
                    "Use at most %(limit)d word. Now there are %(words)d.",
                    "Use at most %(limit)d words. Now there are %(words)d.",
                    limit,
                )
                % {"limit": limit, "words": words}
            )

    return validate


def field_for_question(question) -> forms.Field:
    # Every field is optional while drafting; the label says which answers are needed to send in.
    label = (
        question.text
        if question.required
        else _("%(question)s (optional)") % {"question": question.text}
    )
    common = {"label": label, "help_text": question.help_text, "required": False}
    kind = question.kind
    if kind == Kind.SHORT_TEXT:
        return forms.CharField(max_length=question.max_chars or 300, **common)
    if kind == Kind.LONG_TEXT:
        attrs = {"rows": 6}
        validators = []
        if question.max_chars:
            attrs["data-max-chars"] = question.max_chars
        if question.max_words:
            attrs["data-max-words"] = question.max_words
            validators.append(_word_limit(question.max_words))
        return forms.CharField(
            widget=forms.Textarea(attrs=attrs), max_length=question.max_chars,
            validators=validators, **common,
        )  # fmt: skip
    if kind == Kind.NUMBER:
        return forms.IntegerField(**common)
    if kind == Kind.AMOUNT:
        return forms.DecimalField(
            max_digits=12, decimal_places=2, localize=True,
            validators=[MinValueValidator(0)], **common,
        )  # fmt: skip
    if kind == Kind.DATE:
        return forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), **common)
    if kind == Kind.YES_NO:
        return forms.ChoiceField(choices=YES_NO, widget=forms.RadioSelect, **common)
    if kind == Kind.CHOICE:
        return forms.ChoiceField(
            choices=[(c, c) for c in question.choices], widget=forms.RadioSelect, **common
        )
    if kind == Kind.MULTIPLE_CHOICE:
        return forms.MultipleChoiceField(
            choices=[(c, c) for c in question.choices],
            widget=forms.CheckboxSelectMultiple, **common,
        )  # fmt: skip
    if kind == Kind.EMAIL:
        return forms.EmailField(**common)
    if kind == Kind.URL:
        return forms.URLField(assume_scheme="https", **common)
    if kind == Kind.FILE:
        return forms.FileField(**common)
    raise ValueError(f"Unknown question kind {kind}")


def to_json(question, value):
    """A cleaned form value as stored in Answer.value."""
    if value in (None, "", []):
        return None
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def from_json(question, value):
    """Answer.value as initial data for the form field."""
    if value is None:
        return None
    if question.kind == Kind.AMOUNT:
        try:
            return Decimal(value)
        except (InvalidOperation, TypeError):
            return None
    if question.kind == Kind.DATE:
        try:
            return datetime.date.fromisoformat(value)
        except (TypeError, ValueError):
            return None
    return value


class SectionForm(forms.Form):
    def __init__(self, *args, questions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for question in self.questions:
            field = field_for_question(question)
            if question.condition_question_id:
                field.widget.attrs["data-show-if"] = field_name(question.condition_question)
                field.widget.attrs["data-show-value"] = question.condition_value
            self.fields[field_name(question)] = field

    def answer_values(self) -> dict:
        """key → JSON value for the questions on this page that are not files."""
        return {
            question.key: to_json(question, self.cleaned_data.get(field_name(question)))
            for question in self.questions
            if question.kind != Kind.FILE
        }


def form_for_section(section, *, data=None, files=None, initial=None, questions=None):
    """A form for one page of a stage. `initial` maps question key → stored JSON value."""
    questions = list(questions if questions is not None else section.questions.all())
    initial = initial or {}
    by_key = {question.key: question for question in questions}
    form_initial = {
        field_name(by_key[key]): from_json(by_key[key], value)
        for key, value in initial.items()
        if key in by_key
    }
    return SectionForm(data=data, files=files, initial=form_initial, questions=questions)


def is_empty(value) -> bool:
    return value in (None, "", [], {})


def is_visible(question, answers_by_key: dict) -> bool:
    """A conditional question shows only when the earlier answer has the given value."""
    condition = question.condition_question
    if condition is None:
        return True
    if not is_visible(condition, answers_by_key):
        return False
    given = answers_by_key.get(condition.key)
    if isinstance(given, list):
        return question.condition_value in given
    return given == question.condition_value


def visible_questions(questions, answers_by_key: dict) -> list:
    return [question for question in questions if is_visible(question, answers_by_key)]


def missing_required(questions, answers_by_key: dict) -> list:
    """Required questions that are shown and still empty: what blocks a submission."""
    return [
        question
        for question in visible_questions(questions, answers_by_key)
        if question.required and is_empty(answers_by_key.get(question.key))
    ]
