"""Who decides on what basis: the burgemeester, the loco-burgemeester under a vervangingsbesluit, the HOvJ under a
mandaatbesluit. Implements art. 2 lid 1 and art. 3 Wth (mandate), R09 (substitution needs a valid record)."""
from __future__ import annotations

from procedure.domain.roles import Role

#: basis key -> how the decision names the decider's authority
BASIS_LABELS = {
    "burgemeester": "de burgemeester zelf",
    "loco_burgemeester": "de loco-burgemeester, ter vervanging van de burgemeester",
    "hovj_mandaat": "de hulpofficier van justitie, in mandaat namens de burgemeester (art. 3 Wth)",
}
#: the roles that sign decisions (with a certificate)
SIGNER_ROLES = frozenset({Role.BURGEMEESTER, Role.LOCO_BURGEMEESTER, Role.HOVJ})
MANDATE_KINDS = {"mandaat": "Mandaatbesluit (HOvJ, art. 3 Wth)",
                 "vervanging": "Vervangingsbesluit (loco-burgemeester)"}
#: the role a record of each kind is for
MANDATE_HOLDER_ROLE = {"mandaat": Role.HOVJ, "vervanging": Role.LOCO_BURGEMEESTER}


def role_text(basis_key: str, municipality: str) -> str:
    """The decider's role as the signed decision states it, e.g. "burgemeester van Venlo"."""
    return {"burgemeester": f"burgemeester van {municipality}",
            "loco_burgemeester": f"loco-burgemeester van {municipality}",
            "hovj_mandaat": f"hulpofficier van justitie, in mandaat namens de burgemeester van {municipality}",
            }[basis_key]
