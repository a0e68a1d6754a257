"""Forms of the reviewer's pages and the staff's criteria page."""

from decimal import Decimal

from django import forms
from django.core.validators import MinValueValidator
from django.utils.translation import gettext_lazy as _

from calls.models import ReviewCriterion
from portal.models import Organisation
from proposals.models import Review

SCALE = [(str(value), str(value)) for value in range(1, 6)]


class MarkedErrors:
    """Rendered by hand: a field points at its help text and, after a failed check, at its error
    message (and says it is invalid). Radio groups carry their help text in the legend."""

    def full_clean(self):
        super().full_clean()
        for name, field in self.fields.items():
            widget = field.widget
            described_by = []
            if name in self.errors:
                described_by.append(f"{self[name].auto_id}-error")
                widget.attrs["aria-invalid"] = "true"
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()
            if field.help_text and not isinstance(widget, forms.RadioSelect):
                described_by.append(f"{self[name].auto_id}-help")
            if described_by:
                widget.attrs["aria-describedby"] = " ".join(described_by)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if field.help_text and not isinstance(field.widget, forms.RadioSelect):
                field.widget.attrs["aria-describedby"] = f"{self[name].auto_id}-help"


def _radios():
    return forms.RadioSelect(attrs={"class": "form-check-input"})


def _textarea(rows):
    return forms.Textarea(attrs={"rows": rows, "class": "form-control"})


class ConflictForm(MarkedErrors, forms.Form):
    has_conflict = forms.ChoiceField(
        label=_("Do you have a conflict of interest with this proposal?"),
        choices=[("no", _("No")), ("yes", _("Yes"))],
        widget=_radios(),
        error_messages={"required": _("Choose yes or no.")},
    )
    reason = forms.CharField(
        label=_("What is the conflict?"),
        max_length=300,
        required=False,
        widget=_textarea(2),
        help_text=_("Only when you answer yes. The fund sees this."),
    )

    def clean(self):
        data = super().clean()
        if data.get("has_conflict") == "yes" and not data.get("reason", "").strip():
            self.add_error("reason", _("Say in a few words what the conflict is."))
        return data


class ReviewForm(MarkedErrors, forms.Form):
    """One 1–5 field per criterion, a recommendation and a comment.

    Saving accepts anything partial; submitting needs every score and a recommendation.
    """

    recommendation = forms.ChoiceField(
        label=_("Recommendation"),
        choices=Review.Recommendation.choices,
        widget=_radios(),
        required=False,
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        widget=_textarea(5),
        help_text=_("Why these scores? The fund and, later, other reviewers read this."),
    )

    def __init__(self, *args, criteria, submit=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        self.submit = submit
        for criterion in self.criteria:
            self.fields[self.field_name(criterion)] = forms.ChoiceField(
                label=criterion.name,
                help_text=criterion.description,
                choices=SCALE,
                widget=_radios(),
                required=False,
            )

    @staticmethod
    def field_name(criterion):
        return f"score_{criterion.pk}"

    def score_fields(self):
        return [(criterion, self[self.field_name(criterion)]) for criterion in self.criteria]

    def clean(self):
        data = super().clean()
        if self.submit:
            for criterion in self.criteria:
                if not data.get(self.field_name(criterion)):
                    self.add_error(self.field_name(criterion), _("Give a score from 1 to 5."))
            if not data.get("recommendation"):
                self.add_error("recommendation", _("Choose yes, maybe or no."))
        return data

    def scores(self) -> dict:
        """criterion id → 1..5, or None for an empty field (the service deletes that score)."""
        return {
            criterion.pk: int(value) if (value := self.cleaned_data.get(self.field_name(criterion)))
            else None
            for criterion in self.criteria
        }  # fmt: skip


class TieForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.none(),
        help_text=_("You will not be asked to review proposals of this organisation."),
    )

    def __init__(self, *args, exclude=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.exclude(
            pk__in=list(exclude)
        ).order_by("name")


class CriterionForm(forms.ModelForm):
    class Meta:
        model = ReviewCriterion
        fields = ["name", "description", "weight", "order"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}
        localized_fields = ["weight"]
        help_texts = {
            "weight": _("A criterion with weight 2 counts twice as much as one with weight 1."),
            "order": _("Lower numbers come first."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["weight"].validators.append(MinValueValidator(Decimal("0.01")))


CriterionFormSet = forms.modelformset_factory(
    ReviewCriterion, form=CriterionForm, extra=1, can_delete=True, max_num=30, validate_max=True
)
