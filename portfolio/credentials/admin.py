"""Credentials and signing keys in the admin: to look at, and to revoke credentials with a
reason. Nothing here can issue, edit or delete a credential, and no page shows a private key."""

import json

from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.template.response import TemplateResponse
from django.utils.html import format_html

from portfolio.credentials.forms import RevokeForm
from portfolio.credentials.issue import credential_revoke
from portfolio.models import Credential, SigningKey
from roadmap.admin import ReadOnlyAdmin


@admin.register(Credential)
class CredentialAdmin(ReadOnlyAdmin):
    list_display = ["name", "kind", "user", "issued_at", "status"]
    list_filter = ["kind", ("revoked_at", admin.EmptyFieldListFilter), "issued_at"]
    list_select_related = ["user"]
    search_fields = ["name", "user__username", "user__email", "=id"]
    date_hierarchy = "issued_at"
    fields = [
        "public_page", "name", "kind", "user", "issued_at", "valid_until", "signing_key",
        "revoked_at", "revoked_by", "revocation_reason", "pretty_document", "jwt",
    ]  # fmt: skip
    readonly_fields = fields
    actions = ["revoke"]

    @admin.display(description="Status")
    def status(self, credential):
        return "Revoked" if credential.is_revoked else "Issued"

    @admin.display(description="Public page")
    def public_page(self, credential):
        url = credential.get_absolute_url()
        return format_html('<a href="{}">{}</a>', url, url)

    @admin.display(description="OpenBadgeCredential")
    def pretty_document(self, credential):
        return format_html("<pre>{}</pre>", json.dumps(credential.document, indent=2))

    def has_revoke_permission(self, request):
        return request.user.has_perm("portfolio.revoke_credential")

    @admin.action(description="Revoke selected credentials…", permissions=["revoke"])
    def revoke(self, request, queryset):
        """A page asking for the reason first; revokes when it comes back with one."""
        form = RevokeForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            revoked = sum(
                credential_revoke(credential=c, by=request.user, reason=form.cleaned_data["reason"])
                for c in queryset
            )
            self.message_user(request, f"{revoked} credential(s) revoked.", messages.SUCCESS)
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": "Revoke credentials",
            "credentials": list(queryset),
            "form": form,
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/portfolio/credential/revoke.html", context)


@admin.register(SigningKey)
class SigningKeyAdmin(ReadOnlyAdmin):
    """The public halves only: the private key field is never listed, shown or editable."""

    list_display = ["name", "is_active", "created_at", "retired_at"]
    fields = ["name", "is_active", "created_at", "retired_at", "public_jwk"]
    readonly_fields = fields
