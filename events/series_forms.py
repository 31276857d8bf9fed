"""The member area's "Repeat this event" form: a few choices made into an RFC 5545 rule,
which events.series reads."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from events.series import MAX_OCCURRENCES

WEEKDAYS = [
    ("MO", _("Monday")),
    ("TU", _("Tuesday")),
    ("WE", _("Wednesday")),
    ("TH", _("Thursday")),
    ("FR", _("Friday")),
    ("SA", _("Saturday")),
    ("SU", _("Sunday")),
]
WEEKLY, MONTHLY = "WEEKLY", "MONTHLY"
BY_WEEKDAY, BY_DAY_OF_MONTH = "weekday", "day"


class RepeatForm(forms.Form):
    frequency = forms.ChoiceField(
        label=_("Repeat"), choices=[(WEEKLY, _("Every week")), (MONTHLY, _("Every month"))]
    )
    interval = forms.IntegerField(
        label=_("Every how many weeks or months"),
        min_value=1,
        max_value=52,
        initial=1,
        help_text=_("1 for every week (or month), 2 for every other one…"),
    )
    weekdays = forms.MultipleChoiceField(
        label=_("On"),
        choices=WEEKDAYS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("For a weekly series: the days of the week."),
    )
    monthly_mode = forms.ChoiceField(
        label=_("Each month on"),
        choices=[(BY_WEEKDAY, _("the same weekday")), (BY_DAY_OF_MONTH, _("the same day"))],
        initial=BY_WEEKDAY,
        widget=forms.RadioSelect,
    )
    until = forms.DateField(
        label=_("Until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("The last day of the series (give this or the number of dates)."),
    )
    count = forms.IntegerField(
        label=_("Number of dates"),
        required=False,
        min_value=2,
        max_value=MAX_OCCURRENCES,
        help_text=_("This event included."),
    )

    def __init__(self, *args, event, **kwargs):
        self.event = event
        start = event.local_starts_at
        self.weekday_code = WEEKDAYS[start.weekday()][0]
        kwargs.setdefault("initial", {}).setdefault("weekdays", [self.weekday_code])
        super().__init__(*args, **kwargs)
        # "the same weekday": the first Friday, the third Monday; the last one from the 5th.
        nth = (start.day - 1) // 7 + 1
        weekday = WEEKDAYS[start.weekday()][1]
        same_weekday = (
            _("the last %(weekday)s") % {"weekday": weekday}
            if nth == 5
            else _("the %(nth)s %(weekday)s") % {"nth": ORDINALS[nth], "weekday": weekday}
        )
        self.nth = -1 if nth == 5 else nth
        self.fields["monthly_mode"].choices = [
            (BY_WEEKDAY, same_weekday),
            (BY_DAY_OF_MONTH, _("day %(day)d") % {"day": start.day}),
        ]

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        if bool(data.get("until")) == bool(data.get("count")):
            raise ValidationError(_("Give either the last day or the number of dates."))
        if data.get("until") and data["until"] <= self.event.local_starts_at.date():
            self.add_error("until", _("Choose a day after the event's own."))
        return data

    def rule(self):
        """The RRULE value of the choices made (after is_valid())."""
        data = self.cleaned_data
        parts = [f"FREQ={data['frequency']}"]
        if data["interval"] > 1:
            parts.append(f"INTERVAL={data['interval']}")
        if data["frequency"] == WEEKLY:
            days = data["weekdays"] or [self.weekday_code]
            parts.append("BYDAY=" + ",".join(code for code, _ in WEEKDAYS if code in days))
        elif data["monthly_mode"] == BY_WEEKDAY:
            parts.append(f"BYDAY={self.nth}{self.weekday_code}")
        else:
            parts.append(f"BYMONTHDAY={self.event.local_starts_at.day}")
        if data.get("count"):
            parts.append(f"COUNT={data['count']}")
        else:
            # The whole last day, in the event's own time (a floating UNTIL).
            parts.append(f"UNTIL={data['until']:%Y%m%d}T235959")
        return ";".join(parts)


ORDINALS = {1: _("first"), 2: _("second"), 3: _("third"), 4: _("fourth")}


class SeriesReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Why?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Shown on the page of every event it applies to."),
    )
