"""PDF reports: one registry, one way to make them, small ones at once and large ones by the worker.

Each app registers its reports in its `reports.py` (imported from `AppConfig.ready()`):

    register_report(Report(kind="registrations", order=1, target="call", ...))

A report knows how to find its object from an identifier (a call's slug, a proposal's reference,
a coalition's or event's slug), who may make it, and how to build it for that person: `build`
returns the template and context for `portal.pdf.render_pdf`. It only puts in what the maker may
see; `maker=None` is the command line, which sees what fund staff see.

A report over `settings.REPORT_JOB_THRESHOLD` rows is made by the worker (`ReportJob`): the page
shows its progress, the maker gets a mail with the download link, the file is private to the maker.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from portal.pdf import render_pdf


@dataclass(frozen=True)
class Built:
    """What render_pdf needs for one report."""

    template: str
    context: dict
    title: str
    author: str = "Samenspel"
    subject: str = ""


@dataclass(frozen=True)
class Report:
    kind: str
    order: int
    label: str
    target: str  # "call", "proposal", "coalition" or "event": the command line's --option
    find: Callable  # find(identifier) -> object; raises ObjectDoesNotExist
    identify: Callable  # identify(object) -> identifier
    may_make: Callable  # may_make(user, object) -> bool
    build: Callable  # build(object, maker, options) -> Built
    examples: Callable = lambda: []  # identifiers of objects to make it for (for --list)
    size: Callable = lambda obj: 0  # rows; above the threshold the worker makes it
    options: tuple = field(default_factory=tuple)  # names of options build() understands
    option_choices: Callable = lambda obj: {}  # {option: [(value, label), ...]} for the page


_reports: dict[str, Report] = {}


def register_report(report: Report) -> Report:
    _reports[report.kind] = report
    return report


def registered_reports() -> list[Report]:
    return sorted(_reports.values(), key=lambda report: report.order)


def get_report(kind: str) -> Report:
    return _reports[kind]


def reports_for(place_target: str, user, obj) -> list[dict]:
    """The reports of one kind of object this person may make, for a "Reports" box on a page."""
    return [
        {
            "report": report,
            "identifier": report.identify(obj),
            "choices": report.option_choices(obj),
        }
        for report in registered_reports()
        if report.target == place_target and report.may_make(user, obj)
    ]


def _section(target):
    def context(request, obj, *args):
        return {"reports": reports_for(target, request.user, obj)}

    return context


def register_report_sections():
    """A "Reports" box on the call's and proposal's staff pages and the coalition workspace."""
    from portal.registry import register_section

    for place, target in [("call_staff", "call"), ("proposal_staff", "proposal"),
                          ("coalition_workspace", "coalition")]:  # fmt: skip
        register_section(
            place, order=90, template="portal/_reports_section.html", context=_section(target)
        )


def make_pdf(report: Report, obj, maker, *, options=None, language=None) -> bytes:
    with translation.override(language or translation.get_language()):
        built = report.build(obj, maker, options or {})
        return render_pdf(
            built.template, built.context, title=built.title, author=built.author,
            subject=built.subject, language=language,
        )  # fmt: skip


def filename(report: Report, obj) -> str:
    return f"{report.kind}-{slugify(report.identify(obj))}.pdf"


def is_large(report: Report, obj) -> bool:
    from django.conf import settings

    return report.size(obj) > settings.REPORT_JOB_THRESHOLD


# --- Large reports: a job for the worker ----------------------------------------------------
def start_job(report: Report, obj, maker, *, options=None):
    from portal.models import ReportJob

    job = ReportJob.objects.create(
        kind=report.kind,
        identifier=report.identify(obj),
        options=options or {},
        language=translation.get_language() or "nl",
        requested_by=maker,
    )
    transaction.on_commit(lambda: enqueue(job.pk))
    return job


def enqueue(job_id: int) -> None:
    from portal.tasks import make_report

    try:
        make_report.delay(job_id)
    except Exception:  # noqa: BLE001  (the broker is down: the job page offers "try again")
        import logging

        logging.getLogger(__name__).warning("Could not queue report job %s", job_id)


def run_job(job_id: int) -> None:
    """Make the PDF of a job, store it as the job's private file and mail the maker."""
    from portal import mail
    from portal.files import store_private_file
    from portal.models import ReportJob

    job = ReportJob.objects.select_related("requested_by").get(pk=job_id)
    if job.state == ReportJob.State.DONE:
        return  # a retried task after success: nothing to do
    _progress(job, ReportJob.State.RUNNING, 10)
    try:
        report = get_report(job.kind)
        obj = report.find(job.identifier)
        if not report.may_make(job.requested_by, obj):
            raise PermissionError(_("You may no longer make this report."))
        _progress(job, ReportJob.State.RUNNING, 30)
        pdf = make_pdf(report, obj, job.requested_by, options=job.options, language=job.language)
        _progress(job, ReportJob.State.RUNNING, 90)
        from django.core.files.base import ContentFile

        upload = ContentFile(pdf, name=filename(report, obj))
        upload.content_type = "application/pdf"
        with transaction.atomic():
            store_private_file(
                upload=upload, target=job, uploaded_by=job.requested_by, purpose="report",
                max_bytes=500 * 1024 * 1024,
            )  # fmt: skip
            job.state, job.progress, job.finished_at = ReportJob.State.DONE, 100, timezone.now()
            job.save(update_fields=["state", "progress", "finished_at"])
            mail.compose(
                template="portal/mail/report_ready",
                context={"job": job, "label": report.label,
                         "url": reverse("report_job", args=[job.pk])},
                recipient=job.requested_by,
                related=job,
            )  # fmt: skip
    except Exception as error:  # noqa: BLE001  (the maker is told why; the log keeps the trace)
        import logging

        logging.getLogger(__name__).exception("Report job %s failed", job_id)
        job.state, job.error, job.finished_at = ReportJob.State.FAILED, str(error), timezone.now()
        job.save(update_fields=["state", "error", "finished_at"])


def _progress(job, state, percent):
    job.state, job.progress = state, percent
    job.save(update_fields=["state", "progress"])
