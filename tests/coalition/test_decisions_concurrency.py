"""One organization, one vote, even when its delegates vote at the same moment: the vote
locks the decision's row, and the database refuses a second participation anyway.
PostgreSQL only, as for the treasury's concurrency tests:

    DATABASE_URL=postgres://jisr:jisr@127.0.0.1:5432/jisr_decide \\
        python -m pytest tests/coalition/test_decisions_concurrency.py
"""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from jisr.coalition.models import AnonymousBallot, DecisionKind, DecisionParticipation, DelegateRole
from jisr.coalition.services import decisions as services

from ..accounts.factories import UserFactory
from ..conftest import with_mfa
from .decision_factories import coalition_with_members, open_decision, option_ids
from .factories import DelegateFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL"
    ),
]
DELEGATES = 4


@pytest.mark.parametrize("anonymous", [False, True], ids=["named", "anonymous"])
def test_delegates_of_one_organization_voting_at_once_cast_one_vote(anonymous):
    organizer = with_mfa(UserFactory(roles=["organizer"]))
    coalition, (first, *_rest) = coalition_with_members(2)
    delegates = [first] + [
        DelegateFactory(organization=first.organization, role=DelegateRole.ALTERNATE)
        for _ in range(DELEGATES - 1)
    ]
    decision = open_decision(organizer, coalition, DecisionKind.CHOICE, anonymous=anonymous)
    choice = option_ids(decision)[:1]
    start = threading.Barrier(DELEGATES)
    accepted: list[int] = []
    refused: list[str] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def run(delegate):
        try:
            start.wait()
            services.decision_vote(
                actor=delegate.user, delegate=delegate, decision=decision, choices=choice
            )
            with lock:
                accepted.append(delegate.pk)
        except ValidationError as error:
            with lock:
                refused.append(error.code or "")
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(d,)) for d in delegates]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert len(accepted) == 1 and refused == ["voted"] * (DELEGATES - 1)
    assert DecisionParticipation.objects.filter(decision=decision).count() == 1
    assert AnonymousBallot.objects.filter(decision=decision).count() == (1 if anonymous else 0)
