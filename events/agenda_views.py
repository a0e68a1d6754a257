"""The knowledge agenda (kennisagenda): the list with filters for who may read it, the staff form
(also reached from a table, a harvest or a reflection), and the status change by an owner."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from calls.models import Programme
from events import services
from events.forms import AgendaFilterForm, AgendaItemForm, AgendaStatusForm
from events.models import AgendaItem, Harvest, ThemeTable
from events.queries import agenda_for, filter_agenda
from portal.decorators import fund_staff_required, predicate_required
from portal.markdown import markdown_to_text
from reflections.models import Reflection


def _may_read_agenda(user):
    return user.has_perm("events.view_agenda")


@predicate_required(_may_read_agenda)
def agenda(request):
    """Items this person may read, filtered by programme, status, owner and source; 50 a page,
    a fixed number of queries."""
    items = agenda_for(request.user)
    form = AgendaFilterForm(
        request.GET or None,
        programmes=Programme.objects.filter(pk__in=items.values("programme")).order_by("name"),
        owners=get_user_model()
        .objects.filter(pk__in=items.values("owner"))
        .order_by("name", "email"),
    )
    filters = form.cleaned_data if form.is_valid() else {}
    filtered = filter_agenda(
        items,
        programme=filters.get("programme"),
        status=filters.get("status", ""),
        owner=filters.get("owner"),
        source=filters.get("source", ""),
    )
    page = Paginator(filtered, 50).get_page(request.GET.get("pagina"))
    can_manage = request.user.has_perm("events.manage_agenda")
    for item in page:
        item.may_change_status = can_manage or item.owner_id == request.user.pk
        item.next_statuses = [
            (status, AgendaItem.Status(status).label)
            for status in AgendaItem.Status.values
            if status == item.status or status in AgendaItem.TRANSITIONS[item.status]
        ]
    query = request.GET.copy()
    query.pop("pagina", None)
    return render(request, "events/agenda/list.html", {
        "form": form, "page": page, "can_manage": can_manage, "query": query.urlencode(),
        "filtered": bool(filters and any(filters.values())),
    })  # fmt: skip


def _source(request):
    """What "add to the knowledge agenda" came from: (initial values, the source object). The
    text starts as the table's questions or the harvest as plain text, for staff to shorten."""
    table_pk, harvest_pk = request.GET.get("tafel", ""), request.GET.get("oogst", "")
    reflection_pk = request.GET.get("reflectie", "")
    if table_pk.isdigit():
        table = get_object_or_404(
            ThemeTable.objects.select_related("event__programme"), pk=table_pk
        )
        return {
            "source_table": table, "event": table.event, "programme": table.event.programme,
            "text": "\n".join(table.question_list),
        }, table  # fmt: skip
    if harvest_pk.isdigit():
        harvest = get_object_or_404(
            Harvest.objects.select_related("event__programme", "table"), pk=harvest_pk
        )
        return {
            "source_harvest": harvest, "event": harvest.event,
            "programme": harvest.event.programme, "text": markdown_to_text(harvest.text),
        }, harvest  # fmt: skip
    if reflection_pk.isdigit():
        reflection = get_object_or_404(
            Reflection.objects.select_related("coalition__programme"),
            pk=reflection_pk, is_draft=False, visibility__in=["fund", "public"],
        )  # fmt: skip
        return {
            "source_reflection": reflection, "programme": reflection.coalition.programme
        }, reflection  # fmt: skip
    return {}, None


@fund_staff_required
def edit_item(request, pk=None):
    item = None
    if pk is not None:
        item = get_object_or_404(
            AgendaItem.objects.select_related(
                "source_table__event", "source_harvest__event", "source_harvest__table"
            ),
            pk=pk,
        )
    initial, source = _source(request) if item is None else ({}, None)
    form = AgendaItemForm(request.POST or None, instance=item, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = services.save_agenda_item(form=form, actor=request.user)
        messages.success(request, _("The knowledge-agenda item is saved."))
        return redirect(reverse("events:agenda") + f"?programme={saved.programme_id}")
    if item is not None:
        source = item.source_table or item.source_harvest or item.source_reflection
    if isinstance(source, ThemeTable):  # its harvest, to take a point from
        source.written = Harvest.objects.filter(table=source).first()
    return render(request, "events/agenda/form.html", {
        "form": form, "item": item, "source": source,
        "source_kind": type(source).__name__ if source is not None else "",
    })  # fmt: skip


@require_POST
@predicate_required(_may_read_agenda)
def change_status(request, pk):
    item = get_object_or_404(agenda_for(request.user), pk=pk)
    if not request.user.has_perm("events.change_agendaitem_status", item):
        raise Http404
    form = AgendaStatusForm(request.POST)
    if form.is_valid():
        try:
            services.set_agenda_status(
                item=item, status=form.cleaned_data["status"], actor=request.user
            )
        except services.AgendaError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The status is changed."))
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        back = reverse("events:agenda")
    return redirect(back)
