from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from portal.backup import restore_backup


class Command(BaseCommand):
    help = "Replace the database and the private files with those of a backup archive."

    def add_arguments(self, parser):
        parser.add_argument("archive")
        parser.add_argument("--yes", action="store_true", help="do not ask before replacing")

    def handle(self, *args, **options):
        archive = Path(options["archive"])
        if not archive.exists():
            raise CommandError(f"No such file: {archive}")
        if not options["yes"] and input("This replaces all data. Type 'ja' to go on: ") != "ja":
            raise CommandError("Stopped; nothing changed.")
        manifest = restore_backup(archive)
        tables = manifest["tables"]
        self.stdout.write(
            f"Restored the backup of {manifest['made_at']}: {len(tables)} tables, "
            f"{sum(tables.values())} rows."
        )
