from django.apps import AppConfig


class AccountsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "accounts"
    # allauth's own app is "Accounts" in the admin too: one heading each, not two alike.
    verbose_name = "People"
