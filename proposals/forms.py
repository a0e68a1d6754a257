from django import forms
from django.utils.translation import gettext_lazy as _

from portal.models import Organisation
from proposals.models import BudgetLine


class StartProposalForm(forms.Form):
    title = forms.CharField(
        label=_("Title of your plan"), max_length=200,
        help_text=_("A short name. You can change it later."),
    )  # fmt: skip
    lead_organisation = forms.ModelChoiceField(
        label=_("Lead organisation"), queryset=Organisation.objects.none(), required=False,
        empty_label=_("A new organisation (fill in below)"),
        help_text=_("The lead organisation sends in the proposal and receives the money."),
    )  # fmt: skip
    new_name = forms.CharField(
        label=_("Name of the new organisation"), max_length=200, required=False
    )
    new_kind = forms.ChoiceField(
        label=_("Kind of organisation"),
        required=False,
        choices=[("", "---------"), *Organisation.Kind.choices],
    )
    new_municipality = forms.CharField(label=_("Municipality"), max_length=100, required=False)

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_organisation"].queryset = organisations

    def clean(self):
        data = super().clean()
        if not data.get("lead_organisation"):
            for name in ("new_name", "new_kind", "new_municipality"):
                if not data.get(name):
                    self.add_error(name, _("Fill this in for the new organisation."))
        return data


class OrganisationForm(forms.Form):
    name = forms.CharField(label=_("Name of the organisation"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind of organisation"), choices=Organisation.Kind.choices)
    municipality = forms.CharField(label=_("Municipality"), max_length=100)


class InviteForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address of the person you invite"),
        help_text=_("They get an email with a link. They can write along after they log in."),
    )


class BudgetLineForm(forms.ModelForm):
    class Meta:
        model = BudgetLine
        fields = ["category", "description", "amount"]
        localized_fields = ["amount"]


class BaseBudgetLineFormSet(forms.BaseFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        for field in form.fields.values():  # the editor saves all lines as one field
            field.widget.attrs["data-editor-field"] = "lines"


BudgetLineFormSet = forms.formset_factory(
    BudgetLineForm, formset=BaseBudgetLineFormSet, extra=2, can_delete=True, max_num=100,
    validate_max=True,
)  # fmt: skip


class BudgetTotalsForm(forms.Form):
    own_contribution = forms.DecimalField(
        label=_("Own contribution (euro)"), max_digits=12, decimal_places=2, min_value=0,
        localize=True, initial=0,
    )  # fmt: skip
    other_funders_amount = forms.DecimalField(
        label=_("From other funders (euro)"), max_digits=12, decimal_places=2, min_value=0,
        localize=True, initial=0,
    )  # fmt: skip
    other_funders = forms.CharField(label=_("Which other funders"), max_length=300, required=False)
