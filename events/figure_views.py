"""/figures/: where the current commemoration stands, as charts, tables and CSV files.

The numbers are events.figures's; the committee also sees who has registered nothing.
"""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.http import require_safe

from commemoration.selectors import current_commemoration
from events import charts, csv_safety, figures
from events.selectors import key_figures
from events.services import may_moderate

# A chart of 250 countries or 3,000 organizations helps nobody: the page shows the
# largest, and the CSV gives every row.
ROWS_SHOWN = 20


def _shown(table):
    return table.rows if table.shape == "columns" else table.rows[:ROWS_SHOWN]


@require_safe
def figures_page(request):
    commemoration = current_commemoration(request)
    context = {"commemoration": commemoration, "rows_shown": ROWS_SHOWN}
    if commemoration is not None:
        sections = []
        for build in figures.PUBLIC_TABLES.values():
            table = build(commemoration)
            rows = _shown(table)
            sections.append(
                {
                    "table": table,
                    "rows": rows,
                    "more": len(table.rows) - len(rows),
                    "chart": charts.chart_for(table, rows, dom_id=f"chart-{table.name}"),
                }
            )
        by_name = {section["table"].name: section["table"] for section in sections}
        context.update(
            key=key_figures(commemoration),
            participants=sum(row.value for row in by_name["participants-by-country"].rows),
            sections=sections,
        )
        if may_moderate(request.user):
            context["committee"] = {
                "organizations": figures.organizations_without_events(commemoration),
                "countries": figures.countries_without_events(commemoration),
            }
    return render(request, "events/figures.html", context)


def _table(request, name):
    build = figures.PUBLIC_TABLES.get(name)
    commemoration = current_commemoration(request)
    if build is None or commemoration is None:
        raise Http404("No such table.")
    return commemoration, build(commemoration)


@require_safe
def figures_csv(request, name):
    """Every row of one table, UTF-8 with a byte-order mark so that spreadsheets read it."""
    commemoration, table = _table(request, name)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{commemoration.slug}-{name}.csv"'
    response.write("\ufeff")
    writer = csv_safety.writer(response)
    writer.writerow(table.csv_columns)
    writer.writerows((row.key, row.label, row.value) for row in table.rows)
    return response


@require_safe
def figures_svg(request, name):
    """One chart, as the page shows it, for other sites and documents."""
    _commemoration, table = _table(request, name)
    chart = charts.chart_for(table, _shown(table), dom_id=f"chart-{table.name}")
    return HttpResponse(
        render_to_string("events/chart.svg", {"chart": chart}, request),
        content_type="image/svg+xml; charset=utf-8",
    )
