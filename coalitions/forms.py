from django import forms
from django.utils.translation import gettext_lazy as _


class DocumentForm(forms.Form):
    file = forms.FileField(
        label=_("Add a document"),
        help_text=_("PDF, Word, Excel or an image. Only your coalition, its support team and "
                    "the fund can open it."),
    )  # fmt: skip
