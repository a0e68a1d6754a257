"""Forms of the staff pages that set up programmes, calls, stages and their forms."""

from django import forms
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from calls import services
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
from portal.models import Organisation


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


class ProgrammeForm(forms.ModelForm):
    class Meta:
        model = Programme
        fields = ["name", "slug", "description", "keep_drafts_days", "keep_declined_days",
                  "second_factor_for_reviewers_and_support"]  # fmt: skip
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}


class CallForm(forms.ModelForm):
    class Meta:
        model = Call
        fields = [
            "programme",
            "title",
            "slug",
            "status",
            "kind",
            "summary",
            "body",
            "faq",
            "contact_email",
            "max_amount",
            "expected_shortlist",
            "expected_selected",
            "scores_hidden_until_own_review",
            "reference_prefix",
            "reminder_days",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "body": forms.Textarea(attrs={"rows": 10}),
            "faq": forms.Textarea(attrs={"rows": 8}),
        }
        help_texts = {
            "slug": _("Only small letters, digits and hyphens, for example buurtkracht-2026."),
            "body": _("Markdown. Scripts and styles are removed."),
            "faq": _("Markdown. For example: ## Question, then the answer."),
            "kind": _("A new call gets the stages of its kind. You can change them later."),
        }

    def clean(self):
        cleaned = super().clean()
        shortlist, selected = cleaned.get("expected_shortlist"), cleaned.get("expected_selected")
        if shortlist is not None and selected is not None and selected > shortlist:
            self.add_error(
                "expected_selected",
                _("This cannot be more than the number invited for a full plan."),
            )
        return cleaned


class StageForm(forms.ModelForm):
    class Meta:
        model = Stage
        fields = [
            "name",
            "kind",
            "order",
            "deadline",
            "has_budget",
            "invitation_only",
            "review_due",
            "reviewers_per_proposal",
        ]
        widgets = {"deadline": DateTimeLocalInput(), "review_due": DateTimeLocalInput()}
        help_texts = {
            "order": _("1 is the first stage."),
            "deadline": _("At this moment the stage closes: nothing can be sent in after it."),
        }

    def __init__(self, *args, call, **kwargs):
        super().__init__(*args, **kwargs)
        self.call = call
        if self.instance.pk is None and not self.is_bound:
            self.initial.setdefault("order", (call.stages.count() or 0) + 1)
        # Empty keeps the current number (the default for a new stage).
        self.fields["reviewers_per_proposal"].required = False

    def clean_reviewers_per_proposal(self):
        value = self.cleaned_data.get("reviewers_per_proposal")
        return self.instance.reviewers_per_proposal if value is None else value

    def clean_order(self):
        order = self.cleaned_data["order"]
        others = Stage.objects.filter(call=self.call, order=order).exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError(_("Another stage already has this number."))
        return order


class SectionForm(forms.ModelForm):
    class Meta:
        model = Section
        fields = ["title", "intro"]
        labels = {"title": _("Title of the page")}
        widgets = {"intro": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"intro": _("Shown above the questions of this page.")}


class ConditionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.text} ({obj.key})"


