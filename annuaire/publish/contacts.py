"""Whom a visitor contacts from a record's page: the « Contacter » button's channels.

A record's own contact first. An offer or a need without one falls back to its
organisation's; a project without one to its lead partner's (`lifecycle.lead_partners`:
the « porteur », else its first partner). A dissolved organisation is nobody to call.
The web site is the record's own (organisations and projects have one), else the one of
the organisation whose contact is given.
"""

from __future__ import annotations

from dataclasses import dataclass

from annuaire.publish.markup import safe_url
from annuaire.records.lifecycle import is_dissolved, lead_partners


@dataclass(frozen=True)
class Contact:
    name: str = ""  # a person or a service
    email: tuple[str, str] | None = None  # (name, domain): the page writes them apart, never as one address
    telephone: str = ""
    form: str = ""  # a safe URL
    website: str = ""  # a safe URL
    owner: object = None  # the organisation whose contact this is, when it is not the record's own
    lead: bool = False  # the owner is the project's lead partner

    def __bool__(self) -> bool:
        return bool(self.email or self.telephone or self.form or self.website)


def _contact(data: dict, website: str = "", owner=None, lead: bool = False) -> Contact:
    contact = data.get("contact") or {}
    email = contact.get("email") or ""
    return Contact(
        name=contact.get("nom") or "",
        email=tuple(email.rsplit("@", 1)) if "@" in email else None,
        telephone=contact.get("telephone") or "",
        form=safe_url(contact.get("formulaire")) or "",
        website=website,
        owner=owner,
        lead=lead,
    )


def contact_for(record) -> Contact | None:
    """The channels of `record`'s « Contacter » button, or None when there is none to give."""
    website = safe_url(record.data.get("site_web")) or ""
    own = _contact(record.data, website)
    if own.email or own.telephone or own.form:
        return own
    if record.kind.name == "project":
        fallbacks = [partner.organisation for partner in lead_partners(record.partners, lambda partner: partner.role)]
    else:
        fallbacks = [record.organisation] if record.organisation is not None else []
    for organisation in fallbacks:
        if is_dissolved(organisation):
            continue
        theirs = _contact(organisation.data, website or safe_url(organisation.data.get("site_web")) or "", organisation,
                          lead=record.kind.name == "project")
        if theirs:
            return theirs
    return own or None
