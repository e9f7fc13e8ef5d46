from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from accounts.demo import DEMO_ACCOUNTS, create_demo_accounts


class Command(BaseCommand):
    help = "Create the demo learner, mentor and admin (development only: needs DEBUG on)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Demo accounts have public passwords: refusing with DEBUG off.")
        create_demo_accounts()
        for account in DEMO_ACCOUNTS:
            self.stdout.write(f"{account.role:8} {account.email:22} {account.password}")