class QuestionForm(forms.ModelForm):
    key = forms.SlugField(
        label=_("Key"),
        max_length=60,
        required=False,
        help_text=_(
            "Stays the same when the text changes; used in exports and reports. "
            "Leave empty to make one from the question."
        ),
    )
    choices_text = forms.CharField(
        label=_("Choices"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Only for one choice or several choices: one choice per line."),
    )

    field_order = [
        "section",
        "text",
        "key",
        "help_text",
        "kind",
        "choices_text",
        "required",
        "max_chars",
        "max_words",
        "condition_question",
        "condition_value",
    ]

    class Meta:
        model = Question
        fields = [
            "section",
            "text",
            "key",
            "help_text",
            "kind",
            "required",
            "max_chars",
            "max_words",
            "condition_question",
            "condition_value",
        ]
        field_classes = {"condition_question": ConditionChoiceField}
        labels = {"section": _("Page")}
        widgets = {"help_text": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "max_chars": _("Only for short and long text. Leave empty for no limit."),
            "max_words": _("Only for long text. Leave empty for no limit."),
            "condition_question": _(
                "Leave empty to always show this question. It can depend on an earlier yes/no "
                "or choice question of this stage."
            ),
            "condition_value": _(
                "For a yes/no question: yes or no. For a choice question: one of its choices, "
                "written the same way."
            ),
        }

    def __init__(self, *args, stage, **kwargs):
        super().__init__(*args, **kwargs)
        self.stage = stage
        self.fields["section"].queryset = stage.sections.order_by("order", "id")
        self.fields["section"].empty_label = None
        self.fields["condition_question"].queryset = (
            Question.objects.filter(section__stage=stage, kind__in=services.CONDITION_KINDS)
            .exclude(pk=self.instance.pk)
            .select_related("section")
            .order_by("section__order", "section__id", "order", "id")
        )
        if self.instance.pk:
            self.initial.setdefault("choices_text", "\n".join(self.instance.choices or []))

    def _position(self, question, section):
        """Where a question stands in the stage; a new or moved one goes at the end of its page."""
        if question.pk and question.section_id == section.pk:
            return (section.order, section.pk, question.order, question.pk)
        return (section.order, section.pk, float("inf"), float("inf"))

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        section = cleaned.get("section")

        choices = [
            line.strip() for line in cleaned.get("choices_text", "").splitlines() if line.strip()
        ]
        if kind in {Question.Kind.CHOICE, Question.Kind.MULTIPLE_CHOICE}:
            if len(choices) < 2:
                self.add_error("choices_text", _("Give at least two choices, one per line."))
            elif len(set(choices)) != len(choices):
                self.add_error("choices_text", _("A choice appears twice."))
        self.instance.choices = choices

        if not cleaned.get("key") and cleaned.get("text"):
            cleaned["key"] = self._free_key(slugify(cleaned["text"])[:50] or "vraag")
        key = cleaned.get("key")
        if key and self._key_taken(key):
            self.add_error("key", _("Another question of this call already has this key."))

        if self.instance.pk and services.has_answers(self.instance):
            message = _(
                "This question already has answers, so its %(field)s cannot change. "
                "Add a new question instead."
            )
            if kind and kind != self.instance.kind:
                self.add_error("kind", message % {"field": _("kind of answer")})
            if key and key != self.instance.key:
                self.add_error("key", message % {"field": _("key")})

        if (
            self.instance.pk
            and kind
            and kind not in services.CONDITION_KINDS
            and self.instance.dependents.exists()
        ):
            self.add_error(
                "kind",
                _("Other questions depend on this one, so it must stay yes/no or a choice."),
            )

        if self.instance.pk and kind in services.CONDITION_KINDS:
            changed = Question(kind=kind, choices=choices)
            for dependent in self.instance.dependents.all():
                if services.condition_value_problem(changed, dependent.condition_value):
                    self.add_error(
                        "choices_text" if kind != Question.Kind.YES_NO else "kind",
                        _(
                            "The question “%(text)s” is shown when this answer is “%(value)s”. "
                            "Keep that answer, or change that question first."
                        )
                        % {"text": dependent.text, "value": dependent.condition_value},
                    )

        condition = cleaned.get("condition_question")
        value = (cleaned.get("condition_value") or "").strip()
        cleaned["condition_value"] = value
        if condition is None:
            if value:
                self.add_error(
                    "condition_question", _("Choose the question this answer belongs to.")
                )
        elif section is not None:
            if self._position(condition, condition.section) >= self._position(
                self.instance, section
            ):
                self.add_error(
                    "condition_question",
                    _("Choose an earlier question: this question must come after it."),
                )
            if not value:
                self.add_error("condition_value", _("Give the answer that shows this question."))
            elif condition.kind == Question.Kind.YES_NO and value not in services.YES_NO_VALUES:
                self.add_error("condition_value", _("For a yes/no question, write yes or no."))
            elif condition.kind != Question.Kind.YES_NO and value not in condition.choices:
                self.add_error(
                    "condition_value",
                    _("Write one of the choices of that question: %(choices)s.")
                    % {"choices": ", ".join(condition.choices)},
                )
        return cleaned

    def _key_taken(self, key):
        return (
            Question.objects.filter(section__stage__call=self.stage.call, key=key)
            .exclude(pk=self.instance.pk)
            .exists()
        )

    def _free_key(self, base):
        key, number = base, 2
        while self._key_taken(key):
            key = f"{base}-{number}"
            number += 1
        return key


class MilestoneForm(forms.ModelForm):
    class Meta:
        model = Milestone
        fields = ["name", "kind", "at"]
        widgets = {"at": DateTimeLocalInput()}


class QuickCheckForm(forms.ModelForm):
    fitting_answer = forms.TypedChoiceField(
        label=_("Answer that fits the call"),
        choices=[("True", _("Yes")), ("False", _("No"))],
        coerce=lambda value: value == "True",
        widget=forms.RadioSelect,
    )

    class Meta:
        model = QuickCheckQuestion
        fields = ["text", "fitting_answer", "explanation"]


class EligibilityForm(forms.Form):
    """One number per kind of organisation: how many must take part (0: none needed)."""

    def __init__(self, *args, call, **kwargs):
        super().__init__(*args, **kwargs)
        current = {
            rule.organisation_kind: rule.minimum
            for rule in EligibilityRule.objects.filter(call=call)
        }
        for kind, label in Organisation.Kind.choices:
            self.fields[kind] = forms.IntegerField(
                label=label,
                min_value=0,
                max_value=20,
                initial=current.get(kind, 0),
            )

    def minimums(self):
        return {kind: self.cleaned_data[kind] for kind, _label in Organisation.Kind.choices}


class DuplicateCallForm(forms.Form):
    new_title = forms.CharField(label=_("Title of the new call"), max_length=200)
    new_slug = forms.SlugField(
        label=_("Short name in links"),
        max_length=50,
        help_text=_("Only small letters, digits and hyphens, for example buurtkracht-2027."),
    )

    def clean_new_slug(self):
        slug = self.cleaned_data["new_slug"]
        if Call.objects.filter(slug=slug).exists():
            raise forms.ValidationError(_("A call with this short name already exists."))
        return slug


class ImportCallForm(forms.Form):
    file = forms.FileField(
        label=_("Call definition (JSON file)"),
        help_text=_("A file made by “Export” or by python manage.py export_call."),
    )
    new_slug = forms.SlugField(
        label=_("New short name in links"),
        max_length=50,
        required=False,
        help_text=_("Needed when a call with the same short name already exists."),
    )
