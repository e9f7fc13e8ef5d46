from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from accounts.demo import DEMO_ACCOUNTS
from accounts.models import User
from portfolio.demo import create_demo_progress


class Command(BaseCommand):
    help = "Give the demo learner some progress (development only: needs DEBUG on)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Demo data is for development: refusing with DEBUG off.")
        handle = next(account.username for account in DEMO_ACCOUNTS if account.role == "learner")
        learner = User.objects.filter(username=handle).first()
        if learner is None:
            raise CommandError("No demo learner: run create_demo_accounts first.")
        created = create_demo_progress(learner)
        self.stdout.write(f"demo learner: {created} milestone(s) ticked")
