"""Decisions among organizations: one organization, one vote, cast by a delegate; the
electorate frozen when the decision opens; anonymous ballots with no link to who voted;
outcomes and their review reminder."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection, models
from django.utils import timezone

from jisr.accounts.models import User
from jisr.coalition.models import (
    AnonymousBallot,
    Decision,
    DecisionKind,
    DecisionOutcome,
    DecisionParticipation,
    DecisionVote,
    Delegate,
    DelegateRole,
    Organization,
)
from jisr.coalition.services import decisions as services
from jisr.core.audit_actions import Action
from jisr.core.models import AuditEntry

from .decision_factories import close, coalition_with_members, open_decision, option_ids, vote
from .factories import DelegateFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def _counts(decision):
    return (
        DecisionParticipation.objects.filter(decision=decision).count(),
        DecisionVote.objects.filter(decision=decision).count(),
        AnonymousBallot.objects.filter(decision=decision).count(),
    )


def test_one_organization_one_vote_even_through_another_delegate(organizer):
    coalition, (first, *_rest) = coalition_with_members()
    alternate = DelegateFactory(organization=first.organization, role=DelegateRole.ALTERNATE)
    decision = open_decision(organizer, coalition)
    agree, abstain, *_ = option_ids(decision)
    vote(first, decision, [agree])
    for delegate in (first, alternate):
        with pytest.raises(ValidationError) as caught:
            vote(delegate, decision, [abstain])
        assert caught.value.code == "voted"
    assert _counts(decision) == (1, 1, 0)
    assert DecisionVote.objects.get().choices == [agree]


def test_the_named_vote_records_organization_and_delegate_and_may_change_until_close(organizer):
    coalition, (first, *_rest) = coalition_with_members()
    alternate = DelegateFactory(organization=first.organization, role=DelegateRole.ALTERNATE)
    decision = open_decision(organizer, coalition, DecisionKind.CHOICE)
    a, b, _c = option_ids(decision)
    vote(first, decision, [a])
    row = DecisionVote.objects.get()
    assert (row.organization, row.delegate) == (first.organization, first)
    vote(alternate, decision, [b], change=True)
    row.refresh_from_db()
    assert (row.choices, row.delegate, row.organization) == ([b], alternate, first.organization)
    assert _counts(decision) == (1, 1, 0)  # changed, never two
    close(decision)
    with pytest.raises(ValidationError) as caught:
        vote(first, decision, [a], change=True)
    assert caught.value.code == "closed"
    row.refresh_from_db()
    assert row.choices == [b]


def test_only_the_electorate_frozen_at_opening_votes(organizer):
    coalition, _delegates = coalition_with_members(2)
    decision = open_decision(organizer, coalition)
    latecomer = DelegateFactory()
    MembershipFactory(coalition=coalition, organization=latecomer.organization)
    outsider = DelegateFactory()
    for delegate in (latecomer, outsider):
        with pytest.raises(ValidationError) as caught:
            vote(delegate, decision, option_ids(decision)[:1])
        assert caught.value.code == "not_electorate"
    assert decision.electorate.count() == 2
    assert _counts(decision) == (0, 0, 0)


@pytest.mark.parametrize("change", ["observer", "unverified", "ended", "no_two_factor"])
def test_delegates_who_may_not_act_cannot_vote(organizer, change):
    coalition, (first, *_rest) = coalition_with_members()
    decision = open_decision(organizer, coalition)
    delegate = first
    if change == "observer":
        delegate = DelegateFactory(organization=first.organization, role=DelegateRole.OBSERVER)
    elif change == "unverified":
        Organization.objects.filter(pk=first.organization_id).update(status="pending")
        delegate = Delegate.objects.get(pk=first.pk)
    elif change == "ended":
        Delegate.objects.filter(pk=first.pk).update(
            starts_on=datetime.date(2020, 1, 1), ends_on=datetime.date(2020, 2, 1)
        )
        delegate = Delegate.objects.get(pk=first.pk)
    else:
        delegate = DelegateFactory(
            organization=first.organization, user=User.objects.create(email="x@example.org")
        )
    with pytest.raises(ValidationError):
        vote(delegate, decision, option_ids(decision)[:1])
    assert _counts(decision) == (0, 0, 0)


def test_someone_else_cannot_vote_with_a_delegates_mandate(organizer, member):
    coalition, (first, *_rest) = coalition_with_members()
    decision = open_decision(organizer, coalition)
    with pytest.raises(ValidationError):
        services.decision_vote(
            actor=member, delegate=first, decision=decision, choices=option_ids(decision)[:1]
        )
    assert _counts(decision) == (0, 0, 0)


def test_nothing_is_voted_on_a_draft_or_after_close(organizer):
    coalition, (first, *_rest) = coalition_with_members()
    draft = services.decision_create(
        actor=organizer,
        coalition=coalition,
        title="مسودة",
        kind=DecisionKind.PROPOSAL,
        closes_at=timezone.now() + datetime.timedelta(days=1),
    )
    with pytest.raises(ValidationError):
        vote(first, draft, option_ids(draft)[:1])
    decision = close(open_decision(organizer, coalition))
    with pytest.raises(ValidationError) as caught:
        vote(first, decision, option_ids(decision)[:1])
    assert caught.value.code == "closed"
    assert DecisionParticipation.objects.count() == 0


@pytest.mark.parametrize(
    ("kind", "ballot"),
    [(DecisionKind.CHOICE, []), (DecisionKind.RANKED, [0]), (DecisionKind.PROPOSAL, [-1])],
)
def test_a_ballot_that_does_not_fit_is_refused_and_changes_nothing(organizer, kind, ballot):
    coalition, (first, *_rest) = coalition_with_members()
    decision = open_decision(organizer, coalition, kind)
    ids = option_ids(decision)
    with pytest.raises(ValidationError) as caught:
        vote(first, decision, [ids[i] for i in ballot if i >= 0] or ([999_999] if ballot else []))
    assert caught.value.code == "ballot"
    assert _counts(decision) == (0, 0, 0)


def test_an_anonymous_vote_writes_two_unlinked_rows_and_cannot_change(organizer):
    coalition, (first, second, _third) = coalition_with_members()
    decision = open_decision(organizer, coalition, DecisionKind.RANKED, anonymous=True)
    a, b, c = option_ids(decision)
    assert vote(first, decision, [c, a, b]) is None  # the caller never holds the ballot
    vote(second, decision, [a, b, c])
    assert _counts(decision) == (2, 0, 2)
    assert sorted(AnonymousBallot.objects.values_list("choices", flat=True)) == [
        [a, b, c],
        [c, a, b],
    ]
    participation = DecisionParticipation.objects.get(organization=first.organization)
    assert participation.delegate == first and participation.on == timezone.localdate()
    with pytest.raises(ValidationError) as caught:
        vote(first, decision, [a, b, c], change=True)
    assert caught.value.code == "anonymous"
    # The log says an organization voted, never what.
    entries = AuditEntry.objects.filter(action=Action.DECISION_VOTED)
    assert entries.count() == 2
    for ballot in AnonymousBallot.objects.all():
        assert all(str(ballot.pk) not in str(e.__dict__) for e in entries)
        assert all(not e.data for e in entries)


def test_an_anonymous_ballot_has_no_join_path_to_who_voted():
    ballot_fields = {f.name: f for f in AnonymousBallot._meta.get_fields()}
    assert set(ballot_fields) == {"id", "decision", "choices"}
    assert isinstance(ballot_fields["id"], models.UUIDField)  # a random key, no sequence
    assert [f.related_model for f in AnonymousBallot._meta.get_fields() if f.is_relation] == [
        Decision
    ]
    # No time of any kind, and nothing points at a ballot either.
    assert not [f for f in ballot_fields.values() if isinstance(f, models.DateField)]
    for model in (Organization, Delegate, DecisionParticipation, User, Decision):
        assert not [
            f
            for f in model._meta.get_fields()
            if f.is_relation and f.related_model is AnonymousBallot
        ], model
    # The database table agrees: its columns, and no foreign key but the decision's.
    with connection.cursor() as cursor:
        description = connection.introspection.get_table_description(
            cursor, AnonymousBallot._meta.db_table
        )
        relations = connection.introspection.get_relations(cursor, AnonymousBallot._meta.db_table)
    assert {column.name for column in description} == {"id", "decision_id", "choices"}
    assert {target for _column, (_field, target) in relations.items()} == {Decision._meta.db_table}
    # And the participation says who and when, never what.
    assert {f.name for f in DecisionParticipation._meta.concrete_fields} == {
        "id",
        "decision",
        "organization",
        "delegate",
        "on",
    }


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's hidden rowid")
def test_on_sqlite_the_ballots_and_participations_have_no_rowid_in_voting_order():
    with connection.cursor() as cursor:
        for table in ("coalition_anonymousballot", "coalition_decisionparticipation"):
            cursor.execute("SELECT sql FROM sqlite_master WHERE name = %s", [table])
            assert "WITHOUT ROWID" in cursor.fetchone()[0].upper(), table


def test_the_electorate_is_the_current_verified_members_when_it_opens(organizer):
    coalition, delegates = coalition_with_members(3)
    left = delegates[2].organization
    coalition.memberships.filter(organization=left).update(left_on=timezone.localdate())
    decision = open_decision(organizer, coalition)
    assert set(decision.electorate.values_list("organization", flat=True)) == {
        d.organization_id for d in delegates[:2]
    }


def test_a_member_organizations_delegate_may_put_a_decision_forward(member):
    coalition, (first, *_rest) = coalition_with_members()
    decision = services.decision_create(
        actor=first.user,
        delegate=first,
        coalition=coalition,
        title="اقتراح",
        kind=DecisionKind.PROPOSAL,
        closes_at=timezone.now() + datetime.timedelta(days=2),
    )
    assert (decision.proposed_by_organization, decision.proposed_by_delegate) == (
        first.organization,
        first,
    )
    outsider = DelegateFactory()
    with pytest.raises(ValidationError):
        services.decision_create(
            actor=outsider.user,
            delegate=outsider,
            coalition=coalition,
            title="اقتراح",
            kind=DecisionKind.PROPOSAL,
            closes_at=timezone.now() + datetime.timedelta(days=2),
        )
    with pytest.raises(ValidationError):  # neither organizer nor delegate
        services.decision_create(
            actor=member,
            coalition=coalition,
            title="اقتراح",
            kind=DecisionKind.PROPOSAL,
            closes_at=timezone.now() + datetime.timedelta(days=2),
        )
    assert Decision.objects.count() == 1


def test_bad_drafts_are_refused(organizer):
    coalition, _delegates = coalition_with_members(1)
    later = timezone.now() + datetime.timedelta(days=2)
    cases = [
        {"kind": DecisionKind.CHOICE, "closes_at": timezone.now() - datetime.timedelta(hours=1)},
        {"kind": DecisionKind.CHOICE, "closes_at": later, "quorum": 150},
        {"kind": DecisionKind.TIME, "closes_at": later, "options": [("x", "y")]},
    ]
    for case in cases:
        with pytest.raises(ValidationError):
            services.decision_create(actor=organizer, coalition=coalition, title="ق", **case)
    draft = services.decision_create(
        actor=organizer, coalition=coalition, title="ق", kind=DecisionKind.CHOICE, closes_at=later
    )
    with pytest.raises(ValidationError) as caught:  # one option is no choice
        services.decision_open(actor=organizer, decision=draft)
    assert caught.value.code == "options"
    assert Decision.objects.get().opens_at is None


def test_the_outcome_is_recorded_after_close_and_its_review_reminds_once(organizer):
    coalition, delegates = coalition_with_members(2)
    alternate = DelegateFactory(organization=delegates[0].organization, role="alternate")
    decision = open_decision(organizer, coalition)
    with pytest.raises(ValidationError):
        services.decision_outcome_record(actor=organizer, decision=decision, statement="x")
    close(decision)
    review_on = timezone.localdate() + datetime.timedelta(days=30)
    services.decision_outcome_record(
        actor=organizer, decision=decision, statement="قررنا.", review_on=review_on
    )
    assert services.decision_send_review_reminders(actor="system:test") == 0
    assert mail.outbox == []
    later = review_on + datetime.timedelta(days=1)
    assert services.decision_send_review_reminders(actor="system:test", today=later) == 1
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted([organizer.email, *(d.user.email for d in delegates)])
    assert alternate.user.email not in recipients
    assert services.decision_send_review_reminders(actor="system:test", today=later) == 0
    assert len(mail.outbox) == len(recipients) == 3
    assert DecisionOutcome.objects.get().reminded_at is not None
