"""Records that need a check: not updated for too long (`mis_a_jour`), or past their `expire_le`.

`make validate` shows them as warnings (they never stop publication); `make stale`
prints the same list as a report, with the contact to ask for each record. Expired
offers and needs leave the public listings (see `records/lifecycle.py`) but keep their page.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from annuaire.problems import Problem
from annuaire.record_types import BY_NAME, RECORD_TYPES
from annuaire.records import lifecycle
from annuaire.records.consistency import Source


@dataclass(frozen=True)
class Check:
    """One record to check, and why."""

    source: Source
    reason: str  # "expired" or "stale"
    date: str  # the date that makes it so: `expire_le` or `mis_a_jour`
    days: int  # since that date

    @property
    def field(self) -> str:
        return "expire_le" if self.reason == "expired" else "mis_a_jour"

    @property
    def message(self) -> str:
        kind = BY_NAME[self.source.kind]
        if self.reason == "expired":
            gone, pronoun = ("expirée", "elle") if kind.feminine else ("expiré", "il")
            return (
                f"{kind.label.lower()} {gone} depuis le {self.date} ({_days(self.days)}) : {pronoun} n'apparaît plus dans les listes "
                f"du site ; repoussez « expire_le » si {pronoun} est toujours d'actualité, sinon supprimez le fichier"
            )
        return f"fiche non vérifiée depuis le {self.date} ({_days(self.days)}) : relisez-la, puis mettez « mis_a_jour » à la date du jour"

    def problem(self) -> Problem:
        return self.source.problem((self.field,), self.message)


def _days(days: int) -> str:
    return f"{days} jour{'s' if days > 1 else ''}"


def checks(sources: dict[str, list[Source]], today: datetime.date, max_age_days: int) -> list[Check]:
    """Expired offers and needs, then records older than `max_age_days`, in file order."""
    found = []
    for kind in RECORD_TYPES:
        for source in sources.get(kind.name, []):
            if not source.valid or source.data.get("dissoute"):
                continue  # a dissolved association has nothing left to check
            data = source.data
            if lifecycle.is_expired(data, today):
                end = lifecycle.expiry(data)
                found.append(Check(source, "expired", end, (today - datetime.date.fromisoformat(end)).days))
            elif lifecycle.is_stale(data, today, max_age_days):
                found.append(Check(source, "stale", data["mis_a_jour"], lifecycle.age_days(data, today)))
    return sorted(found, key=lambda check: (check.reason != "expired", check.source.shown))


def warnings(sources: dict[str, list[Source]], today: datetime.date, max_age_days: int) -> list[Problem]:
    """One warning a record, except the records imported from the register that nobody checked yet: one line for them all."""
    found = checks(sources, today, max_age_days)
    imported = [check for check in found if check.reason == "stale" and lifecycle.unverified_import(check.source.data)]
    grouped = {id(check) for check in imported}
    problems = [check.problem() for check in found if id(check) not in grouped]
    if imported:
        folder = imported[0].source.shown.rsplit("/", 1)[0]
        problems.append(Problem(folder, 0, "mis_a_jour", f"{len(imported)} fiche(s) importée(s) du registre des associations et jamais vérifiée(s) depuis : « make stale » les liste avec qui contacter"))
    return sorted(problems)


def contact(source: Source, sources: dict[str, list[Source]]) -> str:
    """Whom to ask: the record's own contact, else its organisation's (a project's: its lead partner's)."""
    own = _format_contact(source.data.get("contact"))
    if own:
        return own
    organisations = {item.slug: item for item in sources.get("organisation", []) if item.valid}
    slugs = []
    if source.data.get("organisation"):
        slugs.append(source.data["organisation"])
    partners = source.data.get("partenaires", [])
    slugs += [partner["organisation"] for partner in lifecycle.lead_partners(partners, lambda partner: partner.get("role"))]
    slugs += [partner["organisation"] for partner in partners]
    for slug in slugs:
        organisation = organisations.get(slug)
        if organisation is None:
            continue
        found = _format_contact(organisation.data.get("contact")) or organisation.data.get("site_web", "")
        if found:
            return f"{found} (contact de l'organisation « {organisation.data['nom']} »)"
    if source.data.get("site_web"):
        return source.data["site_web"]
    return "aucun contact dans la fiche : voyez qui l'a proposée dans l'historique du dépôt"


def _format_contact(contact: dict | None) -> str:
    if not contact:
        return ""
    return ", ".join(contact[key] for key in ("nom", "email", "telephone", "formulaire") if contact.get(key))


def report(sources: dict[str, list[Source]], today: datetime.date, max_age_days: int) -> str:
    """The `make stale` report, in French: one block a record, grouped by reason."""
    found = checks(sources, today, max_age_days)
    heading = f"Fiches à vérifier au {today.isoformat()} (non mises à jour depuis plus de {_days(max_age_days)}, ou expirées)"
    if not found:
        return f"{heading} : aucune. Tout est à jour."
    lines = [f"{heading} : {len(found)}."]
    for reason, title in (("expired", "Offres et besoins expirés"), ("stale", f"Fiches non vérifiées depuis plus de {_days(max_age_days)}")):
        group = [check for check in found if check.reason == reason]
        if not group:
            continue
        lines += ["", f"{title} ({len(group)}) :"]
        for check in group:
            kind = BY_NAME[check.source.kind]
            title_field = check.source.data.get(kind.title_field, check.source.slug)
            line, _column = check.source.document.position_of((check.field,))
            lines.append(f"- {check.source.shown}:{line} : {kind.label.lower()} « {title_field} »")
            lines.append(f"  {check.message}")
            lines.append(f"  à qui demander : {contact(check.source, sources)}")
    return "\n".join(lines)
