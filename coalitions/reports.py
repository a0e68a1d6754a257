"""The coalitions portfolio ("Maak kennis met de coalities"): one page per coalition."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from calls.models import Call
from coalitions.models import Coalition
from portal.reports import Built, Report, register_report
from portal.rules import is_fund_staff


def portfolio_coalitions(call, *, public_only=False):
    coalitions = (
        Coalition.objects.filter(programme_id=call.programme_id)
        .prefetch_related("organisations")
        .order_by("municipality", "name")
    )
    return coalitions.filter(is_public=True) if public_only else coalitions


def build_portfolio(call, maker, options) -> Built:
    public_only = options.get("public") in {"1", "true", "ja"}
    coalitions = list(portfolio_coalitions(call, public_only=public_only))
    return Built(
        "coalitions/pdf/portfolio.html",
        {"call": call, "programme": call.programme, "coalitions": coalitions},
        title=_("Meet the coalitions"),
        author=str(call.programme),
        subject=str(call.programme),
    )


register_report(
    Report(
        kind="portfolio",
        order=4,
        label=gettext_lazy("Coalitions portfolio"),
        target="call",
        find=lambda slug: Call.objects.select_related("programme").get(slug=slug),
        identify=lambda call: call.slug,
        may_make=lambda user, call: is_fund_staff(user),
        build=build_portfolio,
        examples=lambda: list(
            Call.objects.filter(programme__coalitions__isnull=False)
            .distinct()
            .order_by("slug")
            .values_list("slug", flat=True)
        ),  # fmt: skip
        size=lambda call: portfolio_coalitions(call).count(),
        options=("public",),
    )
)
