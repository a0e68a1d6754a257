"""Public coalition pages, the members' workspace with its messages, and starting an experiment."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coalitions import services
from coalitions.forms import DocumentForm, MessageForm
from coalitions.models import Coalition, CoalitionInvitation
from coalitions.queries import (
    coalition_for_workspace,
    coalitions_of,
    messages_of,
    newest_messages,
    overdue_tranches,
    public_coalitions,
)
from coalitions.rules import speaks_for_fund
from portal import registry
from portal.activity import log_activity
from portal.decorators import fund_staff_required
from portal.files import files_of, store_private_file
from proposals.models import Proposal
from proposals.reports import proposal_document


def public_list(request):
    return render(request, "coalitions/public_list.html", {"coalitions": list(public_coalitions())})


def public_detail(request, slug):
    coalition = get_object_or_404(public_coalitions(), slug=slug)
    return render(request, "coalitions/public_detail.html", {
        "coalition": coalition,
        "sections": registry.sections("coalition_public", request, coalition),
    })  # fmt: skip


@login_required
def mine(request):
    return render(
        request, "coalitions/mine.html", {"coalitions": list(coalitions_of(request.user))}
    )


@login_required
def workspace(request, slug):
    try:
        coalition = coalition_for_workspace(slug)
    except Coalition.DoesNotExist:
        raise Http404 from None
    if not request.user.has_perm("coalitions.view_coalition", coalition):
        raise Http404  # another coalition's workspace does not exist for you
    upload_form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and upload_form.is_valid():
        try:
            store_private_file(
                upload=upload_form.cleaned_data["file"],
                target=coalition,
                uploaded_by=request.user,
                purpose="document",
            )
        except ValidationError as error:
            upload_form.add_error("file", error)
        else:
            log_activity(
                actor=request.user,
                verb="coalition.document_added",
                target=coalition,
                message=upload_form.cleaned_data["file"].name,
            )
            messages.success(request, _("The document is added."))
            return redirect("coalitions:workspace", coalition.slug)
    document = proposal_document(coalition.proposal) if coalition.proposal else None
    thread, older = newest_messages(coalition)
    return render(request, "coalitions/workspace.html", {
        "coalition": coalition, "document": document, "upload_form": upload_form,
        "documents": files_of(coalition, purpose="document").select_related("uploaded_by"),
        "paid": sum((t.amount for t in coalition.tranches.all() if t.paid_on), 0),
        "overdue": overdue_tranches(coalition),
        "sections": registry.sections("coalition_workspace", request, coalition),
        "thread": thread, "thread_has_older": older,
        "message_form": _message_form(request, coalition, back="workspace"),
    })  # fmt: skip


def _message_form(request, coalition, *, back, data=None) -> MessageForm:
    """The message form, saying who will get the message by email."""
    form = MessageForm(data, initial={"back": back})
    if speaks_for_fund(request.user, coalition):
        who = _("All members of the coalition get your message by email.")
    elif coalition.support_team.all():
        who = _("The support team of your coalition gets your message by email.")
    else:
        who = _("The fund gets your message by email.")
    form.fields["text"].help_text = who
    return form


MESSAGES_PER_PAGE = 100


@login_required
def coalition_messages(request, slug):
    """All messages between the coalition and the fund; posting a message lands here too, so
    a message with an error is shown again with its text."""
    coalition = get_object_or_404(Coalition, slug=slug)
    if not request.user.has_perm("coalitions.view_messages", coalition):
        raise Http404
    form = _message_form(request, coalition, back="all", data=request.POST or None)
    if request.method == "POST":
        if not request.user.has_perm("coalitions.write_message", coalition):
            raise Http404
        if form.is_valid():
            try:
                services.post_message(
                    coalition=coalition, author=request.user, text=form.cleaned_data["text"]
                )
            except services.CoalitionError as error:
                form.add_error("text", str(error))
            else:
                messages.success(request, _("Your message is sent."))
                if form.cleaned_data.get("back") == "all":
                    return redirect(reverse("coalitions:messages", args=[slug]) + "#nieuw-bericht")
                return redirect(reverse("coalitions:workspace", args=[slug]) + "#berichten")
    thread = messages_of(coalition).order_by("created_at", "id")
    paginator = Paginator(thread, MESSAGES_PER_PAGE)
    page = paginator.get_page(request.GET.get("pagina") or paginator.num_pages)
    return render(request, "coalitions/messages.html", {
        "coalition": coalition, "page": page, "thread": page.object_list, "form": form,
    })  # fmt: skip


@login_required
def accept_invitation(request, token):
    invitation = get_object_or_404(
        CoalitionInvitation.objects.select_related("coalition"), token=token
    )
    if request.method == "POST":
        try:
            services.accept_invitation(invitation=invitation, user=request.user)
        except services.CoalitionError as error:
            messages.error(request, str(error))
            return redirect("coalitions:mine")
        messages.success(request, _("Welcome to the coalition."))
        return redirect("coalitions:workspace", invitation.coalition.slug)
    if invitation.state != CoalitionInvitation.State.PENDING:
        raise Http404
    return render(request, "coalitions/invitation.html", {"invitation": invitation})


@fund_staff_required
@require_POST
def start_experiment(request, proposal_pk):
    proposal = get_object_or_404(Proposal, pk=proposal_pk)
    try:
        coalition = services.start_experiment(proposal=proposal, actor=request.user)
    except services.CoalitionError as error:
        messages.error(request, str(error))
        return redirect("proposals_staff:detail", proposal.pk)
    messages.success(request, _("The experiment has started. The applicants are invited."))
    return redirect("coalitions:workspace", coalition.slug)
