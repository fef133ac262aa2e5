"""Joint statements' rules: the signing window, one signature per organization and per
person, only delegates who may act sign for an organization, versions keep their
signatures, the threshold is counted on the latest version, publication freezes the text
with a hash that recomputes, and bad input changes nothing."""

import datetime
import hashlib
import unicodedata

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from jisr.coalition.models import (
    DelegateRole,
    IndividualSignature,
    OrganizationSignature,
    OrganizationStatus,
    Statement,
    StatementStatus,
    canonical_bytes,
)
from jisr.coalition.services import statements as services
from jisr.core.models import AuditEntry

from ..accounts.factories import UserFactory
from .factories import DelegateFactory
from .statement_factories import open_statement

pytestmark = pytest.mark.django_db


def _refused(code, call, **kwargs):
    with pytest.raises(ValidationError) as refused:
        call(**kwargs)
    assert refused.value.code == code, refused.value
    return refused.value


def test_a_delegate_signs_for_their_organization_recording_both(organizer):
    statement = open_statement(organizer)
    delegate = DelegateFactory()
    signature = services.statement_sign_organization(
        delegate=delegate, statement=statement, listed=True
    )
    assert signature.organization == delegate.organization
    assert signature.delegate == delegate
    assert signature.version.number == 1


@pytest.mark.usefixtures("english")
def test_a_second_signature_of_the_same_organization_is_refused_and_changes_nothing(organizer):
    statement = open_statement(organizer)
    delegate = DelegateFactory()
    services.statement_sign_organization(delegate=delegate, statement=statement, listed=True)
    alternate = DelegateFactory(organization=delegate.organization, role=DelegateRole.ALTERNATE)
    error = _refused(
        "duplicate",
        services.statement_sign_organization,
        delegate=alternate,
        statement=statement,
        listed=False,
    )
    assert "already signed" in str(error.messages[0])
    row = OrganizationSignature.objects.get()
    assert (row.delegate, row.listed) == (delegate, True)


def test_a_person_signs_once(organizer, member):
    statement = open_statement(organizer)
    services.statement_sign_person(actor=member, statement=statement, listed=True)
    _refused(
        "duplicate", services.statement_sign_person, actor=member, statement=statement, listed=False
    )
    assert IndividualSignature.objects.get().listed is True


@pytest.mark.parametrize(
    ("window", "code"),
    [
        ((1, 5), "before_window"),  # opens tomorrow
        ((-5, -1), "after_window"),  # closed yesterday, not yet closed by the job
    ],
)
def test_signing_outside_the_window_is_refused(organizer, member, window, code):
    now = timezone.now()
    statement = open_statement(
        organizer,
        opens_at=now + datetime.timedelta(days=window[0]),
        closes_at=now + datetime.timedelta(days=window[1])
        if window[1] > 0
        else now + datetime.timedelta(hours=1),
    )
    if window[1] < 0:
        Statement.objects.filter(pk=statement.pk).update(
            opens_at=now + datetime.timedelta(days=window[0]),
            closes_at=now + datetime.timedelta(days=window[1]),
        )
    delegate = DelegateFactory()
    _refused(
        code,
        services.statement_sign_organization,
        delegate=delegate,
        statement=statement,
        listed=True,
    )
    _refused(code, services.statement_sign_person, actor=member, statement=statement, listed=True)
    assert not OrganizationSignature.objects.exists()
    assert not IndividualSignature.objects.exists()


@pytest.mark.usefixtures("english")
def test_observers_unverified_organizations_and_withdrawn_statements_are_refused(organizer):
    statement = open_statement(organizer)
    observer = DelegateFactory(role=DelegateRole.OBSERVER)
    _refused(
        "observer",
        services.statement_sign_organization,
        delegate=observer,
        statement=statement,
        listed=True,
    )
    pending = DelegateFactory(organization__status=OrganizationStatus.PENDING)
    error = _refused(
        "unverified",
        services.statement_sign_organization,
        delegate=pending,
        statement=statement,
        listed=True,
    )
    assert "verified" in error.messages[0]
    services.statement_withdraw(actor=organizer, statement=statement)
    _refused(
        "withdrawn",
        services.statement_sign_organization,
        delegate=DelegateFactory(),
        statement=statement,
        listed=True,
    )
    assert not OrganizationSignature.objects.exists()


def test_a_delegate_without_two_factor_cannot_sign(organizer):
    statement = open_statement(organizer)
    delegate = DelegateFactory(user=UserFactory())
    _refused(
        "two_factor",
        services.statement_sign_organization,
        delegate=delegate,
        statement=statement,
        listed=True,
    )


def test_a_draft_is_not_open_for_signing(organizer, member):
    now = timezone.now()
    draft = services.statement_create(
        actor=organizer,
        title="مسودة",
        text="نص.",
        opens_at=now - datetime.timedelta(days=1),
        closes_at=now + datetime.timedelta(days=3),
        threshold=1,
    )
    _refused("status", services.statement_sign_person, actor=member, statement=draft, listed=True)


