import pytest
from django.urls import reverse

from coalitions import services
from coalitions.models import Coalition, CoalitionInvitation
from portal.models import OutboxMessage
from proposals import review_services
from proposals import services as proposal_services
from proposals.models import Proposal
from tests.factories import (
    ReviewerFactory,
    StaffFactory,
    SupportFactory,
    UserFactory,
)
from tests.helpers import ALLOWED, DENIED, assert_queries_do_not_grow, check_permission_matrix
from tests.proposals.conftest import build_call, fill_everything

pytestmark = pytest.mark.django_db


def selected_proposal(applicant, slug="proeftuin"):
    call = build_call(slug=slug)
    proposal = proposal_services.start_proposal(
        call=call,
        title="Burenhulp De Heeze",
        actor=applicant,
        lead_organisation=applicant.organisations.get(),
    )
    fill_everything(proposal, applicant)
    proposal_services.submit(proposal=proposal, actor=applicant)
    staff = StaffFactory()
    review_services.set_pending_decision(
        proposals=Proposal.objects.filter(pk=proposal.pk), decision="invite", actor=staff
    )
    review_services.apply_decisions(call=call, actor=staff)
    proposal.refresh_from_db()
    fill_everything(proposal, applicant)
    proposal_services.save_budget(
        proposal=proposal,
        lines=[{"category": "activities", "description": "Buurtfeest", "amount": 30000}],
        own_contribution=0,
        other_funders_amount=0,
        other_funders="",
        actor=applicant,
    )
    proposal_services.submit(proposal=proposal, actor=applicant)
    review_services.set_pending_decision(
        proposals=Proposal.objects.filter(pk=proposal.pk), decision="select", actor=staff
    )
    review_services.apply_decisions(call=call, actor=staff)
    proposal.refresh_from_db()
    return proposal


def test_start_experiment_makes_a_coalition_and_invites_the_applicants(applicant):
    proposal = selected_proposal(applicant)
    coalition = services.start_experiment(proposal=proposal, actor=StaffFactory())
    assert set(coalition.organisations.all()) == {
        proposal.lead_organisation,
        *proposal.partners.all(),
    }
    assert coalition.grant_amount == 30000 and coalition.proposal == proposal
    invitation = CoalitionInvitation.objects.get(coalition=coalition)
    assert invitation.email == applicant.email
    assert OutboxMessage.objects.filter(
        kind="coalitions/mail/invitation", to_email=applicant.email
    ).exists()
    with pytest.raises(services.CoalitionError):
        services.start_experiment(proposal=proposal, actor=StaffFactory())


def test_only_a_selected_proposal_starts_an_experiment(draft):
    with pytest.raises(services.CoalitionError):
        services.start_experiment(proposal=draft, actor=StaffFactory())


def test_member_accepts_invitation_and_opens_the_workspace(client, applicant):
    coalition = services.start_experiment(
        proposal=selected_proposal(applicant), actor=StaffFactory()
    )
    invitation = coalition.invitations.get()
    client.force_login(applicant)
    client.post(reverse("coalitions:accept_invitation", args=[invitation.token]))
    assert coalition.members.filter(user=applicant, role="core").exists()
    html = client.get(reverse("coalitions:workspace", args=[coalition.slug])).content.decode()
    assert "Buurtfeest" in html  # the plan and budget come along


def test_workspace_is_for_its_members_assigned_support_and_staff(applicant):
    coalition = services.start_experiment(
        proposal=selected_proposal(applicant), actor=StaffFactory()
    )
    services.accept_invitation(invitation=coalition.invitations.get(), user=applicant)
    other_member = UserFactory()
    other = Coalition.objects.create(
        programme=coalition.programme, name="Ander", slug="ander", municipality="Utrecht"
    )
    other.members.create(user=other_member)
    assigned, not_assigned = SupportFactory(), SupportFactory()
    coalition.support_team.add(assigned)
    matrix = {
        None: DENIED,
        UserFactory(): DENIED,
        other_member: DENIED,
        ReviewerFactory(): DENIED,
        not_assigned: DENIED,
        assigned: ALLOWED,
        applicant: ALLOWED,
        StaffFactory(): ALLOWED,
    }
    url = reverse("coalitions:workspace", args=[coalition.slug])
    assert check_permission_matrix(url, matrix) == []


