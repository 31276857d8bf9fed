from django.contrib import admin

from commemoration.models import Commemoration


@admin.register(Commemoration)
class CommemorationAdmin(admin.ModelAdmin):
    list_display = ["title", "anchor_date", "starts_on", "ends_on", "is_current"]
    prepopulated_fields = {"slug": ["title"]}
    search_fields = ["title"]
