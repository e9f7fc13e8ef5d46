from django.core.management.base import BaseCommand

from portfolio.review.checks.links import recheck_portfolio_links


class Command(BaseCommand):
    help = (
        "Re-check the links of approved submissions that are due (monthly, or a day after a "
        "failure) and tell learners whose link broke. Run it daily from cron or a loop."
    )

    def handle(self, *args, **options):
        checked, broken, told = recheck_portfolio_links()
        self.stdout.write(
            f"{checked} link(s) checked, {broken} not answering, {told} learner(s) told"
        )
