"""Factories for people in every role and their organisations."""

import factory
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.models import Group

from portal.models import Membership, Organisation, Role, User

PASSWORD = "een-lang-wachtwoord-42"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"persoon{n}@example.org")
    name = factory.Faker("name", locale="nl_NL")
    language = "nl"
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified_email(self, create, extracted, **kwargs):
        if create and extracted is not False:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)
        if create:
            self.save()

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        for role in extracted or ():
            self.groups.add(Group.objects.get_or_create(name=role)[0])


def with_totp(user) -> str:
    """Give a user a TOTP authenticator; returns the secret to compute codes with."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def _in_group(role):
    def add(user, create, extracted, **kwargs):
        user.groups.add(Group.objects.get_or_create(name=role)[0])

    return factory.PostGeneration(add)


# Staff must use two-factor; their factories come with a TOTP authenticator (user.totp_secret).
_totp = factory.PostGeneration(
    lambda user, create, extracted, **kwargs: setattr(user, "totp_secret", with_totp(user))
)


class StaffFactory(UserFactory):
    roles = _in_group(Role.STAFF)
    totp = _totp


class ReviewerFactory(UserFactory):
    roles = _in_group(Role.REVIEWER)


class SupportFactory(UserFactory):
    roles = _in_group(Role.SUPPORT)


class AdminFactory(UserFactory):
    is_superuser = True
    is_staff = True
    totp = _totp


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Bewonersinitiatief De Buurt {n}")
    kind = Organisation.Kind.RESIDENT_INITIATIVE
    municipality = "Apeldoorn"


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Membership.Role.MEMBER
