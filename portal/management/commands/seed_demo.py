from django.core.management.base import BaseCommand

from portal.demo import seed


class Command(BaseCommand):
    help = "Load demo data for every role (idempotent: a second run adds nothing twice)."

    def handle(self, *args, **options):
        seed(stdout=self.stdout)
