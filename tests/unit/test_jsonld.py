"""schema.org JSON-LD of the records, and its safe embedding in a <script> element."""

import datetime
import json

from conftest import ROOT, TODAY

from annuaire.publish.jsonld import describe, script_json
from annuaire.records.loader import load_directory


def sample():
    return load_directory(ROOT / "data", datetime.date.fromisoformat(TODAY))


def url(record):
    return f"https://example.org/{record.kind.name}/{record.slug}/"


def test_script_json_cannot_close_the_script_element():
    text = script_json({"name": "</script><script>alert(1)</script> & <!--"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text)["name"] == "</script><script>alert(1)</script> & <!--"


def test_types_and_links_between_records():
    d = sample()
    octet = describe(d.get("organisation", "octet-pour-tous"), url)
    assert octet["@context"] == "https://schema.org" and octet["@type"] == "NGO"
    assert {o["@type"] for o in octet["makesOffer"]} == {"Offer"} and len(octet["makesOffer"]) == 2
    assert [n["@type"] for n in octet["seeks"]] == ["Demand"]
    assert octet["address"]["addressLocality"] == "Guyancourt" and octet["geo"]["latitude"] == 48.7751
    assert {i["propertyID"] for i in octet["identifier"]} == {"RNA"}
    assert describe(d.get("organisation", "tracetel"), url)["@type"] == "Corporation"
    assert describe(d.get("organisation", "ville-la-verriere"), url)["@type"] == "GovernmentOrganization"
    assert describe(d.get("organisation", "mgen"), url)["@type"] == "Organization"
    offer = describe(d.get("offer", "ressourcerie-des-etangs-mobilier-evenementiel"), url)
    assert offer["@type"] == "Offer" and offer["offeredBy"]["@id"] == url(d.get("organisation", "ressourcerie-des-etangs"))
    assert offer["price"] == 0 and offer["eligibleQuantity"]["value"] == 60
    need = describe(d.get("need", "chapiteau-bleu-fourgon-tournee"), url)
    assert need["@type"] == "Demand" and need["@reverse"]["seeks"]["name"] == "Compagnie du Chapiteau Bleu (exemple)"
    project = describe(d.get("project", "ptce-la-verriere"), url)
    assert project["@type"] == "Project"
    # Members by reference, one OrganizationRole a role: each organisation's page describes it in full under that @id.
    ref = {slug: {"@id": url(d.get("organisation", slug))} for slug in ("mgen", "tracetel", "ville-la-verriere")}
    assert project["member"] == [
        {"@type": "OrganizationRole", "roleName": "Partenaire", "member": [ref["mgen"], ref["tracetel"]]},
        {"@type": "OrganizationRole", "roleName": "Autorité publique", "member": [ref["ville-la-verriere"]]},
    ]
    assert describe(d.get("organisation", "mgen"), url)["@id"] == ref["mgen"]["@id"]


def test_title_in_the_register_and_a_dissolved_organisation():
    d = sample()
    day = datetime.date.fromisoformat(TODAY)
    chapiteau = d.get("organisation", "compagnie-du-chapiteau-bleu")
    assert "legalName" not in describe(chapiteau, url) and describe(chapiteau, url, day)["makesOffer"]
    chapiteau.data.update(titre_officiel="COMPAGNIE DU CHAPITEAU BLEU DE VILLEPREUX", dissoute=True)
    described = describe(chapiteau, url, day)
    assert described["legalName"] == "COMPAGNIE DU CHAPITEAU BLEU DE VILLEPREUX"
    assert "makesOffer" not in described and "seeks" not in described  # its offers and needs are no longer current
    assert described["memberOf"][0]["@id"] == url(d.get("project", "groupement-employeurs-ouest-sqy"))
