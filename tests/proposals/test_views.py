import io
import json
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from portal.files import store_private_file
from proposals import services
from proposals.models import Answer
from tests.factories import MembershipFactory, ReviewerFactory, StaffFactory, UserFactory
from tests.helpers import ALLOWED, DENIED, assert_queries_do_not_grow, check_permission_matrix

from .conftest import fill_everything

pytestmark = pytest.mark.django_db

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _section(proposal, order):
    return proposal.stage.sections.get(order=order)


def test_only_its_people_and_staff_open_a_proposal_its_files_and_pdf(draft, applicant):
    stored = store_private_file(
        upload=SimpleUploadedFile("plan.pdf", PDF_BYTES),
        target=draft,
        uploaded_by=applicant,
        purpose="question:bijlage",
    )
    colleague = MembershipFactory(organisation=draft.lead_organisation).user
    urls = [
        reverse("proposals:detail", args=[draft.pk]),
        reverse("proposals:pdf", args=[draft.pk]),
        reverse("download_file", args=[stored.pk]),
    ]
    matrix = {
        None: DENIED,
        UserFactory(): DENIED,
        MembershipFactory().user: DENIED,  # applicant of another organisation
        ReviewerFactory(): DENIED,
        applicant: ALLOWED,
        colleague: ALLOWED,  # member of the lead organisation
        StaffFactory(): ALLOWED,
    }
    problems = [p for url in urls for p in check_permission_matrix(url, matrix)]
    assert problems == []


def test_editing_pages_are_for_its_people_only(draft, applicant):
    urls = [
        reverse("proposals:section", args=[draft.pk, _section(draft, 1).pk]),
        reverse("proposals:organisations", args=[draft.pk]),
        reverse("proposals:submit", args=[draft.pk]),
    ]
    matrix = {
        None: DENIED,
        UserFactory(): DENIED,
        MembershipFactory().user: DENIED,
        applicant: ALLOWED,
    }
    assert [p for url in urls for p in check_permission_matrix(url, matrix)] == []


def _editor_post(client, url, editor, revisions, **answers):
    data = {
        "_editor": editor,
        "_revisions": json.dumps(revisions),
        "_fields": json.dumps(list(answers)),
    }
    data.update(answers)
    return client.post(url, data, HTTP_X_SAMENSPEL_EDITOR="1").json()


def test_autosave_saves_and_a_second_tab_gets_a_conflict_that_keeps_both_texts(
    client, draft, applicant
):
    client.force_login(applicant)
    url = reverse("proposals:autosave", args=[draft.pk, _section(draft, 1).pk])
    first = _editor_post(
        client, url, "tab-a", {"q_samenvatting": 0}, q_samenvatting="Eerste versie"
    )
    assert first["status"] == "saved" and first["message"].startswith("Opgeslagen om")
    assert first["revisions"] == {"q_samenvatting": 1}
    # The same tab goes on from the revision it got back: never a conflict with itself.
    again = _editor_post(client, url, "tab-a", {"q_samenvatting": 1}, q_samenvatting="Tweede zin")
    assert again["status"] == "saved" and again["revisions"] == {"q_samenvatting": 2}
    # Its own save whose answer was lost (it still holds revision 1): not a conflict either.
    lost = _editor_post(client, url, "tab-a", {"q_samenvatting": 1}, q_samenvatting="Derde zin")
    assert lost["status"] == "saved"
    # A second tab that opened the page before: a conflict, with the stored text and who.
    stale = _editor_post(client, url, "tab-b", {"q_samenvatting": 0}, q_samenvatting="Andere tekst")
    assert stale["status"] == "conflict"
    conflict = stale["conflicts"]["q_samenvatting"]
    assert conflict["display"] == "Derde zin" and conflict["by_you"] is True
    assert conflict["revision"] == 3
    # The conflict reply does not hand over the newer revision: the next save still conflicts.
    assert stale["revisions"]["q_samenvatting"] == 0
    assert Answer.objects.get(question_key="samenvatting").value == "Derde zin"
    # Only after choosing "keep mine" (saving from revision 3) does tab B's text win.
    kept = _editor_post(client, url, "tab-b", {"q_samenvatting": 3}, q_samenvatting="Andere tekst")
    assert kept["status"] == "saved"
    assert Answer.objects.get(question_key="samenvatting").value == "Andere tekst"


