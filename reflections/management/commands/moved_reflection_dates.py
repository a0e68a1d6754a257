"""List (and with --restore put back) reflection dates that a save moved to the day of saving."""

import datetime

from django.core.management.base import BaseCommand

from reflections import services


class Command(BaseCommand):
    help = "List reflections whose date an edit moved to the save day; --restore puts it back."

    def add_arguments(self, parser):
        parser.add_argument("--restore", action="store_true", help="restore the old dates")

    def handle(self, *args, restore=False, **options):
        moved = services.moved_dates()
        for reflection, entry in moved:
            old = datetime.date.fromisoformat(entry.data["old_date"])
            line = f"{reflection.pk}\t{reflection.coalition.slug}\t{reflection.title}\t"
            line += f"{reflection.date:%d-%m-%Y} <- {old:%d-%m-%Y}"
            if restore:
                services.restore_date(reflection=reflection, date=old, actor=None)
                line += "\trestored"
            self.stdout.write(line)
        self.stdout.write(f"{len(moved)} moved date(s)")
