from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommemorationConfig(AppConfig):
    name = "commemoration"
    verbose_name = _("Commemorations")
