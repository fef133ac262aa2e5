"""Joint statements: drafting, versions, the signing window, signatures and publication.

An organization signs only through a delegate (``acting.check_may_act``); the signature row
records both. Audit entries target the statement and never say which organization or
person signed, nor whether a signature is listed.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from jisr.accounts.models import User
from jisr.core.audit_actions import Action
from jisr.core.services import audit_append
from jisr.core.transactions import entry_service

from ..acting import check_may_act
from ..models import (
    Coalition,
    Delegate,
    IndividualSignature,
    OrganizationSignature,
    Statement,
    StatementStatus,
    StatementVersion,
)

EDITABLE = (StatementStatus.DRAFT, StatementStatus.OPEN)


def _locked(statement: Statement) -> Statement:
    return Statement.objects.select_for_update().get(pk=statement.pk)


def latest_version(statement: Statement) -> StatementVersion | None:
    return statement.versions.order_by("-number").first()


def _check_window(opens_at: datetime.datetime, closes_at: datetime.datetime) -> None:
    if closes_at <= opens_at:
        raise ValidationError(
            {"closes_at": _("The signing window must close after it opens.")}, code="window"
        )


@entry_service
def statement_create(
    *,
    actor: User,
    title: str,
    title_en: str = "",
    text: str,
    text_en: str = "",
    opens_at: datetime.datetime,
    closes_at: datetime.datetime,
    threshold: int,
    coalition: Coalition | None = None,
    delegate: Delegate | None = None,
) -> Statement:
    """A draft with its first version. ``delegate``: the organization that proposes it,
    through the delegate acting for it (checked like any organization action)."""
    if delegate is not None:
        check_may_act(delegate)
    if not text.strip():
        raise ValidationError({"text": _("Write the statement's text.")}, code="required")
    _check_window(opens_at, closes_at)
    statement = Statement(
        coalition=coalition,
        title=title.strip(),
        title_en=title_en.strip(),
        opens_at=opens_at,
        closes_at=closes_at,
        threshold=threshold,
        organization=delegate.organization if delegate else None,
        delegate=delegate,
        created_by=actor,
    )
    statement.full_clean(exclude=["created_by", "organization", "delegate", "coalition"])
    statement.save()
    StatementVersion.objects.create(
        statement=statement,
        number=1,
        text=text.strip(),
        text_en=text_en.strip(),
        author_user=actor,
        author_delegate=delegate,
    )
    audit_append(actor=actor, action=Action.STATEMENT_CREATED, target=statement)
    return statement


@entry_service
def statement_add_version(
    *,
    actor: User,
    statement: Statement,
    text: str,
    text_en: str = "",
    note: str = "",
    delegate: Delegate | None = None,
) -> StatementVersion:
    """A new text while the statement is a draft or open. Signatures stay with the version
    they signed; only the latest version's count towards the threshold."""
    if delegate is not None:
        check_may_act(delegate)
    statement = _locked(statement)
    if statement.status not in EDITABLE:
        raise ValidationError(
            _("Only a draft or a statement open for signing gets a new version."), code="status"
        )
    if not text.strip():
        raise ValidationError({"text": _("Write the statement's text.")}, code="required")
    number = (statement.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = StatementVersion.objects.create(
        statement=statement,
        number=number,
        text=text.strip(),
        text_en=text_en.strip(),
        note=note.strip(),
        author_user=actor,
        author_delegate=delegate,
    )
    audit_append(
        actor=actor,
        action=Action.STATEMENT_VERSION_ADDED,
        target=statement,
        data={"version": number},
    )
    return version


@entry_service
def statement_open(*, actor: User, statement: Statement) -> Statement:
    """Open a draft for signing (signatures are taken from ``opens_at`` to ``closes_at``)."""
    statement = _locked(statement)
    if statement.status != StatementStatus.DRAFT:
        raise ValidationError(_("Only a draft can be opened for signing."), code="status")
    if statement.closes_at <= timezone.now():
        raise ValidationError(
            _("The signing window has already closed. Set a later closing date."),
            code="window",
        )
    statement.status = StatementStatus.OPEN
    statement.save(update_fields=["status"])
    audit_append(actor=actor, action=Action.STATEMENT_OPENED, target=statement)
    return statement


def _refuse_unless_signable(statement: Statement) -> None:
    if statement.status == StatementStatus.WITHDRAWN:
        raise ValidationError(_("This statement was withdrawn."), code="withdrawn")
    if statement.status != StatementStatus.OPEN:
        raise ValidationError(_("This statement is not open for signing."), code="status")
    window = statement.window_state()
    if window == "before":
        raise ValidationError(_("Signing has not opened yet."), code="before_window")
    if window == "after":
        raise ValidationError(_("The signing window has closed."), code="after_window")


@entry_service
def statement_sign_organization(
    *, delegate: Delegate, statement: Statement, listed: bool
) -> OrganizationSignature:
    """The delegate signs the latest version for their organization, named or not.

    One signature per organization: a second one on the same version is refused; one on an
    earlier version moves to the latest (the organization signs the new text)."""
    check_may_act(delegate)
    statement = _locked(statement)
    _refuse_unless_signable(statement)
    version = latest_version(statement)
    assert version is not None
    existing = OrganizationSignature.objects.filter(
        statement=statement, organization_id=delegate.organization_id
    ).first()
    if existing is not None and existing.version_id == version.pk:
        raise ValidationError(
            _("Your organization has already signed this version."), code="duplicate"
        )
    if existing is None:
        signature = OrganizationSignature.objects.create(
            statement=statement,
            version=version,
            organization_id=delegate.organization_id,
            delegate=delegate,
            listed=listed,
        )
    else:
        signature = existing
        signature.version = version
        signature.delegate = delegate
        signature.listed = listed
        signature.signed_at = timezone.now()
        signature.save(update_fields=["version", "delegate", "listed", "signed_at"])
    audit_append(
        actor=delegate.user,
        action=Action.STATEMENT_SIGNED,
        target=statement,
        data={"version": version.number},
    )
    return signature


@entry_service
def statement_sign_person(
    *, actor: User, statement: Statement, listed: bool
) -> IndividualSignature:
    """A member signs as themself (separately from organizations), once."""
    statement = _locked(statement)
    _refuse_unless_signable(statement)
    version = latest_version(statement)
    assert version is not None
    existing = IndividualSignature.objects.filter(statement=statement, user=actor).first()
    if existing is not None and existing.version_id == version.pk:
        raise ValidationError(_("You have already signed this version."), code="duplicate")
    if existing is None:
        signature = IndividualSignature.objects.create(
            statement=statement, version=version, user=actor, listed=listed
        )
    else:
        signature = existing
        signature.version = version
        signature.listed = listed
        signature.signed_at = timezone.now()
        signature.save(update_fields=["version", "listed", "signed_at"])
    audit_append(
        actor=actor,
        action=Action.STATEMENT_SIGNED_PERSON,
        target=statement,
        data={"version": version.number},
    )
    return signature


def organizations_on(statement: Statement, version: StatementVersion) -> int:
    return OrganizationSignature.objects.filter(statement=statement, version=version).count()


def _freeze(statement: Statement, version: StatementVersion, now: datetime.datetime) -> None:
    statement.status = StatementStatus.PUBLISHED
    statement.published_version = version
    statement.published_text = version.text
    statement.published_text_en = version.text_en
    statement.sha256 = statement.computed_sha256()
    statement.published_at = now
    statement.closed_at = now
    statement.save(
        update_fields=[
            "status",
            "published_version",
            "published_text",
            "published_text_en",
            "sha256",
            "published_at",
            "closed_at",
        ]
    )
    from ..statement_search import index_statement

    index_statement(statement)


@entry_service
def statement_publish(*, actor: User, statement: Statement) -> Statement:
    """An organizer publishes an open statement once the latest version has the threshold
    of organizations: the text is frozen with its SHA-256 and signing ends."""
    statement = _locked(statement)
    if statement.status != StatementStatus.OPEN:
        raise ValidationError(_("Only a statement open for signing can be published."), "status")
    version = latest_version(statement)
    assert version is not None
    signed = organizations_on(statement, version)
    if signed < statement.threshold:
        raise ValidationError(
            _(
                "The latest version has %(signed)d of the %(threshold)d organizations needed; "
                "it cannot be published yet."
            )
            % {"signed": signed, "threshold": statement.threshold},
            code="threshold",
        )
    _freeze(statement, version, timezone.now())
    audit_append(
        actor=actor,
        action=Action.STATEMENT_PUBLISHED,
        target=statement,
        data={"version": version.number, "sha256": statement.sha256},
    )
    return statement


@entry_service
def statement_withdraw(*, actor: User, statement: Statement) -> Statement:
    statement = _locked(statement)
    if statement.status not in EDITABLE:
        raise ValidationError(
            _("Only a draft or a statement open for signing can be withdrawn."), code="status"
        )
    statement.status = StatementStatus.WITHDRAWN
    statement.closed_at = timezone.now()
    statement.save(update_fields=["status", "closed_at"])
    audit_append(actor=actor, action=Action.STATEMENT_WITHDRAWN, target=statement)
    return statement


@entry_service
def statements_close_due(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """The periodic job: every open statement whose window has closed is published when its
    latest version has the threshold, or closed as "did not reach the threshold"."""
    now = now or timezone.now()
    counts = {"published": 0, "not_reached": 0}
    due = Statement.objects.select_for_update().filter(
        status=StatementStatus.OPEN, closes_at__lte=now
    )
    for statement in due.order_by("pk"):
        version = latest_version(statement)
        assert version is not None
        if organizations_on(statement, version) >= statement.threshold:
            _freeze(statement, version, now)
            counts["published"] += 1
            audit_append(
                actor=None,
                action=Action.STATEMENT_PUBLISHED,
                target=statement,
                data={"version": version.number, "sha256": statement.sha256},
            )
        else:
            statement.status = StatementStatus.NOT_REACHED
            statement.closed_at = now
            statement.save(update_fields=["status", "closed_at"])
            counts["not_reached"] += 1
            audit_append(actor=None, action=Action.STATEMENT_NOT_REACHED, target=statement)
    return counts


def signatures_erase_for_user(user: User) -> None:
    """Erasing an account (inside the erasure's transaction): its signatures stay counted,
    without their person and their name."""
    IndividualSignature.objects.filter(user=user).update(user=None, listed=False)
