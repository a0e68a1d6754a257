from django import forms
from django.utils.translation import gettext_lazy as _


class SignupForm(forms.Form):
    """Extra field on allauth's sign-up form: the name other people see."""

    name = forms.CharField(
        label=_("Your name"),
        max_length=150,
        help_text=_("First name and last name. Other applicants and the fund see this name."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )

    field_order = ["name", "email", "password1", "password2"]

    def signup(self, request, user):
        user.name = self.cleaned_data["name"]
        user.language = (request.LANGUAGE_CODE or "nl")[:2]
        user.save(update_fields=["name", "language"])
