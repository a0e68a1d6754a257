from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from portal import health, mail, registry
from portal.files import name_for_type
from portal.models import OutboxMessage, PrivateFile
from portal.rules import by_our_rules


def home(request):
    return render(request, "portal/home.html", {"sections": registry.sections("home", request)})


@require_GET
@never_cache
def healthz(request):
    ok, report = health.health()
    return JsonResponse({"status": "ok" if ok else "failing", **report}, status=200 if ok else 503)


@login_required
def message_list(request):
    page = Paginator(
        mail.messages_for(request.user).only("pk", "subject", "state", "created_at", "sent_at"), 25
    ).get_page(request.GET.get("pagina"))
    return render(request, "portal/message_list.html", {"page": page})


def _message_for(request, pk) -> OutboxMessage:
    """A sent or queued message the person may read, else 404 (no hint that it exists)."""
    message = get_object_or_404(
        OutboxMessage.objects.exclude(state=OutboxMessage.State.DRAFT), pk=pk
    )
    # Django's superuser passes every has_perm; a login code or reset link is still only theirs
    # to whom it was sent (portal/rules.py).
    is_recipient = message.recipient_id == request.user.pk
    if message.is_sign_in and not is_recipient:
        raise Http404
    if not request.user.has_perm("portal.view_outboxmessage", message):
        raise Http404
    return message


@login_required
def message_detail(request, pk):
    message = _message_for(request, pk)
    return render(request, "portal/message_detail.html", {"message": message})


@login_required
def message_attachment(request, pk, index):
    """An attachment of a message (the agenda of an event mail, the PDF copy of a proposal),
    counted from 1 as listed on the message page; for whoever may read the message."""
    message = _message_for(request, pk)
    if not 1 <= index <= len(message.attachments):
        raise Http404
    attachment = message.attachments[index - 1]
    try:
        handle = default_storage.open(attachment["path"], "rb")
    except (FileNotFoundError, KeyError):
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=attachment.get("name") or f"bijlage-{index}",
        content_type=attachment.get("mimetype") or "application/octet-stream",
    )
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@login_required
def download_file(request, pk):
    private_file = get_object_or_404(PrivateFile.objects.select_related("target_type"), pk=pk)
    # By the rules of the object it belongs to, also for the superuser (portal/rules.py).
    if not by_our_rules(request.user, "portal.view_privatefile", private_file):
        raise PermissionDenied
    response = FileResponse(
        private_file.file.open("rb"),
        as_attachment=True,
        filename=name_for_type(private_file.original_name, private_file.content_type),
        content_type=private_file.content_type,
    )
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def favicon(request):
    """Tools and old browsers ask /favicon.ico whatever the page links to."""
    return redirect(static("favicon.svg"), permanent=True)
