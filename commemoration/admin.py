from django.contrib import admin

from commemoration.models import Commemoration, CommemorationTranslation


class CommemorationTranslationInline(admin.StackedInline):
    """The title, tagline and appeal in another language; the home page shows a visitor
    the version of their language."""

    model = CommemorationTranslation
    extra = 0
    fields = ["language", "title", "tagline", "appeal"]


@admin.register(Commemoration)
class CommemorationAdmin(admin.ModelAdmin):
    inlines = [CommemorationTranslationInline]
    list_display = ["title", "anchor_date", "starts_on", "ends_on", "is_current"]
    prepopulated_fields = {"slug": ["title"]}
    search_fields = ["title"]
