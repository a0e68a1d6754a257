from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from portal import reminders


class Command(BaseCommand):
    help = (
        "Send the reminders that are due now (what the beat task does every five minutes). "
        "Each reminder goes out only once, however often this runs."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Only list what would be sent; send nothing."
        )
        parser.add_argument(
            "--rule", action="append", dest="rules", metavar="NAME",
            help="Only this rule (may be given more than once). Default: every rule.",
        )  # fmt: skip

    def handle(self, *args, dry_run=False, rules=None, **options):
        chosen = None
        if rules:
            chosen = [reminders.get_rule(name) for name in rules]
            if None in chosen:
                known = ", ".join(sorted(rule.name for rule in reminders.registered_rules()))
                raise CommandError(f"Unknown rule. Known rules: {known}")
        result = reminders.run(dry_run=dry_run, rules=chosen)
        if dry_run:
            for rule, due in result.planned:
                who = due.recipient.email if due.recipient is not None else due.to_email
                moment = timezone.localtime(due.moment).strftime("%Y-%m-%d %H:%M")
                self.stdout.write(f"{moment}  {rule.name}  {who}  {due.target}")
            self.stdout.write(
                f"{len(result.planned)} to send, {result.already_sent} already sent, "
                f"{result.opted_out} switched off (dry run: nothing sent)"
            )
            return
        self.stdout.write(
            f"{result.sent} sent, {result.already_sent} already sent, "
            f"{result.opted_out} switched off, {result.failed} failed"
        )
        if result.failed:
            raise CommandError(f"{result.failed} reminders could not be written; see the log.")