def test_a_draft_survives_a_failed_save(client, draft, applicant):
    client.force_login(applicant)
    url = reverse("proposals:section", args=[draft.pk, _section(draft, 1).pk])
    too_long = " ".join(["woord"] * 60)  # the limit is 50 words
    response = client.post(
        url,
        {
            "q_samenvatting": too_long,
            "q_hulp-gewenst": "yes",
            "q_hulp-wat": "Iemand die kan schrijven",
            "save": "1",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Gebruik hoogstens 50 woorden" in html
    assert too_long in html  # the typed text is still in the form
    saved = dict(Answer.objects.filter(proposal=draft).values_list("question_key", "value"))
    assert saved == {"hulp-gewenst": "yes", "hulp-wat": "Iemand die kan schrijven"}


def test_wrong_file_type_is_refused_with_a_dutch_message(client, draft, applicant):
    client.force_login(applicant)
    url = reverse("proposals:section", args=[draft.pk, _section(draft, 1).pk])
    fake = SimpleUploadedFile("begroting.pdf", b"<html>niet echt</html>")
    html = client.post(url, {"q_bijlage": fake, "save": "1"}).content.decode()
    assert "Dit soort bestand mag niet" in html
    assert not draft.answers.exists()


def test_submit_page_lists_every_problem_with_a_link(client, draft, applicant):
    client.force_login(applicant)
    html = client.get(reverse("proposals:submit", args=[draft.pk])).content.decode()
    first = _section(draft, 1)
    assert f"/aanvragen/{draft.pk}/deel/{first.pk}/#id_q_samenvatting" in html
    assert "Welzijnsorganisatie" in html
    assert "Indienen</button>" not in html


def test_late_submission_is_refused_with_the_deadline_shown(client, draft, applicant):
    fill_everything(draft, applicant)
    deadline = timezone.now() - timedelta(seconds=1)
    draft.stage.deadline = deadline
    draft.stage.save()
    client.force_login(applicant)
    response = client.post(reverse("proposals:submit", args=[draft.pk]), follow=True)
    html = response.content.decode()
    assert "De deadline is voorbij" in html
    assert timezone.localtime(deadline).strftime("%H:%M") in html
    draft.refresh_from_db()
    assert draft.state == "draft"


def test_submit_by_form_then_pdf_holds_the_answers(client, draft, applicant):
    fill_everything(draft, applicant)
    client.force_login(applicant)
    response = client.post(reverse("proposals:submit", args=[draft.pk]))
    assert response.status_code == 302
    draft.refresh_from_db()
    pdf = client.get(reverse("proposals:pdf", args=[draft.pk]))
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert draft.reference in text
    assert "Samen een burennetwerk opzetten." in text
    assert "Wat willen jullie doen?" in text


def test_my_proposals_query_count_does_not_grow(client, open_call, applicant):
    organisation = applicant.organisations.get()
    client.force_login(applicant)

    def add(count):
        for n in range(count):
            services.start_proposal(
                call=open_call, title=f"Plan {n}", lead_organisation=organisation, actor=applicant
            )

    assert_queries_do_not_grow(client, reverse("proposals:mine"), add)


def test_staff_invite_to_full_plan_from_the_proposal_page(client, draft, applicant):
    fill_everything(draft, applicant)
    services.submit(proposal=draft, actor=applicant)
    client.force_login(applicant)
    url = reverse("proposals:invite_full_plan", args=[draft.pk])
    assert client.post(url).status_code == 403  # applicants may see it, not decide on it
    client.force_login(StaffFactory())
    assert client.post(url).status_code == 302
    draft.refresh_from_db()
    assert draft.state == "invited"


def test_my_proposals_shows_state_deadline_and_message_count(client, draft, applicant):
    from portal import mail

    mail.store(
        recipient=applicant,
        to_email=applicant.email,
        subject="Over je voorstel",
        body_text="Hoi",
        related=draft,
    )
    client.force_login(applicant)
    html = client.get(reverse("proposals:mine")).content.decode()
    assert "Burenhulp De Heeze" in html and "Concept" in html
    assert "1 bericht" in html


def test_new_person_accepts_an_invitation_after_signing_up(client, draft, applicant):
    import re

    from portal.models import OutboxMessage

    invitation = services.invite_co_applicant(
        proposal=draft, email="sanne@example.org", actor=applicant
    )
    link = reverse("proposals:accept_invitation", args=[invitation.token])
    login = client.get(link)
    assert login.status_code == 302 and "next=" in login["Location"]
    signup = client.post(
        f"{reverse('account_signup')}?next={link}",
        {
            "name": "Sanne Willems",
            "email": "sanne@example.org",
            "password1": "een-lang-wachtwoord-42",
            "password2": "een-lang-wachtwoord-42",
            "next": link,
        },
    )
    assert signup.status_code == 302
    body = OutboxMessage.objects.filter(to_email="sanne@example.org").latest("created_at")
    code = re.search(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$", body.body_text, re.M).group(1)
    verified = client.post(reverse("account_email_verification_sent"), {"code": code})
    assert verified["Location"] == link
    client.post(link)
    assert draft.people.filter(email="sanne@example.org").exists()
