"""Making a PDF report: at once when it is small, through the worker when it is large."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from portal import reports
from portal.files import files_of
from portal.models import ReportJob


def _report_and_object(request, kind, identifier):
    try:
        report = reports.get_report(kind)
        obj = report.find(identifier)
    except (KeyError, ObjectDoesNotExist, ValueError):
        raise Http404 from None
    if not report.may_make(request.user, obj):
        raise Http404  # no hint that the object exists
    return report, obj


@login_required
def make_report(request, kind, identifier):
    report, obj = _report_and_object(request, kind, identifier)
    options = {name: request.GET[name] for name in report.options if request.GET.get(name)}
    if reports.is_large(report, obj):
        job = reports.start_job(report, obj, request.user, options=options)
        return redirect("report_job", job.pk)
    pdf = reports.make_pdf(report, obj, request.user, options=options)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{reports.filename(report, obj)}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _job(request, pk):
    job = get_object_or_404(ReportJob, pk=pk)
    if not request.user.has_perm("portal.view_reportjob", job):
        raise Http404
    return job


@login_required
def report_job(request, pk):
    job = _job(request, pk)
    try:
        label = reports.get_report(job.kind).label
    except KeyError:
        label = job.kind
    context = {"job": job, "label": label, "file": files_of(job, purpose="report").first()}
    if request.headers.get("HX-Request"):
        return render(request, "portal/_report_job_status.html", context)
    return render(request, "portal/report_job.html", context)


@login_required
@require_POST
def retry_report_job(request, pk):
    """A failed job, or one the broker never got, is queued again."""
    job = _job(request, pk)
    if job.state in (ReportJob.State.FAILED, ReportJob.State.QUEUED):
        job.state, job.progress, job.error = ReportJob.State.QUEUED, 0, ""
        job.save(update_fields=["state", "progress", "error"])
        reports.enqueue(job.pk)
    return redirect("report_job", job.pk)
