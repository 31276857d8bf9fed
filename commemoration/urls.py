from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from commemoration import views
from commemoration.sitemaps import SITEMAPS

urlpatterns = [
    path("", views.home, name="home"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("admin/", admin.site.urls),
    path("accounts/", include("organizations.account_urls")),
    path("my/", include("events.member_urls")),
    path("organizations/", include("organizations.urls")),
    path("api/", include("commemoration.api_urls")),
    # Uploaded files (posters) through the storage API, with DEBUG on or off.
    path(f"{settings.MEDIA_URL.strip('/')}/<path:name>", views.media, name="media"),
    path("", include("events.urls")),
]
