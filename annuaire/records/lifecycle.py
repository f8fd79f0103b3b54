"""A record's life, each rule in one place: the build's date, expiry, dissolution, staleness, the lead partner.

Listings, feeds, exports, the sitemap, JSON-LD, search, matching, `make validate`
and `make stale` all ask here, on a linked `Record` or on a record's raw data alike.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from typing import TypeVar
from zoneinfo import ZoneInfo

T = TypeVar("T")
LEAD_ROLE = "porteur"


def build_date(today: str | None, timezone: str | None = None) -> datetime.date:
    """The build's "today": `today` (an ISO date, the setting ANNUAIRE_TODAY) when set, else the system's date.

    Expiry, matching and the agenda's upcoming and past events depend on it: set
    ANNUAIRE_TODAY to build the same data into the same site on another day. The
    system's date is taken in the site's TIMEZONE, whatever the machine's.
    """
    if today:
        return datetime.date.fromisoformat(today)
    return datetime.datetime.now(ZoneInfo(timezone) if timezone else None).date()


def expiry(data: dict) -> str | None:
    """The date after which an offer or a need is no longer public (`expire_le`), or None."""
    return data.get("expire_le") or None


def is_expired(data: dict, today: datetime.date) -> bool:
    """True once `expire_le` is past; records without it never expire."""
    end = expiry(data)
    return bool(end) and end < today.isoformat()


def is_available(data: dict, today: datetime.date) -> bool:
    """An offer or a need « disponible maintenant » on `today`: started (no `disponibilite.debut`, or
    on or before `today`), not ended (no `disponibilite.fin`, or on or after `today`), not expired."""
    period = data.get("disponibilite") or {}
    day = today.isoformat()
    start, end = period.get("debut"), period.get("fin")
    return (not start or str(start) <= day) and (not end or str(end) >= day) and not is_expired(data, today)


def is_free(data: dict) -> bool:
    """An offer or a need whose terms are « gratuit » (`conditions.type`)."""
    return (data.get("conditions") or {}).get("type") == "gratuit"


# The « Accès » filter of offers and needs, derived from terms and dates: its values, in this order.
ACCESS_VALUES = ("gratuit", "disponible-maintenant")


def access(data: dict, today: datetime.date | None) -> list[str]:
    """The « Accès » values of an offer or a need: « gratuit », and « disponible-maintenant » on `today`
    (never without a date)."""
    return [value for value, holds in (("gratuit", is_free(data)), ("disponible-maintenant", today is not None and is_available(data, today))) if holds]


def is_dissolved(record) -> bool:
    """An organisation dissolved or struck off the register (`dissoute`), or an offer or a need of one.

    It does not depend on the date: what has no build date (the cooperation network,
    partner suggestions) asks this; everything else asks `is_current`.
    """
    owner = record.organisation
    return bool(record.data.get("dissoute") or (owner is not None and owner.data.get("dissoute")))


def is_current(record, today: datetime.date) -> bool:
    """Still public on `today`: shown in listings, feeds, exports, search, matching and the sitemap.

    A record that is not keeps its page, which says why (expired, or dissolved) and is `noindex`.
    """
    return not is_expired(record.data, today) and not is_dissolved(record)


def current(records: list, today: datetime.date) -> list:
    return [record for record in records if is_current(record, today)]


def age_days(data: dict, today: datetime.date) -> int:
    """Days since the record was last checked (`mis_a_jour`)."""
    return (today - datetime.date.fromisoformat(data["mis_a_jour"])).days


def is_stale(data: dict, today: datetime.date, max_age_days: int) -> bool:
    """Not checked for more than `max_age_days`: `make validate` warns, `make stale` lists it."""
    return age_days(data, today) > max_age_days


def unverified_import(data: dict) -> bool:
    """Imported from the register and not checked by anyone since: its date is still the register's own update time."""
    registre = data.get("registre")
    return isinstance(registre, dict) and str(registre.get("maj", ""))[:10] == data.get("mis_a_jour")


def lead_partners(partners: Sequence[T], role: Callable[[T], str]) -> list[T]:
    """Who leads a project: its partners in the lead role (« porteur »), else its first partner."""
    leads = [partner for partner in partners if role(partner) == LEAD_ROLE]
    return leads or list(partners[:1])
