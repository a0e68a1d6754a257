"""The staff page "Herinneringen": what the reminder engine will send, what it sent, what failed."""

from collections import defaultdict
from datetime import timedelta

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from portal import mail, reminders
from portal.activity import log_activity
from portal.decorators import fund_staff_required
from portal.models import OutboxMessage, ReminderSent

HORIZON = timedelta(days=30)
SHOWN_PER_ROW = 5  # names per planned row; the rest is a number


def _rule(name):
    rule = reminders.get_rule(name)
    if rule is None:
        raise Http404
    return rule


def _schedule(rules, since, until):
    """Per local day, per (time, rule): the reminders that will go out. No mail is sent."""
    rows = defaultdict(list)
    for rule in rules:
        for due in reminders.upcoming(rule, since, until):
            rows[(due.moment, rule.name)].append(due)
    days = defaultdict(list)
    for (moment, name), dues in sorted(rows.items()):
        local = timezone.localtime(moment)
        days[local.date()].append(
            {
                "moment": local,
                "rule": reminders.get_rule(name),
                "count": len(dues),
                "people": [_person(due) for due in dues[:SHOWN_PER_ROW]],
                "more": max(0, len(dues) - SHOWN_PER_ROW),
                "about": sorted({str(due.target) for due in dues})[:3],
            }
        )
    return sorted(days.items())


def _person(due):
    return str(due.recipient) if due.recipient is not None else due.to_email


@fund_staff_required
def overview(request):
    now = timezone.now()
    rules = reminders.registered_rules()
    due_now = reminders.run(now, dry_run=True).planned
    due_counts = defaultdict(int)
    for rule, _due in due_now:
        due_counts[rule.name] += 1
    sent = Paginator(
        ReminderSent.objects.select_related("recipient", "message").order_by("-created_at", "-pk"),
        25,
    ).get_page(request.GET.get("pagina"))
    failed = Paginator(
        OutboxMessage.objects.filter(state=OutboxMessage.State.FAILED)
        .only("pk", "to_email", "subject", "attempts", "last_error", "created_at", "state")
        .order_by("-created_at", "-pk"),
        25,
    ).get_page(request.GET.get("mislukt"))
    labels = {rule.name: rule.title for rule in rules}
    return render(
        request,
        "portal/reminders.html",
        {
            "rules": [(rule, due_counts[rule.name]) for rule in rules],
            "days": _schedule(rules, now, now + HORIZON),
            "horizon_days": HORIZON.days,
            "sent": sent,
            "sent_rows": [(row, labels.get(row.rule, row.rule)) for row in sent.object_list],
            "failed": failed,
        },
    )


@fund_staff_required
def preview(request, name):
    """One reminder's mail as it will be sent, for the first reminder of the rule that is due now
    or in the next 30 days."""
    rule = _rule(name)
    now = timezone.now()
    due = next(iter(sorted(rule.find_due(now - reminders.LOOK_BACK, now + HORIZON),
                           key=lambda due: due.moment)), None)  # fmt: skip
    return render(
        request,
        "portal/reminder_preview.html",
        {
            "rule": rule,
            "due": due,
            "person": _person(due) if due else "",
            "moment": timezone.localtime(due.moment) if due else None,
            "mail": reminders.preview(rule, due) if due else None,
            "horizon_days": HORIZON.days,
        },
    )


@require_POST
@fund_staff_required
def send_now(request, name):
    """Run one rule through the engine now: what is due goes out, still only once."""
    rule = _rule(name)
    result = reminders.run(rules=[rule])
    log_activity(
        actor=request.user,
        verb="reminders.sent_now",
        target=request.user,
        message=f"{rule.name}: {result.sent}",
        data={"rule": rule.name, **result.as_dict()},
    )
    messages.success(
        request,
        ngettext(
            "%(count)s reminder sent for “%(rule)s”.",
            "%(count)s reminders sent for “%(rule)s”.",
            result.sent,
        )
        % {"count": result.sent, "rule": rule.title},
    )
    if result.failed:
        messages.error(request, _("Some reminders could not be written. Try again later."))
    return redirect("reminders")


@require_POST
@fund_staff_required
def retry(request, pk):
    message = get_object_or_404(OutboxMessage, pk=pk)
    try:
        mail.retry_failed(message=message, actor=request.user)
    except mail.InvalidTransition:
        messages.error(request, _("This message did not fail, so it cannot be sent again."))
    else:
        messages.success(
            request, _("The message to %(email)s is sent again.") % {"email": message.to_email}
        )
    return redirect(reverse("reminders") + "#mislukt")
