"""The coalition dossier and the learning report as PDF. Registered with portal.reports.

The dossier lives here, not in `coalitions`, because it holds the coalition's reflections; events
add what they know through the registry place "coalition_dossier" (context(None, coalition,
maker)). Neither report holds a draft, nor a reflection the maker may not read.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from calls.models import Call
from coalitions.models import Coalition
from portal import registry
from portal.reports import Built, Report, register_report
from portal.rules import is_fund_staff, is_support_team
from proposals.reports import proposal_document
from reflections.dashboard import Filters, dashboard
from reflections.models import Reflection
from reflections.queries import reflections_readable_by


def dossier_reflections(maker, coalition):
    """Shared reflections the maker may read; the command line (None) reads what staff read."""
    if maker is None:
        reflections = Reflection.objects.filter(
            coalition=coalition, visibility__in=["fund", "public"]
        ).select_related("author")
    else:
        reflections = reflections_readable_by(maker, coalition)
    return (
        reflections.filter(is_draft=False)
        .select_related("pitstop")
        .prefetch_related("themes", "ratings__element")
        .order_by("date", "id")
    )


def build_dossier(coalition, maker, options) -> Built:
    tranches = list(coalition.tranches.all())
    return Built(
        "reflections/pdf/dossier.html",
        {
            "coalition": coalition,
            "programme": coalition.programme,
            "document": proposal_document(coalition.proposal) if coalition.proposal else None,
            "tranches": tranches,
            "planned_total": sum((t.amount for t in tranches), 0),
            "paid_total": sum((t.amount for t in tranches if t.paid_on), 0),
            "pitstops": list(coalition.pitstops.prefetch_related("facilitators")),
            "reflections": list(dossier_reflections(maker, coalition)),
            "sections": registry.sections("coalition_dossier", None, coalition, maker),
        },
        title=_("Dossier: %(coalition)s") % {"coalition": coalition.name},
        author=str(coalition.programme),
        subject=coalition.name,
    )


def _find_coalition(slug):
    return (
        Coalition.objects.select_related("programme", "proposal", "proposal__stage")
        .prefetch_related("organisations", "support_team", "members__user")
        .get(slug=slug)
    )


register_report(
    Report(
        kind="dossier",
        order=5,
        label=gettext_lazy("Coalition dossier"),
        target="coalition",
        find=_find_coalition,
        identify=lambda coalition: coalition.slug,
        may_make=lambda user, coalition: user.has_perm("coalitions.view_coalition", coalition),
        build=build_dossier,
        examples=lambda: list(Coalition.objects.order_by("slug").values_list("slug", flat=True)),
        size=lambda coalition: coalition.reflections.count(),
    )
)


# --- Learning report ------------------------------------------------------------------------
def build_learning(call, maker, options) -> Built:
    filters = Filters(programme=call.programme_id)
    data = dashboard(maker, filters)
    reflections = Reflection.objects.filter(
        coalition__in=[c.pk for c in data["coalitions"]], coalition__programme=call.programme_id,
        is_draft=False, visibility__in=["fund", "public"],
    )  # fmt: skip
    return Built(
        "reflections/pdf/learning.html",
        {**data, "call": call, "programme": call.programme,
         "reflection_count": reflections.count()},
        title=_("Learning report: %(programme)s") % {"programme": call.programme},
        author=str(call.programme),
    )  # fmt: skip


register_report(
    Report(
        kind="learning",
        order=6,
        label=gettext_lazy("Learning report"),
        target="call",
        find=lambda slug: Call.objects.select_related("programme").get(slug=slug),
        identify=lambda call: call.slug,
        may_make=lambda user, call: is_fund_staff(user) or is_support_team(user),
        build=build_learning,
        examples=lambda: list(
            Call.objects.filter(programme__coalitions__isnull=False)
            .distinct()
            .order_by("slug")
            .values_list("slug", flat=True)
        ),  # fmt: skip
    )
)
