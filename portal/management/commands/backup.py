from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from portal.backup import make_backup


class Command(BaseCommand):
    help = "Back up the database and the private files into one .tar.gz archive."

    def add_arguments(self, parser):
        parser.add_argument("--to", default=str(Path(settings.BASE_DIR) / "backups"))

    def handle(self, *args, **options):
        archive = make_backup(Path(options["to"]))
        self.stdout.write(f"{archive} ({archive.stat().st_size // 1024} kB)")
