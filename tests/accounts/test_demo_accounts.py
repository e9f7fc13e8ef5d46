import pytest
from django.core.management import CommandError, call_command

from accounts.demo import DEMO_ACCOUNTS
from accounts.models import User


@pytest.mark.django_db
def test_demo_accounts_can_sign_in_with_their_documented_passwords(client, settings):
    settings.DEBUG = True
    call_command("create_demo_accounts")
    call_command("create_demo_accounts")  # running it again changes nothing

    assert User.objects.count() == len(DEMO_ACCOUNTS)
    for account in DEMO_ACCOUNTS:
        assert client.login(email=account.email, password=account.password), account.role
    assert User.objects.get(username="demo-mentor").is_mentor
    assert User.objects.get(username="demo-admin").is_superuser
    assert not User.objects.get(username="demo-learner").is_staff


@pytest.mark.django_db
def test_demo_accounts_are_refused_with_debug_off(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="DEBUG off"):
        call_command("create_demo_accounts")
    assert not User.objects.exists()
