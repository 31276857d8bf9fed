from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from commemoration import views

urlpatterns = [
    path("", views.home, name="home"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("accounts/", include("organizations.account_urls")),
    path("my/", include("events.member_urls")),
    path("organizations/", include("organizations.urls")),
    path("api/", include("commemoration.api_urls")),
    path("", include("events.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
