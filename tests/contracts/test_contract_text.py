"""The signed contract says what its cursus and regime make true: read back from the sealed PDF (pypdf)."""

import io

import pytest
from pypdf import PdfReader

from tests.contracts.any_contract import REGIMES, offer_for
from tests.contracts.builders import sign_offer


def signed_text(world, *, cursus, regime, status="student") -> str:
    offer = offer_for(world, cursus=cursus, regime=regime, status=status)
    contract = sign_offer(offer, now=REGIMES[regime].signed)
    assert contract.regime == regime
    pdf = contract.documents.get().file.open("rb").read()
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return " ".join(text.split())  # one space between words, whatever the line breaks


@pytest.mark.parametrize(
    "cursus, regime, degressive",
    [
        ("medecine", "R3", True),
        ("odontologie", "R2", True),
        ("pharmacie", "R3", False),
        ("maieutique", "R3", False),
    ],
)
def test_degressivity_is_said_only_where_the_rules_apply_it(world, signing_pki, cursus, regime, degressive):
    text = signed_text(world, cursus=cursus, regime=regime)
    assert ("dégressi" in text) is degressive
