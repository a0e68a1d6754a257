"""My data: download everything the portal holds about me, or delete my account."""

import json

from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from portal import privacy


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=gettext_lazy("Your password"), widget=forms.PasswordInput, required=False,
        help_text=gettext_lazy("So no one else can delete your account."),
    )  # fmt: skip
    sure = forms.BooleanField(
        label=gettext_lazy("Yes, delete my account. I know this cannot be undone.")
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if not user.has_usable_password():
            del self.fields["password"]

    def clean_password(self):
        password = self.cleaned_data.get("password", "")
        if not self.user.check_password(password):
            raise forms.ValidationError(_("This password is not right."))
        return password


@login_required
def my_data(request):
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        user = request.user
        privacy.delete_account(user)
        logout(request)
        messages.success(request, _("Your account is deleted. Thank you for taking part."))
        return redirect("home")
    return render(request, "portal/my_data.html", {"form": form})


@login_required
@require_POST
def download_my_data(request):
    data = privacy.export_for(request.user)
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False), content_type="application/json"
    )
    response["Content-Disposition"] = 'attachment; filename="mijn-gegevens-samenspel.json"'
    response["Cache-Control"] = "private, no-store"
    return response
