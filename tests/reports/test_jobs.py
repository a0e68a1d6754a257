"""Large reports are made by the real worker; small ones at once. Every report renders to PNG."""

import shutil
import subprocess

import pytest
from django.urls import reverse

from portal.files import files_of
from portal.models import OutboxMessage, ReportJob
from tests.factories import StaffFactory
from tests.helpers import ALLOWED, DENIED, check_permission_matrix

from .conftest import add_registrations


@pytest.mark.django_db(transaction=True)
def test_a_large_report_is_made_by_the_worker_and_only_its_maker_downloads_it(
    client, call, settings, celery_worker
):
    settings.REPORT_JOB_THRESHOLD = 5
    add_registrations(call, 6)
    staff, other_staff = StaffFactory(), StaffFactory()
    client.force_login(staff)
    response = client.get(reverse("make_report", args=["registrations", call.slug]))
    job = ReportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "report_job", args=[job.pk]
    )
    for _attempt in range(60):  # the worker thread makes it; wait at most a minute
        job.refresh_from_db()
        if job.state in (ReportJob.State.DONE, ReportJob.State.FAILED):
            break
        import time

        time.sleep(1)
    assert job.state == ReportJob.State.DONE, job.error
    stored = files_of(job, purpose="report").get()
    assert stored.content_type == "application/pdf"
    page = client.get(reverse("report_job", args=[job.pk])).content.decode()
    assert reverse("download_file", args=[stored.pk]) in page
    mail = OutboxMessage.objects.get(kind="portal/mail/report_ready")
    assert mail.recipient == staff and reverse("report_job", args=[job.pk]) in mail.body_text
    matrix = {staff: ALLOWED, other_staff: DENIED, None: DENIED}
    assert check_permission_matrix(reverse("download_file", args=[stored.pk]), matrix) == []
    assert check_permission_matrix(reverse("report_job", args=[job.pk]), matrix) == []


@pytest.mark.django_db
def test_a_failed_job_says_why(call, settings):
    from portal import reports

    staff = StaffFactory()
    job = ReportJob.objects.create(
        kind="registrations", identifier="bestaat-niet", requested_by=staff
    )
    reports.run_job(job.pk)
    job.refresh_from_db()
    assert job.state == ReportJob.State.FAILED and job.error


@pytest.mark.django_db
def test_every_report_renders_to_png(call, coalition, member, tmp_path):
    """Each kind rendered once to PNG (pdftoppm) so a person can look at the pages."""
    from calls.models import Call
    from portal import reports

    # No skip: without pdftoppm nobody looks at the pages. .ci/run installs it.
    assert shutil.which("pdftoppm"), "install poppler-utils (apt-get install -y poppler-utils)"
    (proposal,) = add_registrations(call, 1)
    programme_call = Call.objects.create(
        programme=coalition.programme, title="Experimenten", slug="experimenten"
    )
    targets = {
        "registrations": call, "proposal": proposal, "selection": call,
        "portfolio": programme_call, "dossier": coalition, "learning": programme_call,
    }  # fmt: skip
    for kind, obj in targets.items():
        pdf = tmp_path / f"{kind}.pdf"
        pdf.write_bytes(reports.make_pdf(reports.get_report(kind), obj, None, language="nl"))
        subprocess.run(
            ["pdftoppm", "-r", "30", "-f", "1", "-l", "2", "-png", str(pdf), str(tmp_path / kind)],
            check=True,
        )
        images = sorted(tmp_path.glob(f"{kind}-*.png"))
        assert images, kind
        assert all(image.stat().st_size > 1000 for image in images), kind
