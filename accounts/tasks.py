"""Emails of the account pages (verification, password reset, "you already have an account"),
sent by the task worker: rendered in the request, sent outside it."""

from django.core.mail import EmailMultiAlternatives
from django_tasks import task


@task()
def send_email(*, subject: str, body: str, from_email: str, to: list[str], html: str = "") -> int:
    message = EmailMultiAlternatives(subject, body, from_email, to)
    if html:
        message.attach_alternative(html, "text/html")
    return message.send()
