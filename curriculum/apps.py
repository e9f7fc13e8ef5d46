from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save


class CurriculumConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "curriculum"

    def ready(self):
        # Every write to a catalog row, however it is made (the admin, an import, a shell),
        # retires the cached catalog pages; `CatalogQuerySet` covers the writes that send no
        # signal. Receivers per model, not for every sender: a post_delete receiver makes
        # Django fetch rows before deleting them, which other apps' deletes need not pay.
        from curriculum.cache import catalog_changed

        for model in self.get_models():
            post_save.connect(catalog_changed, sender=model, dispatch_uid=f"catalog-{model}")
            post_delete.connect(catalog_changed, sender=model, dispatch_uid=f"catalog-d-{model}")
            for field in model._meta.local_many_to_many:
                m2m_changed.connect(catalog_changed, sender=field.remote_field.through)
