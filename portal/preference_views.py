"""A person's mail settings, and the one-click unsubscribe link in optional mail (RFC 8058)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from portal import mail, reminders


def _field_name(code):
    return "kind__" + code.replace(".", "__")


class MailSettingsForm(forms.Form):
    """One checkbox per optional kind of mail: ticked means "I want these"."""

    def __init__(self, *args, switched_off, **kwargs):
        super().__init__(*args, **kwargs)
        self.kinds = mail.optional_kinds()
        for kind in self.kinds:
            self.fields[_field_name(kind.code)] = forms.BooleanField(
                label=kind.label,
                help_text=kind.description,
                required=False,
                initial=kind.code not in switched_off,
            )

    def wanted(self) -> set[str]:
        return {kind.code for kind in self.kinds if self.cleaned_data[_field_name(kind.code)]}


ALWAYS_SENT = [
    gettext_lazy("Decisions about your proposal."),
    gettext_lazy("Emails about your account, such as a login code."),
    gettext_lazy("Messages that the fund or your coalition writes to you."),
]


@login_required
def mail_settings(request):
    switched_off = mail.kinds_switched_off(request.user.email)
    form = MailSettingsForm(request.POST or None, switched_off=switched_off)
    if request.method == "POST" and form.is_valid():
        mail.save_mail_settings(user=request.user, wanted=form.wanted())
        messages.success(request, _("Your email settings are saved."))
        return redirect("mail_settings")
    essential = [rule.title for rule in reminders.registered_rules() if rule.essential]
    return render(
        request,
        "portal/mail_settings.html",
        {"form": form, "essential": essential, "always_sent": ALWAYS_SENT},
    )


@csrf_exempt  # RFC 8058: mail programs POST "List-Unsubscribe=One-Click" without a session
@never_cache
def unsubscribe(request, token):
    """The link in optional mail. It works without logging in: the signed token names one address
    and one kind. A GET only asks; a POST (the button, or a mail program) switches the kind off.
    "Undo" switches it on again."""
    try:
        email, code = mail.read_unsubscribe_token(token)
    except signing.BadSignature as error:
        raise Http404 from error
    kind = mail.get_optional_kind(code)
    label = kind.label if kind else code
    if request.method == "POST":
        undo = request.POST.get("undo") == "1"
        mail.set_switched_off(email=email, kind=code, off=not undo, actor=request.user)
    switched_off = code in mail.kinds_switched_off(email)
    return render(
        request,
        "portal/unsubscribe.html",
        {
            "email": email,
            "label": label,
            "switched_off": switched_off,
            "done": request.method == "POST",
        },
    )
