from django.core.management.base import BaseCommand

from proposals.retention import apply_retention


class Command(BaseCommand):
    help = "Delete old drafts and anonymise old declined proposals (periods per programme)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="count, change nothing")

    def handle(self, *args, **options):
        result = apply_retention(dry_run=options["dry_run"])
        verb = "would" if options["dry_run"] else "did"
        self.stdout.write(
            f"{verb}: delete {result['drafts_deleted']} drafts, "
            f"anonymise {result['declined_anonymised']} declined proposals"
        )
