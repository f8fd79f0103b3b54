"""schema.org descriptions of the records, as JSON-LD for their pages.

Organisations are `NGO` (associations, foundations, informal groups),
`GovernmentOrganization` (local authorities, public bodies), `Corporation`
(companies) or `Organization`, with their title in the register as `legalName` and their `logo`;
they list what they currently offer (`makesOffer`) and seek (`seeks`). Offers
are `Offer`, needs are `Demand` (their photos as `image`), projects are `Project` with their members and
roles (`OrganizationRole`). A project's members are given by their `@id` only,
one `OrganizationRole` a role: each organisation's page carries its full
description under that `@id`, and a project may have hundreds of partners.

`script_json` writes JSON that is safe inside a <script> element: `<`, `>`
and `&` become \\u003c, \\u003e, \\u0026, so a value can never close it.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable

from annuaire.meeting.geo import OWN, place
from annuaire.records.lifecycle import current
from annuaire.records.model import Record
from annuaire.records.schemas import vocabulary

ORGANISATION_TYPES = {
    "association": "NGO",
    "fondation": "NGO",
    "collectif": "NGO",
    "collectivite": "GovernmentOrganization",
    "etablissement-public": "GovernmentOrganization",
    "entreprise": "Corporation",
}
# What is offered, by category: a place, a thing, or else a service.
ITEM_TYPES = {"locaux": "Place", "materiel": "Product", "vehicule": "Product"}

Url = Callable[[Record], str]


def describe(record: Record, url: Url, today: datetime.date | None = None) -> dict:
    """schema.org description; with `today`, an organisation lists only its current offers and needs."""
    kind = record.kind.name
    if kind == "organisation":
        described = _organisation(record, url, today)
    else:
        described = {"offer": _resource, "need": _resource, "project": _project}.get(kind, _common)(record, url)
    return {"@context": "https://schema.org", **described}


def script_json(data: dict) -> str:
    text = json.dumps(data, ensure_ascii=False, sort_keys=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _reference(record: Record, url: Url) -> dict:
    if record.kind.name == "organisation":
        kind = ORGANISATION_TYPES.get(record.data["type"], record.kind.schema_org)
    else:
        kind = record.kind.schema_org
    return {"@type": kind, "@id": url(record), "name": record.title}


def _common(record: Record, url: Url) -> dict:
    data = record.data
    found = {**_reference(record, url), "url": url(record), "description": data["resume"]}
    if data.get("sigle"):
        found["alternateName"] = data["sigle"]
    if data.get("site_web"):
        found["sameAs"] = data["site_web"]
    if record.themes:
        found["keywords"] = ", ".join(theme.title for theme in record.themes)
    contact = data.get("contact") or {}
    # No e-mail: pages write addresses so that harvesters do not read them (publish/contacts.py); here they would.
    if contact.get("telephone"):
        found["telephone"] = contact["telephone"]
    return found


def _address(record: Record) -> dict | None:
    data = record.data
    if not (data.get("adresse") or record.commune):
        return None
    address = {"@type": "PostalAddress", "addressCountry": "FR"}
    if data.get("adresse"):
        address["streetAddress"] = data["adresse"]
    postal = data.get("code_postal") or (record.commune.data["codes_postaux"][0] if record.commune else None)
    if postal:
        address["postalCode"] = postal
    if record.commune:
        address["addressLocality"] = record.commune.title
    return address


def _geo(record: Record) -> dict | None:
    where = place(record, fallback_to_organisation=False)
    if where is None or where.source != OWN:
        return None  # a commune's centre is not the record's position
    return {"@type": "GeoCoordinates", "latitude": where.lat, "longitude": where.lon}


def _organisation(record: Record, url: Url, today: datetime.date | None = None) -> dict:
    data = record.data
    found = _common(record, url)
    if address := _address(record):
        found["address"] = address
    if geo := _geo(record):
        found["geo"] = geo
    if data.get("titre_officiel"):
        found["legalName"] = data["titre_officiel"]
    if data.get("fondee_en"):
        found["foundingDate"] = str(data["fondee_en"])
    if images := _images(record, url):
        found["logo"] = images[0]
    identifiers = [{"@type": "PropertyValue", "propertyID": key.upper(), "value": data[key]} for key in ("rna", "siren", "siret") if data.get(key)]
    if identifiers:
        found["identifier"] = identifiers
    offers = current(record.related["offer"], today) if today else record.related["offer"]
    needs = current(record.related["need"], today) if today else record.related["need"]
    if offers:
        found["makesOffer"] = [_reference(offer, url) for offer in offers]
    if needs:
        found["seeks"] = [_reference(need, url) for need in needs]
    if record.related["project"]:
        found["memberOf"] = [_reference(project, url) for project in record.related["project"]]
    return found


def _images(record: Record, url: Url) -> list[str]:
    """The addresses of the record's logo or photos (`record.pictures`, set by plugins/directory_images), largest copy:
    URLs rather than `ImageObject`s, their alternative text being on the page already."""
    base = url(record).removesuffix(record.url)  # the site's root, as `url` writes it
    return [f"{base}{picture.prefix}{picture.largest.name}" for picture in getattr(record, "pictures", None) or ()]


def _resource(record: Record, url: Url) -> dict:
    data = record.data
    labels = vocabulary(record.kind.schema)
    found = _common(record, url)
    found["category"] = labels["categorie"][data["categorie"]]
    found["itemOffered"] = {"@type": ITEM_TYPES.get(data["categorie"], "Service"), "name": data["titre"]}
    if images := _images(record, url):
        found["image"] = images
    organisation = _reference(record.organisation, url)
    if record.kind.name == "offer":
        found["offeredBy"] = organisation
    else:
        found["@reverse"] = {"seeks": organisation}
    if record.commune:
        found["areaServed"] = {"@type": "City", "name": record.commune.title}
    if address := _address(record):
        found["availableAtOrFrom"] = {"@type": "Place", "address": address, **({"geo": geo} if (geo := _geo(record)) else {})}
    period = data.get("disponibilite") or {}
    if period.get("debut"):
        found["availabilityStarts"] = period["debut"]
    if period.get("fin"):
        found["availabilityEnds"] = period["fin"]
    found["validFrom"] = data["publie_le"]
    if data.get("expire_le"):
        found["validThrough"] = data["expire_le"]
    if data.get("capacite"):
        found["eligibleQuantity"] = {"@type": "QuantitativeValue", "value": data["capacite"]["nombre"], "unitText": data["capacite"]["unite"]}
    terms = labels["conditions.type"][data["conditions"]["type"]]
    details = data["conditions"].get("precisions")
    found["disambiguatingDescription"] = f"Conditions : {terms}" + (f". {details}" if details else "")
    if data["conditions"]["type"] == "gratuit":
        found["price"] = 0
        found["priceCurrency"] = "EUR"
    return found


def _project(record: Record, url: Url) -> dict:
    data = record.data
    found = _common(record, url)
    if data.get("debut"):
        found["foundingDate"] = data["debut"]
    if data.get("fin"):
        found["dissolutionDate"] = data["fin"]
    by_role: dict[str, list[dict]] = {}  # roles in their first partner's order
    for partner in record.partners:
        by_role.setdefault(partner.role_label, []).append({"@id": url(partner.organisation)})
    found["member"] = [{"@type": "OrganizationRole", "roleName": role, "member": members} for role, members in by_role.items()]
    if record.communes:
        found["areaServed"] = [{"@type": "City", "name": commune.title} for commune in record.communes]
    if data.get("recherche"):
        labels = vocabulary(record.kind.schema)["recherche"]
        found["seeks"] = [{"@type": "Demand", "name": labels[item]} for item in data["recherche"]]
    return found
