from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from portal.models import Role
from proposals.models import DecisionTemplate, Proposal


def reviewer_choices():
    return get_user_model().objects.filter(groups__name=Role.REVIEWER, is_active=True)


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Internal note"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only the fund sees this."),
    )


class MessageForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=200)
    text = forms.CharField(
        label=_("Message"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("The applicants get this by email and see it in the portal."),
    )


class AssignReviewerForm(forms.Form):
    reviewer = forms.ModelChoiceField(label=_("Reviewer"), queryset=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = reviewer_choices()


class AssignProposalsForm(forms.Form):
    """Proposals to one reviewer."""

    reviewer = forms.ModelChoiceField(label=_("Reviewer"), queryset=None)
    proposals = forms.ModelMultipleChoiceField(
        label=_("Proposals"), queryset=Proposal.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip

    def __init__(self, *args, proposals, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = reviewer_choices()
        self.fields["proposals"].queryset = proposals


class AutoAssignForm(forms.Form):
    per_proposal = forms.IntegerField(label=_("Reviewers per proposal"), min_value=1, max_value=10)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), required=False,
        choices=[("", _("No decision yet")), *Proposal.Decision.choices],
    )  # fmt: skip
    reason = forms.CharField(
        label=_("Reason (on record)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    note = forms.CharField(
        label=_("Personal note in the mail"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class BulkDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision for the chosen proposals"), choices=Proposal.Decision.choices
    )


class ThresholdForm(forms.Form):
    threshold = forms.DecimalField(
        label=_("Score threshold"), min_value=1, max_value=5, decimal_places=2, localize=True
    )
    at_or_above = forms.ChoiceField(
        label=_("At or above the threshold"),
        choices=[("", "—"), *Proposal.Decision.choices],
        required=False,
    )
    below = forms.ChoiceField(
        label=_("Below the threshold"),
        choices=[("", "—"), *Proposal.Decision.choices],
        required=False,
    )


class DraftMailForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=300)
    body_text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 12}))


class DecisionTemplateForm(forms.ModelForm):
    class Meta:
        model = DecisionTemplate
        fields = ["subject", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 10})}
