"""CSV cells that no spreadsheet evaluates: the one escape every CSV the site writes uses.

A cell beginning with =, +, - or @ (or a tab or carriage return, which some spreadsheets
skip before reading the rest) is taken for a formula by Excel, LibreOffice and Sheets;
`=HYPERLINK(...)` in an imported title would run in the committee's spreadsheet. Such
text is stored as it was typed and written out with a leading apostrophe, which
spreadsheets show as text. Numbers (a negative longitude) are left as they are.
"""

import csv

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def escape_cell(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def escape_row(row):
    return [escape_cell(value) for value in row]


class SafeWriter:
    """csv.writer whose rows are escaped; the same writerow/writerows interface."""

    def __init__(self, file, **options):
        self._writer = csv.writer(file, **options)

    def writerow(self, row):
        return self._writer.writerow(escape_row(row))

    def writerows(self, rows):
        return self._writer.writerows(escape_row(row) for row in rows)


def writer(file, **options):
    return SafeWriter(file, **options)
