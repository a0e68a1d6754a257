"""Forms of writing help: a helper's comment beside an answer, staff choosing a helper."""

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.models import Role


def writing_helpers():
    """People who may help: the writing helpers and the support team (portal.rules)."""
    return (
        get_user_model()
        .objects.filter(Q(groups__name=Role.HELPER) | Q(groups__name=Role.SUPPORT), is_active=True)
        .distinct()
        .order_by("name", "email")
    )


class HelpCommentForm(forms.Form):
    text = forms.CharField(
        label=_("Your comment"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write a comment first.")},
    )


class HelperChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.email})" if obj.name else obj.email


class AssignHelperForm(forms.Form):
    helper = HelperChoiceField(
        label=_("Helper"),
        queryset=get_user_model().objects.none(),
        empty_label=_("Choose a helper"),
        error_messages={"required": _("Choose a helper.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["helper"].queryset = writing_helpers()
