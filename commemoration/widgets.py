"""Form widgets that render as Django's own do, only faster."""

from django import forms
from django.utils.choices import BaseChoiceIterator, normalize_choices
from django.utils.html import conditional_escape, escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language


class WrittenChoices(BaseChoiceIterator):
    """Choices whose <option> markup (as QuickSelect writes it) is written once for each
    language, instead of on each page: for a list of choices made once and kept (the time
    zones, the countries in use), which every list and calendar page shows."""

    def __init__(self, choices):
        self.choices = normalize_choices(list(choices))
        self._written = {}

    def __iter__(self):
        return iter(self.choices)

    def __len__(self):
        return len(self.choices)

    def __getitem__(self, index):
        return self.choices[index]

    def written(self):
        language = get_language()
        options = self._written.get(language)
        if options is None:
            options = self._written[language] = written_options(self.choices)
        return options


def written_options(choices):
    """The options of `choices` as (value, markup before " selected", markup after), and
    each group's opening and closing tags as (None, tag, "")."""
    options = []
    for group_value, group_label in choices:
        group = isinstance(group_label, (list, tuple))
        if group:
            options.append((None, format_html('\n  <optgroup label="{}">', group_value), ""))
        for option_value, label in group_label if group else [(group_value, group_label)]:
            text = "" if option_value is None else str(option_value)
            head = f'\n  <option value="{escape(text)}"'
            options.append((text, head, f">{conditional_escape(label)}</option>\n"))
        if group:
            options.append((None, "\n  </optgroup>", ""))
    return options


class QuickSelect(forms.Select):
    """forms.Select, its HTML written in Python rather than through a template and a dict
    per option (ChoiceWidget.optgroups): the same markup, at a fraction of the cost for the
    drop-downs of hundreds of choices (time zones, countries) that every list and calendar
    page shows; from the options written once where the choices are WrittenChoices.
    tests/foundation/test_quick_select.py holds it to Django's bytes."""

    def render(self, name, value, attrs=None, renderer=None):
        attrs = forms.Widget.get_context(self, name, value, attrs)["widget"]["attrs"]
        if self.allow_multiple_selected:
            attrs["multiple"] = True
        chosen = set(self.format_value(value))
        choices = self.choices
        if isinstance(choices, WrittenChoices):
            options = choices.written()
        else:
            options = written_options(choices)
        parts = [format_html('<select name="{}"', name), written(attrs), ">"]
        # As ChoiceWidget.optgroups: the first choice equal to a value is selected (every one
        # for a multiple select); a choice whose label is a list is a group.
        selected_one = False
        for text, head, tail in options:
            if text is None:
                parts.append(head)
                continue
            selected = (not selected_one or self.allow_multiple_selected) and text in chosen
            selected_one |= selected
            parts.append(f"{head} selected{tail}" if selected else f"{head}{tail}")
        parts.append("\n</select>")
        return mark_safe("".join(parts))  # noqa: S308 - every value and label escaped above


def written(attrs):
    """The attributes as django/forms/widgets/attrs.html writes them, in their order."""
    return "".join(
        f" {name}" if value is True else format_html(' {}="{}"', name, str(value))
        for name, value in attrs.items()
        if value is not False
    )
