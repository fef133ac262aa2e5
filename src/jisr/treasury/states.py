"""The contribution's states and the only moves between them (Open Collective's manual
transfers: pending until the money is seen, then paid, or expired when it never came)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .models import ContributionStatus as S

MOVES: dict[str, frozenset[str]] = {
    S.PENDING: frozenset({S.PAID, S.EXPIRED, S.CANCELLED}),
    # A transfer that arrives after its expiry is still money in the bank.
    S.EXPIRED: frozenset({S.PAID, S.CANCELLED}),
    S.PAID: frozenset({S.REFUNDED}),
    S.CANCELLED: frozenset(),
    S.REFUNDED: frozenset(),
}


def check_move(current: str, target: str) -> None:
    if target not in MOVES[current]:
        raise ValidationError(
            _("A contribution that is %(current)s cannot become %(target)s.")
            % {"current": S(current).label, "target": S(target).label},
            code="invalid_move",
        )
