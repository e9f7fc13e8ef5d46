from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings

from accounts.models import User
from accounts.tasks import send_email


class EmailInBackground:
    """A rendered email whose send() hands it to the task worker: no request waits for SMTP,
    and a sign-up with a new address does no slower work than one with a known address."""

    def __init__(self, message):
        self.message = message

    def send(self):
        alternatives = getattr(self.message, "alternatives", [])
        html = [part.content for part in alternatives if part.mimetype == "text/html"]
        send_email.enqueue(
            subject=self.message.subject,
            body=self.message.body,
            from_email=self.message.from_email,
            to=self.message.to,
            html=html[0] if html else "",
        )


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        return settings.SIGNUP_OPEN

    def populate_username(self, request, user):
        """A neutral random handle until the learner chooses one (never the email's start)."""
        if not user.username:
            user.username = User.objects.unused_random_handle()

    def render_mail(self, template_prefix, email, context, headers=None):
        return EmailInBackground(super().render_mail(template_prefix, email, context, headers))

    def _get_login_attempts_cache_key(self, request, **credentials):
        """allauth counts failed sign-ins per account ("5/5m/key"), so five wrong passwords
        from anywhere locked the owner out. Counted per address and account, they slow the
        guesser down at their address while the owner signs in from theirs; the per-address
        limit ("10/m/ip") still holds a guesser trying many accounts."""
        account = super()._get_login_attempts_cache_key(request, **credentials)
        return f"{self.get_client_ip(request)}|{account}"