def test_public_pages_show_only_published_coalitions(client, applicant):
    coalition = services.start_experiment(
        proposal=selected_proposal(applicant), actor=StaffFactory()
    )
    assert client.get(reverse("coalitions:public_detail", args=[coalition.slug])).status_code == 404
    coalition.is_public = True
    coalition.story = "Samen optrekken in **De Heeze**."
    coalition.save()
    html = client.get(reverse("coalitions:public_detail", args=[coalition.slug])).content.decode()
    assert "<strong>De Heeze</strong>" in html
    assert coalition.name in client.get(reverse("coalitions:public_list")).content.decode()


def test_public_list_queries_do_not_grow(client, applicant):
    from calls.models import Programme
    from tests.factories import OrganisationFactory

    programme = Programme.objects.create(name="P", slug="p")

    def add(count):
        start = Coalition.objects.count()
        for n in range(start, start + count):
            coalition = Coalition.objects.create(
                programme=programme,
                name=f"C {n}",
                slug=f"c-{n}",
                municipality="Ede",
                is_public=True,
            )
            coalition.organisations.add(OrganisationFactory())

    assert_queries_do_not_grow(client, reverse("coalitions:public_list"), add)


def test_demo_has_the_five_public_coalitions():
    from django.core.management import call_command

    call_command("seed_demo")
    call_command("seed_demo")
    places = set(Coalition.objects.filter(is_public=True).values_list("municipality", flat=True))
    assert places == {"Apeldoorn", "Horst aan de Maas", "Utrecht", "Voorst", "Wageningen"}
    assert Coalition.objects.count() == 5


def test_my_coalitions_lists_the_coalitions_a_support_person_is_assigned_to(
    client, coalition, support
):
    other = Coalition.objects.create(
        programme=coalition.programme, name="Ander", slug="ander", municipality="Ede"
    )
    client.force_login(support)
    html = client.get(reverse("coalitions:mine")).content.decode()
    assert reverse("coalitions:workspace", args=[coalition.slug]) in html
    assert reverse("coalitions:workspace", args=[other.slug]) not in html
    assert "Je zit nog niet in een coalitie" not in html


def test_my_coalitions_lists_a_coalition_once_for_a_member_who_is_also_support(
    client, coalition, member
):
    coalition.support_team.add(member)
    client.force_login(member)
    html = client.get(reverse("coalitions:mine")).content.decode()
    assert html.count(reverse("coalitions:workspace", args=[coalition.slug])) == 1


def test_workspace_header_shows_period_neighbourhoods_and_an_unpaid_past_tranche(
    client, coalition, member, staff
):
    import datetime

    from django.utils import timezone

    today = timezone.localdate()
    coalition.neighbourhoods = "Zuilen, Ondiep"
    coalition.starts_on, coalition.ends_on = datetime.date(2026, 3, 1), datetime.date(2028, 2, 29)
    coalition.save()
    coalition.tranches.create(planned_on=datetime.date(2026, 3, 15), amount=1000, paid_on=today)
    coalition.tranches.create(planned_on=datetime.date(2026, 9, 1), amount=2000)
    coalition.tranches.create(planned_on=today + datetime.timedelta(days=30), amount=3000)
    for person in (member, staff):
        client.force_login(person)
        html = client.get(reverse("coalitions:workspace", args=[coalition.slug])).content.decode()
        header = html[html.index("<h1") : html.index("Plan en begroting")]
        assert "Zuilen, Ondiep" in header
        assert "1 maart 2026 – 29 februari 2028" in header
        assert "Betaling van 1 september 2026 staat nog open." in header
        assert "15 maart 2026 staat nog open" not in header
        assert header.count("staat nog open") == 1


def test_staff_list_flags_a_coalition_with_an_unpaid_past_tranche(client, coalition, staff):
    import datetime

    coalition.tranches.create(planned_on=datetime.date(2026, 1, 5), amount=2000)
    client.force_login(staff)
    html = client.get(reverse("coalitions:staff_list")).content.decode()
    assert "Betaling van 5 januari 2026 staat nog open." in html
