"""Demo data: users for every role and the organisations of the five coalitions.

`python manage.py seed_demo` runs every registered loader in order; each loader is idempotent
(get_or_create on natural keys), so a second run adds nothing twice. Apps add their own demo data
with `register_demo_loader` in their AppConfig.ready().
"""

from collections.abc import Callable
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.db import transaction

from portal.models import Membership, Organisation, Role, User

DEMO_PASSWORD = "samenspel-demo"


@dataclass(frozen=True)
class DemoUser:
    email: str
    name: str
    role_label: str
    roles: tuple = ()
    superuser: bool = False
    organisations: tuple = ()  # (organisation name, municipality, membership role)
    password: str = DEMO_PASSWORD


Kind = Organisation.Kind

# The five coalitions of ../shared/domain/nieuwsbrief-vijf-coalities.txt, and the fund.
DEMO_ORGANISATIONS = [
    ("VSBfonds", Kind.FUND, "Utrecht", "https://www.vsbfonds.nl"),
    ("Reisgenoten Zuid Doet Samen", Kind.RESIDENT_INITIATIVE, "Apeldoorn", ""),
    ("Stimenz", Kind.WELFARE, "Apeldoorn", ""),
    (
        "Bewonersorganisaties In de Riet, Norbertuswijk en Mussenbuurt",
        Kind.RESIDENT_INITIATIVE,
        "Horst aan de Maas",
        "",
    ),
    ("Synthese", Kind.WELFARE, "Horst aan de Maas", ""),
    ("Kracht van Zuilen", Kind.RESIDENT_INITIATIVE, "Utrecht", ""),
    ("Dock", Kind.WELFARE, "Utrecht", ""),
    ("Stichting Mens en Welzijn Voorst", Kind.WELFARE, "Voorst", ""),
    ("Stichting Duistervoorde", Kind.RESIDENT_INITIATIVE, "Voorst", ""),
    ("Woonzorgcoöperatie Voorst en omstreken (De Benring)", Kind.RESIDENT_INITIATIVE, "Voorst", ""),
    ("Buurtbedrijf NuDeToekomst", Kind.RESIDENT_INITIATIVE, "Wageningen", ""),
    ("Solidez", Kind.WELFARE, "Wageningen", ""),
]

DEMO_USERS = [
    DemoUser("beheer@samenspel.demo", "Anna Beheer", "Admin", superuser=True),
    DemoUser(
        "programma@samenspel.demo",
        "Paula de Vries",
        "Fund staff (programme manager)",
        roles=(Role.STAFF,),
        organisations=(("VSBfonds", "Utrecht", "member"),),
    ),
    DemoUser("beoordelaar@samenspel.demo", "Karim El Amrani", "Reviewer", roles=(Role.REVIEWER,)),
    DemoUser("ondersteuning@samenspel.demo", "Mirjam Bos", "Support team", roles=(Role.SUPPORT,)),
    DemoUser(
        "beoordelaar2@samenspel.demo", "Joost van Dijk", "Reviewer (second)", roles=(Role.REVIEWER,)
    ),
    DemoUser("schrijfhulp@samenspel.demo", "Lotte Kramer", "Writing helper", roles=(Role.HELPER,)),
    DemoUser(
        "bewoner@samenspel.demo",
        "Henk Jansen",
        "Applicant (resident initiative)",
        organisations=(("Reisgenoten Zuid Doet Samen", "Apeldoorn", "manager"),),
    ),
    DemoUser(
        "welzijn@samenspel.demo",
        "Sanne Willems",
        "Applicant (welfare organisation)",
        organisations=(("Stimenz", "Apeldoorn", "manager"),),
    ),
    DemoUser(
        "coalitie@samenspel.demo",
        "Fatima Ouali",
        "Coalition member (Utrecht)",
        organisations=(("Kracht van Zuilen", "Utrecht", "member"),),
    ),
]


_loaders: list[tuple[int, str, Callable]] = []


def register_demo_loader(*, order: int, name: str, load: Callable) -> None:
    if all(existing != name for _, existing, _ in _loaders):
        _loaders.append((order, name, load))
        _loaders.sort(key=lambda loader: loader[0])


def load_core(stdout=None):
    for group in Role:
        Group.objects.get_or_create(name=group.value)
    for name, kind, municipality, website in DEMO_ORGANISATIONS:
        Organisation.objects.get_or_create(
            name=name, municipality=municipality, defaults={"kind": kind, "website": website}
        )
    for demo in DEMO_USERS:
        user, created = User.objects.get_or_create(
            email=demo.email,
            defaults={
                "name": demo.name,
                "is_superuser": demo.superuser,
                "is_staff": demo.superuser,
            },
        )
        if created:
            user.set_password(demo.password)
            user.save(update_fields=["password"])
        EmailAddress.objects.get_or_create(
            user=user, email=demo.email, defaults={"verified": True, "primary": True}
        )
        for role in demo.roles:
            user.groups.add(Group.objects.get(name=role))
        for org_name, municipality, membership_role in demo.organisations:
            organisation = Organisation.objects.get(name=org_name, municipality=municipality)
            Membership.objects.get_or_create(
                user=user, organisation=organisation, defaults={"role": membership_role}
            )


register_demo_loader(order=0, name="portal", load=load_core)


def seed(stdout=None):
    with transaction.atomic():
        for _, name, load in _loaders:
            load(stdout=stdout)
            if stdout is not None:
                stdout.write(f"demo data: {name} ok")
