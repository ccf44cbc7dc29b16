"""Selection: a commission of UFR A, validated, with world.users["committee_member"] presiding and
a complete file of world.users["candidate"] on its main list.

Its members, UFR A's agents and region A's ARS examine it; the ASP and the DGOS read its validated
lists and minutes (not the marks); the CNG and candidates do not see it; the candidate sees only
their own result."""

from tests.access import AGENTS_ONLY, POST_ONLY, only

COMMISSION = only(
    {
        "committee_member": 200,
        "ufr_agent": 200,
        "ars_referent": 200,
        "asp_agent": 200,
        "dgos_agent": 200,
        "admin": 200,
    },
    default=404,
)
EXAMINED = {**COMMISSION, "asp_agent": 403, "dgos_agent": 403}

EXPECTED = {
    "selection:index": {**AGENTS_ONLY, "admin": 200},
    "selection:create": POST_ONLY,
    "selection:detail": COMMISSION,
    "selection:member_add": POST_ONLY,
    "selection:sitting_add": POST_ONLY,
    "selection:file": EXAMINED,
    "selection:document": EXAMINED,
    "selection:score": POST_ONLY,
    "selection:conflict": POST_ONLY,
    "selection:interview": POST_ONLY,
    "selection:exclude": POST_ONLY,
    "selection:ranking": EXAMINED,
    "selection:tie_break": POST_ONLY,
    "selection:lists_build": POST_ONLY,
    "selection:validate": POST_ONLY,
    "selection:minutes": COMMISSION,
    "selection:my_applications": only({"candidate": 200}),
}


def url_kwargs(world):
    from tests.selection.builders import clean_document, validated_commission_for_access

    commission, application = validated_commission_for_access(world)
    file = {"pk": commission.pk, "application_pk": application.pk}
    document = clean_document(application)
    return {
        "selection:create": {"campaign_pk": commission.campaign_id},
        "selection:detail": {"pk": commission.pk},
        "selection:member_add": {"pk": commission.pk},
        "selection:sitting_add": {"pk": commission.pk},
        "selection:file": file,
        "selection:document": {**file, "document_pk": document.pk},
        "selection:score": file,
        "selection:conflict": file,
        "selection:interview": file,
        "selection:exclude": file,
        "selection:ranking": {"pk": commission.pk},
        "selection:tie_break": {"pk": commission.pk},
        "selection:lists_build": {"pk": commission.pk},
        "selection:validate": {"pk": commission.pk},
        "selection:minutes": {"pk": commission.pk},
    }
