"""Offers and contracts: the candidate's own, their UFR's and region's agents, the national agencies;
the signed PDF only to the beneficiary and the ASP."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from cesp.contracts.offers import offers_dispatch_all
from tests.access import POST_ONLY, PUBLIC, only
from tests.conftest import ROLES

NOW = datetime(2027, 7, 3, 10, 0, tzinfo=ZoneInfo("Europe/Paris"))
SCOPED = {**dict.fromkeys(ROLES, 200), "anonymous": 302}

EXPECTED = {
    "contracts:index": SCOPED,
    "contracts:dispatch": POST_ONLY,
    "contracts:offer_detail": SCOPED,
    "contracts:offer_preview": SCOPED,
    "contracts:offer_sign": POST_ONLY,
    "contracts:offer_decline": POST_ONLY,
    "contracts:contract_detail": SCOPED,
    "contracts:contract_download": only({"candidate": 200, "asp_agent": 200, "admin": 200}, default=404),
    "contracts:bank_details": POST_ONLY,
    "contracts:iban_reveal": POST_ONLY,
    "contracts:reissue": POST_ONLY,
    "contracts:verify": PUBLIC,
}

# POST of the whole IBAN's reveal (tests/contracts/test_iban_reveal.py): only an ASP agent, with a reason.
IBAN_REVEAL_POST = only({"asp_agent": 200}, default=403)


def url_kwargs(world):
    """The world's candidate, first on UFR A's main list, holds a signed contract (PDF stored as is:
    access is what is tested here, sealing in tests/contracts)."""
    from tests.contracts.builders import publish_quota, stored_contract, validated_lists

    # Another year than the other modules' campaigns of UFR A (one campaign per UFR and year).
    (application,) = validated_lists(
        world, n_main=1, first_candidate=world.users["candidate"], year="2025-2026"
    )
    application.submitted_at = datetime(2026, 3, 2, 10, 0, tzinfo=ZoneInfo("Europe/Paris"))
    application.save(update_fields=["submitted_at"])
    publish_quota(world, 1, year="2025-2026", effective_on=date(2026, 7, 2))
    (offer,) = offers_dispatch_all(now=NOW)
    contract = stored_contract(offer, decided_at=NOW + timedelta(minutes=1))
    return {
        "contracts:offer_detail": {"pk": offer.pk},
        "contracts:offer_preview": {"pk": offer.pk},
        "contracts:offer_sign": {"pk": offer.pk},
        "contracts:offer_decline": {"pk": offer.pk},
        "contracts:contract_detail": {"pk": contract.pk},
        "contracts:contract_download": {"pk": contract.pk, "version": 1},
        "contracts:bank_details": {"pk": contract.pk},
        "contracts:iban_reveal": {"pk": contract.pk},
        "contracts:reissue": {"pk": contract.pk},
    }
