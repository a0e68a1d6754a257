"""Messages between a coalition and the fund, in the workspace."""

import pytest
from django.urls import reverse

from coalitions import services
from coalitions.models import Coalition, CoalitionMessage
from portal.models import OutboxMessage, User
from tests.factories import ReviewerFactory, StaffFactory, SupportFactory, UserFactory
from tests.helpers import ALLOWED, DENIED, assert_queries_do_not_grow, check_permission_matrix

pytestmark = pytest.mark.django_db

MAIL = "coalitions/mail/message"


def recipients():
    return set(OutboxMessage.objects.filter(kind=MAIL).values_list("to_email", flat=True))


def test_members_message_goes_to_the_support_team(coalition, member, support):
    StaffFactory()
    message = services.post_message(coalition=coalition, author=member, text="  Hoe gaat het?  ")
    assert message.text == "Hoe gaat het?" and not message.from_fund
    assert recipients() == {support.email}
    mail = OutboxMessage.objects.get(kind=MAIL)
    assert "Hoe gaat het?" in mail.body_text and coalition.name in mail.subject
    assert "/coalities/zuilen/werkruimte/#berichten" in mail.body_text


def test_members_message_goes_to_all_fund_staff_without_a_support_team(coalition, member):
    first, second = StaffFactory(), StaffFactory()
    services.post_message(coalition=coalition, author=member, text="Vraag over de betaling")
    assert recipients() == {first.email, second.email}


def test_fund_message_goes_to_all_members_but_not_the_author(coalition, member, staff):
    other = UserFactory()
    coalition.members.create(user=other)
    message = services.post_message(coalition=coalition, author=staff, text="De tweede termijn")
    assert message.from_fund
    assert recipients() == {member.email, other.email}


def test_support_teams_message_counts_as_from_the_fund(coalition, member, support):
    message = services.post_message(coalition=coalition, author=support, text="Tot de pitstop!")
    assert message.from_fund and recipients() == {member.email}


def test_empty_message_or_outsider_is_refused(coalition, member):
    with pytest.raises(services.CoalitionError, match="Schrijf eerst een bericht."):
        services.post_message(coalition=coalition, author=member, text="   ")
    with pytest.raises(services.CoalitionError):
        services.post_message(coalition=coalition, author=UserFactory(), text="Hallo")
    assert not CoalitionMessage.objects.exists()


def test_member_posts_from_the_workspace_and_sees_the_message(client, coalition, member):
    client.force_login(member)
    url = reverse("coalitions:messages", args=[coalition.slug])
    response = client.post(url, {"text": "Wij hebben een vraag.", "back": "workspace"})
    assert response["Location"] == "/coalities/zuilen/werkruimte/#berichten"
    html = client.get(response["Location"]).content.decode()
    assert "Berichten met het fonds" in html and "Wij hebben een vraag." in html
    assert "Je bericht is verstuurd." in html


def test_failed_post_keeps_the_text_and_says_why_in_dutch(client, coalition, member):
    client.force_login(member)
    url = reverse("coalitions:messages", args=[coalition.slug])
    html = client.post(url, {"text": "   ", "back": "workspace"}).content.decode()
    assert "Schrijf eerst een bericht." in html and "data-error-summary" in html
    long_text = "Een heel lang verhaal. " * 250
    html = client.post(url, {"text": long_text, "back": "workspace"}).content.decode()
    assert "Je bericht is te lang. Gebruik niet meer dan 5000 tekens." in html
    assert long_text.strip() in html  # nothing lost: the text is still in the field
    assert not CoalitionMessage.objects.exists()


def test_workspace_shows_the_30_newest_oldest_first_with_a_link_to_all(client, coalition, member):
    for number in range(1, 33):
        CoalitionMessage.objects.create(
            coalition=coalition, author=member, text=f"Bericht {number}."
        )
    client.force_login(member)
    html = client.get(reverse("coalitions:workspace", args=[coalition.slug])).content.decode()
    assert "Bericht 1." not in html and "Bericht 2." not in html
    assert html.index("Bericht 3.") < html.index("Bericht 32.")
    assert "Alle berichten tonen" in html
    everything = client.get(reverse("coalitions:messages", args=[coalition.slug]))
    assert "Bericht 1." in everything.content.decode()


def test_messages_page_is_for_members_assigned_support_and_staff(coalition, member, support):
    other = Coalition.objects.create(
        programme=coalition.programme, name="Ander", slug="ander", municipality="Ede"
    )
    other_member = UserFactory()
    other.members.create(user=other_member)
    matrix = {
        None: DENIED,
        UserFactory(): DENIED,
        other_member: DENIED,
        ReviewerFactory(): DENIED,
        SupportFactory(): DENIED,
        support: ALLOWED,
        member: ALLOWED,
        StaffFactory(): ALLOWED,
    }
    url = reverse("coalitions:messages", args=[coalition.slug])
    assert check_permission_matrix(url, matrix) == []
    data = {"text": "Mag ik hier schrijven?"}
    assert check_permission_matrix(url, matrix, method="post", data=data) == []
    assert CoalitionMessage.objects.count() == 3  # one from each person allowed


def _add_messages(coalition):
    """Messages by as many different authors (made without a password: quick)."""

    def add(count):
        start = User.objects.count()
        authors = User.objects.bulk_create(
            User(email=f"schrijver{start + n}@example.org", name=f"Schrijver {n}")
            for n in range(count)
        )
        CoalitionMessage.objects.bulk_create(
            CoalitionMessage(coalition=coalition, author=author, text="Bericht")
            for author in authors
        )

    return add


def test_workspace_queries_do_not_grow_with_messages(client, coalition, member):
    client.force_login(member)
    url = reverse("coalitions:workspace", args=[coalition.slug])
    assert_queries_do_not_grow(client, url, _add_messages(coalition), many=40)


def test_messages_page_queries_do_not_grow(client, coalition, member):
    client.force_login(member)
    url = reverse("coalitions:messages", args=[coalition.slug])
    assert_queries_do_not_grow(client, url, _add_messages(coalition), many=40)


def test_a_member_writes_at_most_the_cap_of_messages_and_keeps_the_text(
    client, settings, coalition, member
):
    settings.SENDING_CAPS = {"invitations": 3, "messages": 2}
    client.force_login(member)
    url = reverse("coalitions:messages", args=[coalition.slug])
    for number in range(2):
        client.post(url, {"text": f"Bericht {number}", "back": "all"})
    response = client.post(url, {"text": "Nog een lange vraag over de pitstop", "back": "all"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Je hebt het afgelopen uur 2 berichten geschreven" in html
    assert "Nog een lange vraag over de pitstop" in html  # the text is not lost
    assert CoalitionMessage.objects.filter(author=member).count() == 2
