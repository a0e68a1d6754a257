from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from coalitions.models import Coalition, CoalitionMember
from coalitions.queries import support_people
from portal.models import Organisation


class DocumentForm(forms.Form):
    file = forms.FileField(
        label=_("Add a document"),
        help_text=_("PDF, Word, Excel or an image. Only your coalition, its support team and "
                    "the fund can open it."),
    )  # fmt: skip


class MessageForm(forms.Form):
    text = forms.CharField(
        label=_("Your message"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": _("Write a message first."),
            "max_length": _("Your message is too long. Use at most %(limit_value)d characters."),
        },
    )  # fmt: skip
    # Where to go after posting: the workspace or the page with all messages.
    back = forms.ChoiceField(
        choices=[("workspace", "workspace"), ("all", "all")], initial="workspace",
        required=False, widget=forms.HiddenInput,
    )  # fmt: skip

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if not text:
            raise ValidationError(_("Write a message first."))
        return text


# --- Coalitions made by hand (staff) ----------------------------------------------------------
INVITE_FIELDS = {
    "invite_core": CoalitionMember.Role.CORE,
    "invite_contact": CoalitionMember.Role.CONTACT,
    "invite_member": CoalitionMember.Role.MEMBER,
}


def _email_lines(label, help_text):
    return forms.CharField(
        label=label, help_text=help_text, required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )  # fmt: skip


class CoalitionForm(forms.ModelForm):
    """The coalition's own fields; on create also the people to invite."""

    invite_core = _email_lines(
        _("Core group"), _("Email addresses, one per line. They get an invitation by email.")
    )
    invite_contact = _email_lines(_("Contact persons"), _("Email addresses, one per line."))
    invite_member = _email_lines(_("Other members"), _("Email addresses, one per line."))

    class Meta:
        model = Coalition
        fields = ["name", "slug", "programme", "municipality", "neighbourhoods", "description",
                  "story", "starts_on", "ends_on", "status", "grant_amount", "is_public",
                  "organisations", "support_team"]  # fmt: skip
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "story": forms.Textarea(attrs={"rows": 8}),
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "organisations": forms.SelectMultiple(attrs={"size": 8}),
            "support_team": forms.CheckboxSelectMultiple,
        }
        localized_fields = ["grant_amount"]
        help_texts = {
            "slug": _("Used in the address of the pages. Leave empty to make it from the name."),
            "story": _("Shown on the public page. You can use Markdown."),
            "organisations": _("Hold Ctrl (or Cmd on a Mac) to choose more than one."),
            "is_public": _("The public page shows the story, place and partners."),
        }

    def __init__(self, *args, with_invitations=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        self.fields["organisations"].queryset = Organisation.objects.order_by("name")
        self.fields["organisations"].required = False
        self.fields["support_team"].queryset = support_people().order_by("name")
        if not with_invitations:
            for name in INVITE_FIELDS:
                del self.fields[name]

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The end must be after the start."))
        seen = set()
        for name in INVITE_FIELDS:
            if name not in self.fields:
                continue
            emails = []
            for line in (data.get(name) or "").splitlines():
                email = line.strip().strip(",;").lower()
                if not email:
                    continue
                try:
                    validate_email(email)
                except ValidationError:
                    self.add_error(
                        name, _("“%(email)s” is not an email address.") % {"email": email}
                    )
                    continue
                if email in seen:
                    self.add_error(name, _("“%(email)s” is in the list twice.") % {"email": email})
                    continue
                seen.add(email)
                emails.append(email)
            data[name] = emails
        return data

    def coalition_fields(self) -> dict:
        """The cleaned values of the coalition's own fields (not the many-to-many ones)."""
        skip = {"organisations", "support_team", *INVITE_FIELDS}
        return {name: value for name, value in self.cleaned_data.items() if name not in skip}

    def invitations(self) -> list[tuple[str, str]]:
        return [
            (email, role)
            for name, role in INVITE_FIELDS.items()
            for email in self.cleaned_data.get(name, [])
        ]


class TrancheForm(forms.Form):
    planned_on = forms.DateField(
        label=_("Planned date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    amount = forms.DecimalField(
        label=_("Amount (euro)"), max_digits=12, decimal_places=2, min_value=0, localize=True
    )
    paid_on = forms.DateField(
        label=_("Paid on"), required=False, help_text=_("Empty when not paid yet."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )  # fmt: skip


TrancheFormSet = forms.formset_factory(
    TrancheForm, extra=2, can_delete=True, max_num=50, validate_max=True
)


def tranche_rows(formset) -> list[dict]:
    """The tranches a valid formset holds, without the empty and the removed ones."""
    return [
        {key: form.cleaned_data.get(key) for key in ("planned_on", "amount", "paid_on")}
        for form in formset.forms
        if form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]


# --- Learning groups (staff) ------------------------------------------------------------------
class GroupSizeForm(forms.Form):
    min_size = forms.IntegerField(label=_("Smallest group"), min_value=2, max_value=20, initial=4)
    max_size = forms.IntegerField(label=_("Largest group"), min_value=2, max_value=20, initial=6)

    def clean(self):
        data = super().clean()
        if data.get("min_size") and data.get("max_size") and data["max_size"] < data["min_size"]:
            self.add_error("max_size", _("The largest group cannot be smaller than the smallest."))
        return data

    def sizes(self) -> tuple[int, int]:
        if self.is_bound and self.is_valid():
            return self.cleaned_data["min_size"], self.cleaned_data["max_size"]
        return 4, 6


class LearningGroupForm(forms.Form):
    name = forms.CharField(label=_("Name of the group"), max_length=120)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ConfirmSuggestionForm(forms.Form):
    """A suggested group (its registrations as hidden fields), or an empty new group."""

    name = forms.CharField(label=_("Name of the group"), max_length=120)
    registrations = forms.ModelMultipleChoiceField(
        queryset=None, widget=forms.MultipleHiddenInput, required=False,
        error_messages={"invalid_choice": _("This suggestion is out of date. Look again.")},
    )  # fmt: skip

    def __init__(self, *args, registrations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["registrations"].queryset = registrations


class MoveForm(forms.Form):
    registration = forms.ModelChoiceField(queryset=None, widget=forms.HiddenInput)
    group = forms.ModelChoiceField(queryset=None, required=False, label=_("Move to"))

    def __init__(self, *args, registrations, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["registration"].queryset = registrations
        self.fields["group"].queryset = groups
