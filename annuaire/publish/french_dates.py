"""Dates as a French reader writes them: « 1er octobre 2026 », « 13 novembre »."""

from __future__ import annotations

import datetime

from babel.dates import format_date


def as_date(value) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value))


def french_date(value, with_year: bool = True) -> str:
    """Long French date; the first of the month is « 1er » as French typography wants."""
    date = as_date(value)
    text = format_date(date, "d MMMM y" if with_year else "d MMMM", locale="fr_FR")
    return "1er" + text[1:] if date.day == 1 else text
