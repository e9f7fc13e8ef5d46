from django.core.management.base import BaseCommand

from portfolio.credentials.issuer import key_url
from portfolio.credentials.keys import signing_key_active, signing_key_rotate
from portfolio.models import SigningKey


class Command(BaseCommand):
    help = (
        "List the credential signing keys (public halves only), make the first one, or rotate: "
        "a new key signs new credentials and the old ones stay published for verification."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--rotate", action="store_true", help="Retire the active key and make a new one."
        )

    def handle(self, *args, rotate=False, **options):
        if rotate:
            key = signing_key_rotate()
            self.stdout.write(f"New active key {key.name}; earlier keys stay published.")
        else:
            signing_key_active()
        for key in SigningKey.objects.order_by("created_at"):
            state = "active" if key.is_active else f"retired {key.retired_at:%Y-%m-%d}"
            self.stdout.write(f"{key.name}  {state}  {key_url(key)}")
