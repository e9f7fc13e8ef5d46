from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db.models import Exists, OuterRef

from accounts.models import DeletedAccount, User
from roadmap.admin import ReadOnlyAdmin


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "email", "display_name", "is_mentor", "is_superuser", "last_login"]
    list_filter = ["groups", "is_staff", "is_superuser", "is_active"]
    search_fields = ["username", "email", "display_name", "github_username"]
    fieldsets = [
        *BaseUserAdmin.fieldsets,
        ("Profile", {"fields": ["display_name", "bio", "github_username"]}),
    ]
    actions = ["make_mentor", "remove_mentor"]

    def get_queryset(self, request):
        mentors = User.objects.mentors().filter(pk=OuterRef("pk"))
        return super().get_queryset(request).annotate(mentor=Exists(mentors))

    @admin.display(boolean=True, description="Mentor", ordering="mentor")
    def is_mentor(self, user):
        return user.mentor

    @admin.action(description="Make mentor", permissions=["change"])
    def make_mentor(self, request, queryset):
        for user in queryset:
            user.make_mentor()
        self.message_user(request, f"{len(queryset)} user(s) are now mentors.", messages.SUCCESS)

    @admin.action(description="Remove mentor role", permissions=["change"])
    def remove_mentor(self, request, queryset):
        for user in queryset:
            user.remove_mentor()
        self.message_user(request, f"{len(queryset)} user(s) are no longer mentors.")


@admin.register(DeletedAccount)
class DeletedAccountAdmin(ReadOnlyAdmin):
    """Who deleted their account, when, and how many rows and files went with it."""

    list_display = ["handle", "user_id", "was_mentor", "deleted_at", "what_went"]
    list_filter = ["was_mentor"]
    search_fields = ["handle", "=user_id"]
    date_hierarchy = "deleted_at"

    @admin.display(description="What went")
    def what_went(self, record):
        return ", ".join(f"{label}: {count}" for label, count in record.counts.items())