def test_a_window_that_closes_before_it_opens_is_refused(organizer):
    now = timezone.now()
    with pytest.raises(ValidationError) as refused:
        services.statement_create(
            actor=organizer,
            title="بيان",
            text="نص.",
            opens_at=now,
            closes_at=now - datetime.timedelta(days=1),
            threshold=1,
        )
    assert "closes_at" in refused.value.message_dict
    assert not Statement.objects.exists()


@pytest.mark.usefixtures("english")
def test_signatures_stay_with_their_version_and_the_threshold_counts_the_latest(organizer):
    statement = open_statement(organizer, threshold=2)
    first, second = DelegateFactory(), DelegateFactory()
    services.statement_sign_organization(delegate=first, statement=statement, listed=True)
    services.statement_sign_organization(delegate=second, statement=statement, listed=True)
    services.statement_add_version(actor=organizer, statement=statement, text="نص معدَّل.")
    assert set(OrganizationSignature.objects.values_list("version__number", flat=True)) == {1}
    error = _refused("threshold", services.statement_publish, actor=organizer, statement=statement)
    assert "0 of the 2" in error.messages[0]
    # Signing again moves the organization's one signature to the latest version.
    services.statement_sign_organization(delegate=first, statement=statement, listed=False)
    services.statement_sign_organization(delegate=second, statement=statement, listed=True)
    assert OrganizationSignature.objects.count() == 2
    assert set(OrganizationSignature.objects.values_list("version__number", flat=True)) == {2}
    published = services.statement_publish(actor=organizer, statement=statement)
    assert published.status == StatementStatus.PUBLISHED
    assert published.published_text == "نص معدَّل."
    assert published.published_version.number == 2


def test_the_published_hash_recomputes_from_the_frozen_text(organizer):
    statement = open_statement(organizer, threshold=1, text="نصٌّ\r\nبسطرين ", text_en=" Two\nlines")
    services.statement_sign_organization(
        delegate=DelegateFactory(), statement=statement, listed=True
    )
    statement = services.statement_publish(actor=organizer, statement=statement)
    # The canonical form, written out as docs/coalition.md describes it.
    expected = (
        unicodedata.normalize("NFC", statement.published_text.replace("\r\n", "\n").strip())
        + "\n\n---\n\n"
        + unicodedata.normalize("NFC", statement.published_text_en.strip())
        + "\n"
    ).encode()
    assert canonical_bytes(statement.published_text, statement.published_text_en) == expected
    assert statement.sha256 == hashlib.sha256(expected).hexdigest()
    # NFC: the same words typed with decomposed marks hash the same.
    decomposed = unicodedata.normalize("NFD", statement.published_text)
    assert canonical_bytes(decomposed, statement.published_text_en) == expected
    # The frozen text does not follow later edits of the version (there are none allowed).
    _refused(
        "status",
        services.statement_add_version,
        actor=organizer,
        statement=statement,
        text="تعديل بعد النشر",
    )


def test_the_clock_publishes_at_the_threshold_and_closes_the_others(organizer):
    reached = open_statement(organizer, threshold=1)
    below = open_statement(organizer, threshold=2)
    services.statement_sign_organization(delegate=DelegateFactory(), statement=reached, listed=True)
    services.statement_sign_organization(delegate=DelegateFactory(), statement=below, listed=True)
    later = timezone.now() + datetime.timedelta(days=8)
    counts = services.statements_close_due(now=later)
    assert counts == {"published": 1, "not_reached": 1}
    reached.refresh_from_db()
    below.refresh_from_db()
    assert reached.status == StatementStatus.PUBLISHED
    assert reached.sha256 == reached.computed_sha256()
    assert below.status == StatementStatus.NOT_REACHED
    assert below.sha256 == ""


def test_the_close_command_leaves_statements_whose_window_is_open(organizer):
    statement = open_statement(organizer, threshold=1)
    call_command("coalition_statements_close", stdout=__import__("io").StringIO())
    statement.refresh_from_db()
    assert statement.status == StatementStatus.OPEN


def test_the_audit_never_says_who_signed_or_whether_it_is_listed(organizer, member):
    statement = open_statement(organizer)
    delegate = DelegateFactory()
    services.statement_sign_organization(delegate=delegate, statement=statement, listed=False)
    services.statement_sign_person(actor=member, statement=statement, listed=False)
    entries = AuditEntry.objects.filter(action__startswith="statement.signed")
    assert entries.count() == 2
    for entry in entries:
        assert entry.object_type == "coalition.statement"
        assert set(entry.data) == {"version"}


def test_erasing_a_person_keeps_the_count_and_drops_the_name(organizer, member):
    from jisr.coalition.hooks.statements import erase_personal_data

    statement = open_statement(organizer)
    services.statement_sign_person(actor=member, statement=statement, listed=True)
    erase_personal_data(member)
    row = IndividualSignature.objects.get()
    assert (row.user, row.listed) == (None, False)
