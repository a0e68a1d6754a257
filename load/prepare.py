"""The load test's people: applicants with a draft in the open demo call, and fund staff with a
TOTP authenticator. Their logins go to a JSON file that the locustfile reads.

Idempotent: users, organisations and drafts are found by their e-mail address or name; the
password and the TOTP secrets are new on every run, so a file from an old run stops working.
"""

import json
import secrets
from pathlib import Path

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction

from calls.demo import CALL_2021_SLUG, CALL_OPEN_SLUG
from calls.models import Call
from portal.models import Membership, Organisation, Role, User
from proposals import services
from proposals.models import Proposal

DOMAIN = "laadtest.example.org"


def applicant_email(number: int) -> str:
    return f"aanvrager-{number}@{DOMAIN}"


def staff_email(number: int) -> str:
    return f"fonds-{number}@{DOMAIN}"


def _user(email: str, name: str, password_hash: str) -> User:
    user, _created = User.objects.get_or_create(email=email, defaults={"name": name})
    user.password = password_hash
    user.save(update_fields=["password"])
    EmailAddress.objects.get_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


def _applicant(number: int, call: Call, password_hash: str) -> dict:
    user = _user(applicant_email(number), f"Aanvrager {number} (laadtest)", password_hash)
    organisation = services.create_organisation(
        name=f"Bewonersinitiatief Laadtest {number}",
        kind=Organisation.Kind.RESIDENT_INITIATIVE,
        municipality="Apeldoorn",
        actor=user,
    )
    proposal = Proposal.objects.filter(call=call, people=user, state=Proposal.State.DRAFT).first()
    if proposal is None:
        proposal = services.start_proposal(
            call=call, title=f"Buurtkamer laadtest {number}", lead_organisation=organisation,
            actor=user,
        )  # fmt: skip
    section = proposal.stage.sections.order_by("order").first()
    return {
        "email": user.email,
        "proposal": proposal.pk,
        "title": proposal.title,
        "section": section.pk,
        "section_title": section.title,
    }


def _staff(number: int, staff_group: Group, fund: Organisation | None, password_hash: str) -> dict:
    user = _user(staff_email(number), f"Medewerker {number} (laadtest)", password_hash)
    user.groups.add(staff_group)
    if fund is not None:
        Membership.objects.get_or_create(user=user, organisation=fund)
    Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).delete()
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return {"email": user.email, "totp_secret": secret}


@transaction.atomic
def prepare_load_users(*, applicants: int, staff: int) -> dict:
    """Make (or refresh) the load test's users; returns what the locustfile needs.

    Needs the demo data (`seed_demo`): the open call for the applicants' drafts, and the 2021
    call, which has proposals in every state and reviews, for the staff pages.
    """
    open_call = Call.objects.get(slug=CALL_OPEN_SLUG)
    staff_call = Call.objects.get(slug=CALL_2021_SLUG)
    password = secrets.token_urlsafe(18)
    password_hash = make_password(password)  # hashed once: the hash is slow on purpose
    staff_group, _created = Group.objects.get_or_create(name=Role.STAFF)
    fund = Organisation.objects.filter(kind=Organisation.Kind.FUND).order_by("pk").first()
    first_stage = staff_call.stages.order_by("order").first()
    return {
        "password": password,
        "open_call": open_call.slug,
        "open_call_title": open_call.title,
        "staff_call": staff_call.slug,
        "compare_stage": first_stage.pk,
        "staff_proposals": list(
            staff_call.proposals.exclude(state=Proposal.State.DRAFT)
            .order_by("pk")
            .values("pk", "title", "reference")
        ),
        "applicants": [
            _applicant(number, open_call, password_hash) for number in range(1, applicants + 1)
        ],
        "staff": [
            _staff(number, staff_group, fund, password_hash) for number in range(1, staff + 1)
        ],
    }


def write_accounts(accounts: dict, path: Path) -> Path:
    """The logins, readable by this user only (they hold a password and TOTP secrets)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch(mode=0o600, exist_ok=True)
    path.chmod(0o600)
    path.write_text(json.dumps(accounts, indent=2) + "\n")
    return path
