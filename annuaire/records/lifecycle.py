"""What is still public at a given date: offers and needs stop being shown once expired."""

from __future__ import annotations

import datetime

from annuaire.records.model import Record


def is_current(record: Record, today: datetime.date) -> bool:
    """False once `expire_le` is past; records without it never expire."""
    expiry = record.data.get("expire_le")
    return not expiry or expiry >= today.isoformat()


def current(records: list[Record], today: datetime.date) -> list[Record]:
    return [record for record in records if is_current(record, today)]
