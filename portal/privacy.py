"""Personal data (AVG/GDPR): a person downloads their data and deletes their account.

Each app registers what it holds about a person (`register_personal_data`): `export(user)` returns
plain data for the download, `forget(user)` removes what is only theirs and leaves shared records
(a proposal the fund must keep, a reflection of a coalition) in place. The account itself is then
anonymised: the name becomes "Verwijderde gebruiker", the address an unusable one, no password,
inactive. Shared records keep pointing at that anonymous account, so they read "Verwijderde
gebruiker" from then on.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone


@dataclass(frozen=True)
class PersonalData:
    name: str
    export: Callable  # export(user) -> JSON-able data
    forget: Callable = lambda user: None


_sources: dict[str, PersonalData] = {}


def register_personal_data(name: str, *, export: Callable, forget: Callable | None = None):
    _sources[name] = PersonalData(name, export, forget or (lambda user: None))


def export_for(user) -> dict:
    from portal.models import ActivityEntry, Membership, OutboxMessage

    data = {
        "account": {
            "name": user.name, "email": user.email, "language": user.language,
            "joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
        },
        "organisations": [
            {"organisation": str(m.organisation), "role": m.role}
            for m in Membership.objects.filter(user=user).select_related("organisation")
        ],
        "mails": [
            {"subject": m.subject, "state": m.state, "created_at": m.created_at.isoformat()}
            for m in OutboxMessage.objects.filter(recipient=user).order_by("created_at")
        ],
        "activity": [
            {"verb": a.verb, "message": a.message, "at": a.created_at.isoformat()}
            for a in ActivityEntry.objects.filter(actor=user).order_by("created_at")
        ],
    }  # fmt: skip
    for source in _sources.values():
        data[source.name] = source.export(user)
    data["made_at"] = timezone.now().isoformat()
    return data


@transaction.atomic
def delete_account(user) -> None:
    """Forget a person: every app removes what is only theirs, then the account is anonymised."""
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator

    from portal.activity import log_activity
    from portal.models import Membership, OutboxMessage

    for source in _sources.values():
        source.forget(user)
    Membership.objects.filter(user=user).delete()
    OutboxMessage.objects.filter(recipient=user).update(
        to_email="", body_text="", body_html="", attachments=[]
    )
    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    user.name = "Verwijderde gebruiker"
    user.email = f"verwijderd-{user.pk}@invalid.invalid"
    user.set_unusable_password()
    user.is_active = False
    user.save()
    user.groups.clear()
    log_activity(actor=None, verb="account.deleted", target=user, message=f"#{user.pk}")
