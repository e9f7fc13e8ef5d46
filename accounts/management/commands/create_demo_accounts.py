from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from accounts.demo import DEMO_ACCOUNTS, DEMO_TOTP_SECRET, create_demo_accounts, totp_code


class Command(BaseCommand):
    help = "Create the demo learner, mentor and admin (development only: needs DEBUG on)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--code",
            action="store_true",
            help="Only print the demo mentor's and admin's current two-factor code.",
        )

    def handle(self, *args, code=False, **options):
        if not settings.DEBUG:
            raise CommandError("Demo accounts have public passwords: refusing with DEBUG off.")
        if code:
            self.stdout.write(totp_code())
            return
        create_demo_accounts()
        for account in DEMO_ACCOUNTS:
            self.stdout.write(f"{account.role:8} {account.email:22} {account.password}")
        self.stdout.write(
            f"Two-factor code for the mentor and admin: `manage.py create_demo_accounts --code`, "
            f"or add the secret {DEMO_TOTP_SECRET} to an authenticator app."
        )
