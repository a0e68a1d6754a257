"""Fund staff: the call dashboard, the proposal list (filters, search, sorting) and its export.

Every view: check that the user is fund staff, parse the filters, render.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import F
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from calls.models import Call
from portal.decorators import fund_staff_required
from portal.models import Organisation
from proposals import exports
from proposals.filters import ProposalFilter
from proposals.models import Proposal
from proposals.queries import call_dashboard_counts, staff_proposal_list

PER_PAGE = 25

# Sort keys in the URL → the ordering; "-" in front means descending.
SORTS = {
    "score": F("weighted_mean"),
    "datum": F("submitted_at"),
    "naam": F("title"),
}
DEFAULT_SORT = "-datum"

# Columns staff may switch off (reference and title are always there).
COLUMNS = [
    ("organisatie", gettext_lazy("Lead organisation"), True),
    ("gemeente", gettext_lazy("Municipality"), True),
    ("status", gettext_lazy("Status"), True),
    ("fase", gettext_lazy("Stage"), True),
    ("ingediend", gettext_lazy("Submitted"), True),
    ("score", gettext_lazy("Score"), True),
    ("beoordelingen", gettext_lazy("Reviews done / assigned"), True),
    ("hulp", gettext_lazy("Asked for help"), False),
    ("vlag", gettext_lazy("Flag"), True),
    ("beslissing", gettext_lazy("Decision (not sent yet)"), True),
]


def _call(slug):
    return get_object_or_404(Call, slug=slug)


def _filtered(request, call, *, tell=True):
    """The call's proposals with the filters and the sorting of the request applied. A filter
    value that does not fit (an old link, a typo) is not used, and the person is told so."""
    filterset = ProposalFilter(request.GET or None, staff_proposal_list(call), call=call)
    if tell and filterset.is_bound and filterset.errors:
        labels = ", ".join(
            str(filterset.form[name].label or name)
            for name in filterset.errors
            if name in filterset.form.fields
        )
        messages.warning(
            request,
            _("This filter does not fit and was not used: %(filters)s. Choose it again.")
            % {"filters": labels},
        )
    proposals = filterset.qs
    sort = request.GET.get("sorteer", "")
    if sort.lstrip("-") not in SORTS:
        sort = "" if filterset.searching else DEFAULT_SORT
    if sort:
        expression = SORTS[sort.lstrip("-")]
        order = (
            expression.desc(nulls_last=True)
            if sort.startswith("-")
            else expression.asc(nulls_last=True)
        )
        proposals = proposals.order_by(order, "-pk")
    else:  # searching: best match first
        proposals = proposals.order_by(F("rank").desc(nulls_last=True), "-pk")
    return filterset, proposals, sort


def _sort_links(sort):
    """Per sortable column: the link's sort value and the aria-sort of the header."""
    links = {}
    for key in SORTS:
        if sort == key:
            links[key] = {"next": f"-{key}", "aria": "ascending"}
        elif sort == f"-{key}":
            links[key] = {"next": key, "aria": "descending"}
        else:
            links[key] = {"next": f"-{key}" if key in ("score", "datum") else key, "aria": ""}
    return links


def _columns(request):
    if "kolommen" in request.GET:
        chosen = set(request.GET.getlist("kolom"))
    else:
        chosen = {key for key, _label, default in COLUMNS if default}
    return [(key, label, key in chosen) for key, label, _default in COLUMNS], chosen


@fund_staff_required
def proposal_list(request, slug):
    call = _call(slug)
    filterset, proposals, sort = _filtered(request, call)
    page = Paginator(proposals, PER_PAGE).get_page(request.GET.get("pagina"))
    columns, shown = _columns(request)
    filter_params = [
        (name, value)
        for name in request.GET
        if name not in {"pagina", "kolom", "kolommen", "veld", "formaat", "format"}
        for value in request.GET.getlist(name)
    ]
    return render(
        request,
        "proposals/staff/list.html",
        {
            "call": call,
            "filter": filterset,
            "form": filterset.form,
            "page": page,
            "sort": sort,
            "sort_links": _sort_links(sort),
            "columns": columns,
            "shown": shown,
            "export_fields": [(field.key, field.label, field.default) for field in exports.FIELDS],
            "filter_params": filter_params,
        },
    )


@fund_staff_required
def export(request, slug):
    call = _call(slug)
    filterset, proposals, _sort = _filtered(request, call, tell=False)
    if filterset.is_bound and filterset.errors:
        # No file of another selection than the one asked for: back to the list, which says why.
        url = reverse("proposals_list:list", args=[call.slug])
        return redirect(f"{url}?{request.GET.urlencode()}")
    fields = exports.chosen_fields(request.GET.getlist("veld"))
    stamp = timezone.localdate().isoformat()
    # ?formaat= is what our form sends; ?format= is what people (and tools) type.
    wanted = request.GET.get("formaat") or request.GET.get("format") or "csv"
    if wanted == "xlsx":
        content = exports.as_xlsx(proposals, fields, title=call.slug)
        response = HttpResponse(
            content,
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        name = f"aanvragen-{call.slug}-{stamp}.xlsx"
    else:
        dutch_excel = translation.get_language() == "nl"
        response = HttpResponse(
            exports.as_csv(proposals, fields, dutch_excel=dutch_excel),
            content_type="text/csv; charset=utf-8",
        )
        name = f"aanvragen-{call.slug}-{stamp}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _days_until(moment, today):
    if moment is None:
        return None
    return (timezone.localtime(moment).date() - today).days


@fund_staff_required
def dashboard(request, slug):
    call = _call(slug)
    stages = list(call.stages.order_by("order"))
    counts = call_dashboard_counts(call)
    today = timezone.localdate()

    per_state = {row["state"]: row["n"] for row in counts["per_state"]}
    per_stage = {row["stage"]: row["n"] for row in counts["per_stage"]}
    reviews = {row["stage"]: row for row in counts["reviews_per_stage"]}
    kinds = dict(Organisation.Kind.choices)
    deadlines = []
    for stage in stages:
        moments = [("deadline", _("Deadline"), stage.deadline)]
        if stage.review_due is not None:
            moments.append(("review_due", _("Reviews due"), stage.review_due))
        for kind, what, at in moments:
            deadlines.append(
                {"name": stage.name, "kind": kind, "what": what, "at": at,
                 "days": _days_until(at, today)}
            )  # fmt: skip
    review_rows = [
        {
            "stage": stage,
            "assigned": reviews.get(stage.pk, {}).get("assigned", 0),
            "done": reviews.get(stage.pk, {}).get("done", 0),
            "conflicts": reviews.get(stage.pk, {}).get("conflicts", 0),
        }
        for stage in stages
    ]
    return render(
        request,
        "proposals/staff/dashboard.html",
        {
            "call": call,
            "totals": counts["totals"],
            "per_state": [
                (value, label, per_state.get(value, 0)) for value, label in Proposal.State.choices
            ],
            "per_stage": [(stage, per_stage.get(stage.pk, 0)) for stage in stages],
            "per_kind": [
                (
                    row["lead_organisation__kind"],
                    kinds.get(row["lead_organisation__kind"], "–"),
                    row["n"],
                )
                for row in counts["per_kind"]
            ],  # fmt: skip
            "per_municipality": [
                (row["lead_organisation__municipality"], row["n"])
                for row in counts["per_municipality"]
            ],
            "review_rows": review_rows,
            "reviews_assigned": sum(row["assigned"] for row in review_rows),
            "reviews_done": sum(row["done"] for row in review_rows),
            "deadlines": deadlines,
        },
    )
