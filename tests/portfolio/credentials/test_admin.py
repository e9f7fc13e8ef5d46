"""Admins revoke credentials from the admin, with a reason; nothing there issues, edits or
deletes one."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from portfolio.models import Credential
from tests.factories import UserFactory, add_two_factor

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:portfolio_credential_changelist")


def revoke(client, credentials, **data):
    return client.post(
        CHANGELIST,
        {"action": "revoke", ACTION_CHECKBOX_NAME: [c.pk for c in credentials], **data},
    )


def test_revoking_asks_for_the_reason_first(client, issued, site_admin):
    client.force_login(site_admin)

    response = revoke(client, [issued])

    assert response.status_code == 200
    assert "Revoke 1 credential" in response.content.decode()
    issued.refresh_from_db()
    assert issued.revoked_at is None


def test_an_admin_revokes_with_a_reason(client, issued, site_admin):
    client.force_login(site_admin)

    response = revoke(client, [issued], apply="Revoke", reason="  Submitted someone else's work. ")

    assert response.status_code == 302
    issued.refresh_from_db()
    assert issued.revoked_at is not None and issued.revoked_by == site_admin
    assert issued.revocation_reason == "Submitted someone else's work."
    page = client.get(reverse("credentials:verify", args=[issued.pk])).content.decode()
    assert "Reason: Submitted someone else&#x27;s work." in page


def test_an_empty_reason_revokes_nothing(client, issued, site_admin):
    client.force_login(site_admin)

    response = revoke(client, [issued], apply="Revoke", reason="   ")

    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not Credential.objects.filter(revoked_at__isnull=False).exists()


def test_a_mentor_cannot_revoke(client, issued, mentor):
    client.force_login(mentor)

    response = revoke(client, [issued], apply="Revoke", reason="No.")

    assert response.status_code == 403
    issued.refresh_from_db()
    assert issued.revoked_at is None


def test_revoking_needs_the_csrf_token(issued, site_admin):
    client = Client(enforce_csrf_checks=True)
    client.force_login(site_admin)

    response = revoke(client, [issued], apply="Revoke", reason="Forged request.")

    assert response.status_code == 403
    issued.refresh_from_db()
    assert issued.revoked_at is None


def test_the_admin_can_neither_add_change_nor_delete_credentials(client, issued, site_admin):
    client.force_login(site_admin)

    assert client.get(reverse("admin:portfolio_credential_add")).status_code == 403
    assert (
        client.get(reverse("admin:portfolio_credential_delete", args=[issued.pk])).status_code
        == 403
    )
    page = client.get(reverse("admin:portfolio_credential_change", args=[issued.pk]))
    assert page.status_code == 200 and "Save" not in page.content.decode()


def test_staff_who_may_only_view_credentials_cannot_revoke(client, issued):
    viewer = add_two_factor(UserFactory(username="vic", is_staff=True))
    viewer.user_permissions.add(Permission.objects.get(codename="view_credential"))
    client.force_login(viewer)

    assert client.get(CHANGELIST).status_code == 200
    revoke(client, [issued], apply="Revoke", reason="Not allowed.")

    issued.refresh_from_db()
    assert issued.revoked_at is None
