"""The form an organization fills in to report on an event it held.

It translates what the member typed and uploaded; events.reports decides whether the
report stands (the event held, the photos' type and size, how many).
"""

import os

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from events.models import EventReport
from events.posters import POSTER_MAX_BYTES, POSTER_MAX_SIDE, POSTER_MIN_SIDE
from events.report_models import REPORT_MAX_PHOTOS


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field: a list of uploads, each checked as FileField checks one."""

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"})
        )
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data if item]
        return [super().clean(data, initial)] if data else []


def photos_help_text():
    return gettext(
        "Up to %(count)s photos in all, each a JPEG, PNG or WebP image of at most %(size)s, "
        "between %(min)s and %(max)s pixels wide and high. You may choose several at once."
    ) % {
        "count": REPORT_MAX_PHOTOS,
        "size": filesizeformat(POSTER_MAX_BYTES),
        "min": POSTER_MIN_SIDE,
        "max": POSTER_MAX_SIDE,
    }


class ReportForm(forms.ModelForm):
    photos = MultipleFileField(label=_("Photos"), required=False)
    remove_photos = forms.ModelMultipleChoiceField(
        label=_("Remove these photos"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = EventReport
        fields = ["participants", "account"]
        widgets = {"account": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["photos"].help_text = photos_help_text()
        photos = self.instance.photos.all() if self.instance.pk else []
        if photos:
            self.fields["remove_photos"].queryset = self.instance.photos.all()
            self.fields["remove_photos"].label_from_instance = lambda photo: os.path.basename(
                photo.image.name
            )
        else:
            del self.fields["remove_photos"]

    def _post_clean(self):
        # The model's rules are events.reports's to apply, with the event and the photos.
        pass

    def report_data(self):
        return {name: self.cleaned_data[name] for name in ("participants", "account")}
