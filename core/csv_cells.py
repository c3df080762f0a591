"""Spreadsheet-safe CSV cells: the one place every CSV the portal writes passes its cells through.

A spreadsheet opening a CSV runs a cell that begins with = + - @ (or a tab or carriage return
before one of them) as a formula: a record's text, from a source document or an editor, could then
run commands or leak data from the reader's machine (OWASP "CSV Injection"). Such cells are written
with a leading single quote, which spreadsheets show as text and which a program reading the CSV
can strip. Dates without a year (`--12-15`) are quoted too: a spreadsheet would otherwise read them
as an expression.
"""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralised(text):
    """The cell text a spreadsheet shows as text, never runs as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def neutralised_row(cells):
    """A row of cell texts, each made safe (see neutralised)."""
    return [neutralised(text) for text in cells]
