"""Form widgets that render as Django's own do, only faster."""

from django import forms
from django.utils.html import conditional_escape, escape, format_html
from django.utils.safestring import mark_safe


class QuickSelect(forms.Select):
    """forms.Select, its HTML written in Python rather than through a template and a dict
    per option (ChoiceWidget.optgroups): the same markup, at a fraction of the cost for the
    drop-downs of hundreds of choices (time zones, countries) that every list and calendar
    page shows. tests/foundation/test_quick_select.py holds it to Django's bytes."""

    def render(self, name, value, attrs=None, renderer=None):
        attrs = forms.Widget.get_context(self, name, value, attrs)["widget"]["attrs"]
        if self.allow_multiple_selected:
            attrs["multiple"] = True
        chosen = set(self.format_value(value))
        parts = [format_html('<select name="{}"', name), written(attrs), ">"]
        # As ChoiceWidget.optgroups: the first choice equal to a value is selected (every one
        # for a multiple select); a choice whose label is a list is a group.
        selected_one = False
        for group_value, group_label in self.choices:
            group = isinstance(group_label, (list, tuple))
            if group:
                parts.append(format_html('\n  <optgroup label="{}">', group_value))
            for option_value, label in group_label if group else [(group_value, group_label)]:
                text = "" if option_value is None else str(option_value)
                selected = (not selected_one or self.allow_multiple_selected) and text in chosen
                selected_one |= selected
                parts.append(
                    f'\n  <option value="{escape(text)}"{" selected" if selected else ""}>'
                    f"{conditional_escape(label)}</option>\n"
                )
            if group:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts))


def written(attrs):
    """The attributes as django/forms/widgets/attrs.html writes them, in their order."""
    return "".join(
        f" {name}" if value is True else format_html(' {}="{}"', name, str(value))
        for name, value in attrs.items()
        if value is not False
    )
