from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommemorationConfig(AppConfig):
    name = "commemoration"
    verbose_name = _("Commemorations")

    def ready(self):
        from commemoration import checks  # noqa: F401 - registers the system checks
