"""The member area's import: upload a file, see each row checked, confirm, read the report.

The file waits in an ImportBatch (not in the session: it may be megabytes, and any app
server may answer the next request); only its uploader sees it. events.imports parses
and imports it through the services.
"""

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from events import imports
from events.models import ImportBatch
from organizations.models import Organization


class ImportForm(forms.Form):
    organization = forms.ModelChoiceField(
        label=gettext_lazy("For the organization"), queryset=Organization.objects.none()
    )
    file = forms.FileField(
        label=gettext_lazy("File"),
        help_text=gettext_lazy(
            "A CSV file of the template's columns, or an iCalendar (.ics) file; at most 5 MB "
            "and 2,000 events."
        ),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        own = Organization.objects.for_member(user).order_by("name")
        self.fields["organization"].queryset = own
        self.fields["organization"].empty_label = (
            None if own.count() == 1 else gettext_lazy("Choose the organization")
        )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        # Django has written a big upload to a temporary file; read it only once small.
        if upload.size > imports.MAX_BYTES:
            raise forms.ValidationError(_("The file is too big: at most 5 MB."))
        content = upload.read()
        try:
            self.kind = imports.check_file(upload.name, content)
        except imports.BadFile as error:
            raise forms.ValidationError(str(error)) from None
        self.content = content
        return upload


class ConfirmForm(forms.Form):
    submit = forms.TypedChoiceField(
        label=gettext_lazy("Then"),
        choices=[
            ("", gettext_lazy("Keep them as drafts, to check and submit one by one")),
            ("1", gettext_lazy("Submit them all to the committee now")),
        ],
        coerce=bool,
        empty_value=False,
        required=False,
        widget=forms.RadioSelect,
        initial="",
    )


def _own_batch(request, pk):
    return get_object_or_404(ImportBatch, pk=pk, created_by=request.user)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def import_start(request):
    form = ImportForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        batch = ImportBatch.objects.create(
            organization=form.cleaned_data["organization"],
            created_by=request.user,
            kind=form.kind,
            filename=form.cleaned_data["file"].name[:255],
            content=form.content,
        )
        return redirect("my:import_preview", pk=batch.pk)
    return render(request, "my/import_start.html", {"form": form, "max_rows": imports.MAX_ROWS})


@login_required
@require_safe
def import_template(request):
    response = HttpResponse(imports.template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="events-template.csv"'
    return response


@login_required
@require_safe
def import_preview(request, pk):
    batch = _own_batch(request, pk)
    if batch.imported_at is not None or batch.waiting:
        return redirect("my:import_report", pk=batch.pk)
    return _preview(request, batch, ConfirmForm())


def _preview(request, batch, form, status=200):
    try:
        rows = imports.rows_of(batch)
    except imports.BadFile as error:
        return render(
            request,
            "my/import_start.html",
            {
                "form": ImportForm(user=request.user),
                "file_error": str(error),
                "max_rows": imports.MAX_ROWS,
            },
            status=400,
        )
    valid = sum(1 for row in rows if row.is_valid)
    return render(
        request,
        "my/import_preview.html",
        {
            "batch": batch,
            "rows": rows,
            "columns": imports.COLUMNS,
            "valid_count": valid,
            "invalid_count": len(rows) - valid,
            "form": form,
        },
        status=status,
    )


@login_required
@require_POST
def import_confirm(request, pk):
    batch = _own_batch(request, pk)
    form = ConfirmForm(request.POST)
    if not form.is_valid():
        return _preview(request, batch, form, status=400)
    imports.confirm(batch, submit=form.cleaned_data["submit"])
    return redirect("my:import_report", pk=batch.pk)


@login_required
@require_safe
def import_report(request, pk):
    batch = _own_batch(request, pk)
    if batch.imported_at is None and batch.queued_at is None and not batch.report.get("failed"):
        return redirect("my:import_preview", pk=batch.pk)
    return render(request, "my/import_report.html", {"batch": batch, "report": batch.report})
