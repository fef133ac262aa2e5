"""Every page of the site, found by walking the URL resolver, with what it takes to open it.

``PAGES`` maps each URL name to the roles that open it and the arguments of its URL in one
world of data (the fictional demo, loaded with every app's ``load_demo`` hook, plus the
few objects the demo lacks). ``EXCLUDED`` lists, with the reason, the URL names that are
not HTML pages a person reads. A URL name in neither fails ``test_every_url_name_is_walked``,
so a new page cannot escape the layout and accessibility checks.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.management import call_command
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from jisr.accounts.models import User
from jisr.campaigns.models import Event, Kit, KitItem
from jisr.elections.models import Candidate, Election, Seat
from jisr.parliament.models import (
    Bill,
    BillPhase,
    Organization,
    Person,
    Question,
    Sitting,
    VoteEvent,
)
from jisr.proposals import services as proposals
from jisr.proposals.models import Delivery, Proposal, Topic
from jisr.proposals.states import Status
from jisr.reports import services as reports
from jisr.reports.models import Frequency, MonthlyReport, Subscriber, Subscription
from jisr.treasury.models import Campaign, Contribution, Expense
from jisr.treasury.models.cash import CountSheet

from ..conftest import signed_in, with_mfa

ANONYMOUS, MEMBER, MODERATOR, ORGANIZER, OFFICE, TREASURER, AUDITOR, DELEGATE = (
    "anonymous",
    "member",
    "moderator",
    "organizer",
    "office",
    "treasurer",
    "auditor",
    "delegate",  # a member who acts for fictional organizations (coalition/base_demo.py)
)
ROLES = (ANONYMOUS, MEMBER, MODERATOR, ORGANIZER, OFFICE, TREASURER, AUDITOR, DELEGATE)
DEMO_EMAIL = "{}@demo.jisr.invalid"


def _flagged_card_payment(campaign):
    """A card gift Stripe reported with another amount: what the treasurer's list shows."""
    from django.utils import timezone

    from jisr.treasury.models import CardFlag, CardPayment
    from jisr.treasury.services import contribution_record

    gift = contribution_record(
        actor=None,
        campaign=campaign,
        method="card",
        currency=campaign.currency,
        gross=2500 if campaign.currency != "IQD" else 25000,
        name="متبرع تجريبي بالبطاقة",
        attested=True,
    )
    return CardPayment.objects.create(
        contribution=gift,
        session_id="cs_test_demo_flagged",
        flag=CardFlag.AMOUNT,
        paid_amount=gift.gross // 10,
        paid_currency=gift.currency,
        flagged_at=timezone.now(),
    )


def _outreach_ask() -> int:
    """The demo's open outreach ask (campaigns/outreach_demo.py)."""
    from jisr.campaigns.models.outreach import Ask, AskStatus

    return Ask.objects.filter(status=AskStatus.PUBLISHED).order_by("pk").first().pk


def _coalition_organization(index: int) -> int:
    """The demo's fictional organization at ``index`` of ``coalition.base_demo``."""
    from jisr.coalition.base_demo import ORGANIZATIONS
    from jisr.coalition.models import Organization as CoalitionOrganization

    return CoalitionOrganization.objects.get(name=ORGANIZATIONS[index][0]).pk


def _statement(status: str) -> dict:
    """The demo's joint statement in ``status`` (coalition/statement_demo.py)."""
    from jisr.coalition.models import Statement

    statement = Statement.objects.filter(status=status).order_by("pk").first()
    assert statement is not None, f"the demo has no {status} statement"
    return {"pk": statement.pk}


def _pledge(what: str) -> int:
    """The demo's pledge records each pledges page needs (``pledges.demo``)."""
    from jisr.pledges import selectors
    from jisr.pledges.models import Category, Link, Platform

    if what == "linked":  # the fullest page: links, evidence, a verdict and its history
        return Link.objects.order_by("pk").first().pledge_id
    if what == "category":
        return Category.objects.filter(pledges__isnull=False).order_by("pk").first().pk
    if what == "party":
        return Platform.objects.filter(owner__isnull=False).order_by("pk").first().owner_id
    if what == "platform":
        return Platform.objects.order_by("pk").first().pk
    if what == "second":  # no rating by the organizer or moderator of the demo yet
        return selectors.waiting_for_second_rating().order_by("pk").first().pk
    return selectors.waiting_for_agreement().order_by("pk").first().pk


class World:
    """The demo's data, plus a draft, an unconfirmed subscription and staff with two-factor
    authentication; attributes name the objects each page needs."""

    def __init__(self):
        call_command("demo_load", stdout=io.StringIO())
        self.users = {role: User.objects.get(email=DEMO_EMAIL.format(role)) for role in ROLES[1:]}
        for role in (MODERATOR, ORGANIZER, TREASURER, AUDITOR, DELEGATE):
            with_mfa(self.users[role])
        member = self.users[MEMBER]
        self.person = Person.objects.filter(activities__isnull=False).order_by("pk").first()
        self.party = (
            Organization.objects.filter(memberships__person=self.person).order_by("pk").first()
        )
        self.vote_event = VoteEvent.objects.order_by("pk").first()
        self.bill = Bill.objects.order_by("pk").first()
        self.bill_phase = BillPhase.objects.filter(term=self.bill.term).order_by("order").first()
        # The demo's late sitting without quorum, with absences and their reasons.
        self.sitting = Sitting.objects.filter(quorum_reached=False).order_by("pk").first()
        self.question = Question.objects.order_by("pk").first()
        # Four representatives side by side on the comparison page.
        compared = Person.objects.filter(votes__isnull=False).distinct().order_by("pk")[:4]
        self.compare = "&".join(f"p={pk}" for pk in compared.values_list("pk", flat=True))
        self.election = Election.objects.order_by("pk").first()
        seat = Seat.objects.filter(run=self.election.current_run).order_by("pk").first()
        self.candidate = Candidate.objects.get(pk=seat.candidate_id)
        self.topic = Topic.objects.order_by("pk").first()
        self.proposal = (
            Proposal.objects.filter(status=Status.ANSWERED).order_by("pk").first()
        )  # public, delivered and answered: the fullest page
        self.in_review = Proposal.objects.filter(status=Status.IN_REVIEW).order_by("pk").first()
        self.draft = proposals.proposal_save_draft(
            actor=member, title="مسودة لتجربة الصفحات", body="نص المسودة.", topic=self.topic
        )
        delivery = Delivery.objects.filter(answer__isnull=True).order_by("pk").first()
        self.office_token = proposals.office_link_token(delivery)
        self.report = MonthlyReport.objects.filter(status="published").order_by("pk").first()
        self.campaign = Campaign.objects.filter(parent__isnull=True).order_by("pk").first()
        self.contribution = Contribution.objects.order_by("pk").first()
        self.expense = Expense.objects.order_by("pk").first()
        self.card_payment = _flagged_card_payment(self.campaign)
        # The demo's town hall: public, the member registered, attendees who chose to be listed.
        self.event = Event.objects.filter(attendance_listing=True).order_by("pk").first()
        self.draft_report = MonthlyReport.objects.filter(status="draft").order_by("pk").first()
        self.kit = Kit.objects.filter(treasury_campaign__isnull=False).order_by("pk").first()
        self.kit_item = KitItem.objects.filter(kit=self.kit).order_by("pk").first()
        visitor = Subscriber.objects.exclude(email="").order_by("pk").first()
        subscription = Subscription.objects.filter(subscriber=visitor).order_by("pk").first()
        self.unsubscribe_token = reports.unsubscribe_token(subscription.key)
        self.unsubscribe_all_token = reports.unsubscribe_all_token(visitor)
        self.manage_token = reports.manage_token(visitor)
        waiting = Subscriber.objects.create(email="waiting@demo.jisr.invalid", language="ar")
        self.confirm_token = reports.confirm_token(
            Subscription.objects.create(
                subscriber=waiting, target_type=None, target_id=None, frequency=Frequency.MONTHLY
            )
        )


@dataclass(frozen=True)
class Page:
    """A page as one role opens it: ``path`` is resolved from the world."""

    name: str
    role: str
    path: str

    @property
    def label(self) -> str:
        return f"{self.name} as {self.role}"


@dataclass(frozen=True)
class Entry:
    roles: tuple[str, ...]
    kwargs: Callable[[World], dict] = field(default=lambda w: {})
    query: str = ""


def _e(*roles: str, kwargs=None, query: str = "") -> Entry:
    return Entry(roles, kwargs or (lambda w: {}), query)


STAFF = (MODERATOR, ORGANIZER, TREASURER, AUDITOR)


def _decision(kind: str) -> dict:
    """The coalition demo's decision of ``kind`` (decision_demo: a closed proposal, an open
    ranked choice and time poll, a draft choice)."""
    from jisr.coalition.models import Decision

    decision = Decision.objects.filter(kind=kind).order_by("pk").first()
    assert decision is not None, f"the demo has no {kind} decision"
    return {"pk": decision.pk}


def _event(status: str) -> dict:
    """The demo's first event in ``status`` (the organizer's demo has a published event to
    come and a closed one with its report)."""
    event = Event.objects.filter(status=status).order_by("pk").first()
    assert event is not None, f"the demo has no {status} event"
    return {"pk": event.pk}


def _coal(what: str) -> dict:
    """The coalition demo's records (``coalition/base_demo.py``, ``coalition_demo.py``)."""
    from jisr.coalition.models import Coalition, CoalitionMembership

    if what == "mine":  # the membership of delegate@'s club, with commitments and offers
        membership = CoalitionMembership.objects.filter(
            left_on__isnull=True, organization__delegates__user__email=DEMO_EMAIL.format(DELEGATE)
        ).order_by("pk")
        return {"pk": membership.first().pk}
    return {"pk": Coalition.objects.order_by("pk").first().pk}


# The roles that open each page. Public pages are walked by a visitor; those whose header
# or body change for members (the account menu, the support button) by a member too.
PAGES: dict[str, Entry] = {
    "home": _e(*ROLES),  # every role's reference for the header's box
    # accounts and allauth
    "accounts:profile": _e(MEMBER),
    "accounts:erase": _e(MEMBER),
    "account_login": _e(ANONYMOUS),
    "account_signup": _e(ANONYMOUS),
    "account_logout": _e(MEMBER),
    "account_reauthenticate": _e(MEMBER),
    "account_email": _e(MEMBER),
    "account_email_verification_sent": _e(ANONYMOUS),
    "account_change_password": _e(MEMBER),
    "account_reset_password": _e(ANONYMOUS),
    "account_reset_password_done": _e(ANONYMOUS),
    "account_reset_password_from_key_done": _e(ANONYMOUS),
    "mfa_index": _e(MEMBER, ORGANIZER),
    "mfa_activate_totp": _e(MEMBER),
    "mfa_deactivate_totp": _e(ORGANIZER),
    "mfa_view_recovery_codes": _e(ORGANIZER),
    "mfa_generate_recovery_codes": _e(ORGANIZER),
    "usersessions_list": _e(MEMBER),
    # staff: parliament
    "parliament_entry:index": _e(ORGANIZER),
    "parliament_entry:vote_event_new": _e(ORGANIZER),
    "parliament_entry:vote_event_correct": _e(ORGANIZER, kwargs=lambda w: {"pk": w.vote_event.pk}),
    "parliament_entry:attendance_new": _e(ORGANIZER),
    "parliament_entry:activity_new": _e(ORGANIZER),
    "parliament_entry:committee_meeting_new": _e(ORGANIZER),
    "parliament_entry:bill_phases": _e(ORGANIZER),
    "parliament_entry:bill_phase_edit": _e(ORGANIZER, kwargs=lambda w: {"pk": w.bill_phase.pk}),
    "parliament_entry:bill_explain": _e(ORGANIZER, kwargs=lambda w: {"pk": w.bill.pk}),
    "parliament_entry:question_new": _e(ORGANIZER),
    "parliament_entry:bill_new": _e(ORGANIZER),
    "parliament_entry:person_new": _e(ORGANIZER),
    "parliament_entry:person_edit": _e(ORGANIZER, kwargs=lambda w: {"pk": w.person.pk}),
    "parliament_entry:person_merge": _e(ORGANIZER, kwargs=lambda w: {"pk": w.person.pk}),
    "parliament_staff:import_upload": _e(ORGANIZER),
    # staff: elections
    "elections_staff:index": _e(ORGANIZER),
    "elections_staff:election_new": _e(ORGANIZER),
    "elections_staff:manage": _e(ORGANIZER, kwargs=lambda w: {"pk": w.election.pk}),
    "elections_staff:election_edit": _e(ORGANIZER, kwargs=lambda w: {"pk": w.election.pk}),
    "elections_staff:import_upload": _e(ORGANIZER, kwargs=lambda w: {"pk": w.election.pk}),
    "elections_staff:allocate": _e(ORGANIZER, kwargs=lambda w: {"pk": w.election.pk}),
    "elections_staff:official": _e(
        ORGANIZER,
        kwargs=lambda w: {"pk": w.election.pk, "constituency_pk": w.candidate.constituency_id},
    ),
    "elections_staff:certify": _e(ORGANIZER, kwargs=lambda w: {"pk": w.election.pk}),
    # staff: proposals
    "proposals_staff:dashboard": _e(ORGANIZER),
    "proposals_staff:moderation": _e(MODERATOR),
    "proposals_staff:moderate": _e(MODERATOR, kwargs=lambda w: {"pk": w.in_review.pk}),
    "proposals_staff:deliver": _e(ORGANIZER, kwargs=lambda w: {"pk": w.proposal.pk}),
    "proposals_staff:answer": _e(ORGANIZER, kwargs=lambda w: {"pk": w.proposal.pk}),
    "proposals_staff:milestone": _e(ORGANIZER, kwargs=lambda w: {"pk": w.proposal.pk}),
    "proposals_staff:link": _e(ORGANIZER, kwargs=lambda w: {"pk": w.proposal.pk}),
    "proposals_staff:outcome": _e(ORGANIZER, kwargs=lambda w: {"pk": w.proposal.pk}),
    "proposals_staff:topics": _e(ORGANIZER),
    "proposals_staff:office_inbox": _e(OFFICE),
    # staff: reports
    "reports_staff:list": _e(ORGANIZER),
    "reports_staff:new": _e(ORGANIZER),
    "reports_staff:edit": _e(ORGANIZER, kwargs=lambda w: {"pk": w.draft_report.pk}),
    "reports_staff:digests": _e(ORGANIZER),
    # staff: people and the audit log
    "staff:dashboard": _e(MODERATOR, ORGANIZER),
    "staff:audit_log": _e(ORGANIZER),
    "staff:import_runs": _e(ORGANIZER),
    "staff:people": _e(ORGANIZER),
    "staff:person_roles": _e(ORGANIZER, kwargs=lambda w: {"pk": w.users[MEMBER].pk}),
    # parliament
    "parliament:representatives": _e(ANONYMOUS),
    "parliament:representative": _e(ANONYMOUS, MEMBER, kwargs=lambda w: {"pk": w.person.pk}),
    "parliament:organizations": _e(ANONYMOUS),
    "parliament:organization": _e(ANONYMOUS, kwargs=lambda w: {"pk": w.party.pk}),
    "parliament:vote_events": _e(ANONYMOUS),
    "parliament:vote_methods": _e(ANONYMOUS),
    "parliament:vote_event": _e(ANONYMOUS, kwargs=lambda w: {"pk": w.vote_event.pk}),
    "parliament:bills": _e(ANONYMOUS),
    "parliament:bill": _e(ANONYMOUS, kwargs=lambda w: {"pk": w.bill.pk}),
    "parliament:sitting": _e(ANONYMOUS, kwargs=lambda w: {"pk": w.sitting.pk}),
    "parliament:questions": _e(ANONYMOUS),
    "parliament:question": _e(ANONYMOUS, kwargs=lambda w: {"pk": w.question.pk}),
    "parliament:compare": _e(ANONYMOUS, query="?{compare}"),
    # elections
    "elections:list": _e(ANONYMOUS),
    "elections:election": _e(ANONYMOUS, kwargs=lambda w: {"pk": w.election.pk}),
    "elections:check": _e(ANONYMOUS, kwargs=lambda w: {"pk": w.election.pk}),
    "elections:candidates": _e(ANONYMOUS, kwargs=lambda w: {"pk": w.election.pk}),
    "elections:candidate": _e(
        ANONYMOUS, kwargs=lambda w: {"pk": w.election.pk, "candidate_pk": w.candidate.pk}
    ),
    "elections:electoral_list": _e(
        ANONYMOUS,
        kwargs=lambda w: {"pk": w.election.pk, "list_pk": w.candidate.electoral_list_id},
    ),
    "elections:constituency": _e(
        ANONYMOUS,
        kwargs=lambda w: {"pk": w.election.pk, "constituency_pk": w.candidate.constituency_id},
    ),
    # proposals
    "proposals:list": _e(ANONYMOUS, MEMBER),
    "proposals:new": _e(MEMBER),
    "proposals:mine": _e(MEMBER),
    "proposals:notifications": _e(MEMBER),
    # (the delegate: the organizations' panel with its forms, coalition/joint)
    "proposals:detail": _e(
        ANONYMOUS, MEMBER, ORGANIZER, DELEGATE, kwargs=lambda w: {"pk": w.proposal.pk}
    ),
    "proposals:edit": _e(MEMBER, kwargs=lambda w: {"pk": w.draft.pk}),
    "proposals:office_answer": _e(ANONYMOUS, kwargs=lambda w: {"token": w.office_token}),
    # reports
    "reports:list": _e(ANONYMOUS),
    "reports:promises": _e(ANONYMOUS),
    # open data
    "opendata:index": _e(ANONYMOUS),
    "reports:detail": _e(ANONYMOUS, kwargs=lambda w: {"pk": w.report.pk}),
    "reports:subscribe": _e(ANONYMOUS, MEMBER, query="?target=parliament.person&id={person}"),
    "reports:confirm": _e(ANONYMOUS, kwargs=lambda w: {"token": w.confirm_token}),
    "reports:unsubscribe": _e(ANONYMOUS, kwargs=lambda w: {"token": w.unsubscribe_token}),
    "reports:unsubscribe_all": _e(ANONYMOUS, kwargs=lambda w: {"token": w.unsubscribe_all_token}),
    "reports:subscriptions": _e(MEMBER),
    "reports:manage": _e(ANONYMOUS, kwargs=lambda w: {"token": w.manage_token}),
    # search
    "search:results": _e(ANONYMOUS, query="?q=الكهرباء"),
    # treasury
    "treasury:campaigns": _e(ANONYMOUS),
    "treasury:campaign": _e(ANONYMOUS, MEMBER, kwargs=lambda w: {"pk": w.campaign.pk}),
    "treasury:give": _e(MEMBER, kwargs=lambda w: {"pk": w.campaign.pk}),
    "treasury:mine": _e(MEMBER),
    "treasury:transparency": _e(ANONYMOUS),
    # staff: treasury
    "treasury_staff:index": _e(TREASURER, AUDITOR),
    "treasury_staff:campaign_new": _e(TREASURER),
    "treasury_staff:campaign_edit": _e(ORGANIZER, kwargs=lambda w: {"pk": w.campaign.pk}),
    "treasury_staff:pending": _e(TREASURER),
    "treasury_staff:contribution_new": _e(TREASURER),
    "treasury_staff:contribution": _e(AUDITOR, kwargs=lambda w: {"pk": w.contribution.pk}),
    "treasury_staff:expenses": _e(TREASURER),
    "treasury_staff:expense_new": _e(ORGANIZER),
    "treasury_staff:expense": _e(TREASURER, kwargs=lambda w: {"pk": w.expense.pk}),
    "treasury_staff:ledger": _e(AUDITOR),
    "treasury_staff:transfer": _e(TREASURER),
    "treasury_staff:card_flagged": _e(TREASURER, AUDITOR),
    "treasury_staff:bank": _e(TREASURER, AUDITOR),
    "treasury_staff:bank_import": _e(TREASURER),
    "treasury_staff:bank_match": _e(TREASURER),
    "treasury_staff:annual": _e(AUDITOR),
    "treasury_staff:cash_sheets": _e(TREASURER, AUDITOR),
    "treasury_staff:cash_sheet_new": _e(TREASURER),
    "treasury_staff:cash_sheet": _e(
        AUDITOR, kwargs=lambda w: {"pk": CountSheet.objects.order_by("pk").first().pk}
    ),
    "treasury_staff:pledges": _e(TREASURER, AUDITOR),
    "treasury_staff:pledge_new": _e(TREASURER),
    "treasury:dues_new": _e(MEMBER),
    # campaigns: reaching family and friends
    "campaigns:reach": _e(ANONYMOUS, MEMBER),
    "campaigns:ask": _e(ANONYMOUS, MEMBER, kwargs=lambda w: {"pk": _outreach_ask()}),
    "campaigns:ask_commit": _e(MEMBER, kwargs=lambda w: {"pk": _outreach_ask()}),
    "campaigns:ask_report": _e(MEMBER, kwargs=lambda w: {"pk": _outreach_ask()}),
    "campaigns:ask_list": _e(MEMBER, kwargs=lambda w: {"pk": _outreach_ask()}),
    "campaigns_staff:reach_asks": _e(ORGANIZER),
    "campaigns_staff:reach_ask_new": _e(ORGANIZER),
    "campaigns_staff:reach_ask_edit": _e(ORGANIZER, kwargs=lambda w: {"pk": _outreach_ask()}),
    "campaigns_staff:reach_ask_scripts": _e(ORGANIZER, kwargs=lambda w: {"pk": _outreach_ask()}),
    # staff: campaigns, the Telegram channel
    "campaigns_staff:channel": _e(ORGANIZER),
    # campaigns: events
    "campaigns:list": _e(ANONYMOUS, MEMBER),
    # coalition (docs/coalition.md): one group per part
    "coalition:list": _e(ANONYMOUS, MEMBER, DELEGATE),
    # coalition: coalitions, the shared calendar and the exchange (coal)
    "coalition:coalition_detail": _e(ANONYMOUS, MEMBER, DELEGATE, kwargs=lambda w: _coal("c")),
    "coalition:coalition_membership_edit": _e(DELEGATE, kwargs=lambda w: _coal("mine")),
    "coalition:calendar": _e(ANONYMOUS, kwargs=lambda w: _coal("c")),
    "coalition:calendar_mine": _e(DELEGATE),
    "coalition:exchange": _e(ANONYMOUS, MEMBER),
    "coalition:resource_new": _e(DELEGATE),
    "coalition_staff:coalition_list": _e(ORGANIZER),
    "coalition_staff:coalition_new": _e(ORGANIZER),
    "coalition_staff:coalition_manage": _e(ORGANIZER, kwargs=lambda w: _coal("c")),
    "coalition_staff:coalition_edit": _e(ORGANIZER, kwargs=lambda w: _coal("c")),
    "coalition_staff:coalition_membership": _e(ORGANIZER, kwargs=lambda w: _coal("mine")),
    "coalition_staff:calendar_cohosts": _e(ORGANIZER),
    # coalition: decisions among organizations (an open time poll shows its results and,
    # to a delegate, the vote form; the organizer's pages: a closed decision, a draft)
    "coalition:decision_list": _e(ANONYMOUS, MEMBER, DELEGATE),
    "coalition:decision_detail": _e(ANONYMOUS, DELEGATE, kwargs=lambda w: _decision("time")),
    "coalition:decision_propose": _e(DELEGATE),
    "coalition_staff:decision_staff_list": _e(ORGANIZER),
    "coalition_staff:decision_new": _e(ORGANIZER),
    "coalition_staff:decision_staff_detail": _e(ORGANIZER, kwargs=lambda w: _decision("proposal")),
    "coalition_staff:decision_options": _e(ORGANIZER, kwargs=lambda w: _decision("choice")),
    "coalition_staff:decision_outcome": _e(ORGANIZER, kwargs=lambda w: _decision("proposal")),
    # coalition: organizations and delegates (the demo's delegate@ is the primary delegate
    # of the first fictional organization; the last one waits for verification)
    "coalition:organization_detail": _e(
        ANONYMOUS, MEMBER, DELEGATE, kwargs=lambda w: {"pk": _coalition_organization(0)}
    ),
    "coalition:organization_register": _e(MEMBER),
    "coalition:organization_mine": _e(MEMBER, DELEGATE),
    "coalition:organization_edit": _e(
        DELEGATE, kwargs=lambda w: {"pk": _coalition_organization(0)}
    ),
    "coalition:organization_members": _e(
        DELEGATE, kwargs=lambda w: {"pk": _coalition_organization(0)}
    ),
    "coalition_staff:organization_queue": _e(ORGANIZER),
    "coalition_staff:organization_review": _e(
        ORGANIZER, kwargs=lambda w: {"pk": _coalition_organization(5)}
    ),
    # coalition: joint statements
    "coalition:statement_list": _e(ANONYMOUS, MEMBER),
    "coalition:statement_detail": _e(
        ANONYMOUS, MEMBER, DELEGATE, kwargs=lambda w: _statement("open")
    ),
    "coalition_staff:statement_index": _e(ORGANIZER),
    "coalition_staff:statement_new": _e(ORGANIZER),
    "coalition_staff:statement_manage": _e(ORGANIZER, kwargs=lambda w: _statement("published")),
    "coalition_staff:statement_version_new": _e(ORGANIZER, kwargs=lambda w: _statement("open")),
    # coalition, joint proposals (a published demo proposal no coalition carries yet)
    "coalition:joint_list": _e(ANONYMOUS, MEMBER, DELEGATE, ORGANIZER),
    "coalition:joint_write": _e(DELEGATE),
    "coalition:joint_adopt": _e(
        DELEGATE,
        kwargs=lambda w: {
            "pk": Proposal.objects.filter(status=Status.PUBLISHED, joint__isnull=True)
            .order_by("pk")
            .values_list("pk", flat=True)
            .first()
        },
    ),
    "campaigns:event": _e(ANONYMOUS, MEMBER, kwargs=lambda w: {"pk": w.event.pk}),
    "campaigns:my_events": _e(MEMBER),
    # campaigns: the organizer's side of events
    "campaigns_staff:events": _e(ORGANIZER),
    "campaigns_staff:event_new": _e(ORGANIZER),
    "campaigns_staff:event": _e(ORGANIZER, kwargs=lambda w: _event("published")),
    "campaigns_staff:event_edit": _e(ORGANIZER, kwargs=lambda w: _event("published")),
    "campaigns_staff:event_checkin": _e(ORGANIZER, kwargs=lambda w: _event("published")),
    "campaigns_staff:event_report": _e(ORGANIZER, kwargs=lambda w: _event("closed")),
    "campaigns:event_feedback": _e(MEMBER, kwargs=lambda w: _event("closed")),
    # campaigns: share kits
    "campaigns:kit": _e(ANONYMOUS, MEMBER, kwargs=lambda w: {"pk": w.kit.pk}),
    "campaigns_staff:kits": _e(ORGANIZER),
    "campaigns_staff:kit_new": _e(ORGANIZER),
    "campaigns_staff:kit": _e(ORGANIZER, kwargs=lambda w: {"pk": w.kit.pk}),
    "campaigns_staff:kit_item_new": _e(ORGANIZER, kwargs=lambda w: {"pk": w.kit.pk}),
    "campaigns_staff:kit_item": _e(ORGANIZER, kwargs=lambda w: {"pk": w.kit_item.pk}),
    # pledges
    "pledges:list": _e(ANONYMOUS),
    "pledges:detail": _e(ANONYMOUS, kwargs=lambda w: {"pk": _pledge("linked")}),
    "pledges:category": _e(ANONYMOUS, kwargs=lambda w: {"pk": _pledge("category")}),
    "pledges:party": _e(ANONYMOUS, kwargs=lambda w: {"pk": _pledge("party")}),
    "pledges:methods": _e(ANONYMOUS),
    # staff: pledges (organizers and moderators rate; organizers do the rest)
    "pledges_staff:index": _e(ORGANIZER, MODERATOR),
    "pledges_staff:categories": _e(ORGANIZER),
    "pledges_staff:category_edit": _e(ORGANIZER, kwargs=lambda w: {"pk": _pledge("category")}),
    "pledges_staff:platforms": _e(ORGANIZER),
    "pledges_staff:platform_new": _e(ORGANIZER),
    "pledges_staff:platform_edit": _e(ORGANIZER, kwargs=lambda w: {"pk": _pledge("platform")}),
    "pledges_staff:pledge_new": _e(ORGANIZER),
    "pledges_staff:pledge": _e(ORGANIZER, MODERATOR, kwargs=lambda w: {"pk": _pledge("linked")}),
    "pledges_staff:pledge_edit": _e(ORGANIZER, kwargs=lambda w: {"pk": _pledge("linked")}),
    "pledges_staff:rate": _e(ORGANIZER, MODERATOR, kwargs=lambda w: {"pk": _pledge("second")}),
    "pledges_staff:agree": _e(ORGANIZER, kwargs=lambda w: {"pk": _pledge("agreement")}),
    "pledges_staff:evidence_new": _e(ORGANIZER, kwargs=lambda w: {"pk": _pledge("linked")}),
    "pledges_staff:link_new": _e(ORGANIZER, kwargs=lambda w: {"pk": _pledge("linked")}),
    "pledges_staff:import_upload": _e(ORGANIZER),
}

# Pages no URL name reaches: the error pages, opened the way a person meets them.
ERROR_PAGES: dict[str, tuple[str, str]] = {
    "error:404": (ANONYMOUS, "/this-page-does-not-exist/"),
    "error:403": (MEMBER, "/staff/people/"),  # a member opening an organizer's page
}

# URL names that are not pages a person reads, and why each is left out.
EXCLUDED: dict[str, str] = {
    # coalition: organizations and delegates
    "coalition:organization_affiliate": "POST only",
    "coalition:organization_appoint": "POST only",
    "coalition:organization_vouch": "POST only",
    "coalition:organization_members_csv": "POST only (a CSV file, an audited export)",
    "coalition:organization_mandate_end": "POST only",
    "coalition_staff:organization_evidence": "POST only",
    "coalition_staff:organization_verify": "POST only",
    "coalition_staff:organization_reject": "POST only",
    # coalition: joint statements
    "coalition:statement_feed": "RSS feed of published statements",
    "coalition:statement_text": "the frozen text as plain text (to recompute its hash)",
    "coalition:statement_pdf": "PDF of a published statement",
    "coalition:statement_sign_organization": "POST only",
    "coalition:statement_sign_person": "POST only",
    "coalition_staff:statement_open": "POST only",
    "coalition_staff:statement_publish": "POST only",
    "coalition_staff:statement_withdraw": "POST only",
    # Machine endpoints, files and feeds: no page layout to check.
    "health_live": "health check (plain text)",
    "health_ready": "health check (JSON)",
    "favicon": "a redirect to the icon file",
    # Jisr's own views in front of allauth's, same addresses: the two-factor set-up journeys
    # walk them at both widths (tests/e2e/test_staff_journeys.py, test_core_loop.py).
    "<unnamed accounts/2fa/totp/activate/>": "two-factor set-up, walked by the journeys",
    "<unnamed accounts/2fa/recovery-codes/>": "two-factor recovery codes, walked by the journeys",
    "parliament:popolo_export": "JSON download",
    "parliament:photo": "image",
    "campaigns:card": "image (the share card PNG)",
    "reports:pdf": "PDF",
    "reports:calendar": "iCalendar file",
    "campaigns:event_ics": "iCalendar file",
    "campaigns:events_feed": "iCalendar feed",
    "coalition:calendar_feed": "iCalendar feed",
    "coalition:calendar_accept": "POST only (accepting to co-host)",
    "coalition:resource_close": "POST only (closing a listing)",
    "coalition_staff:coalition_admit": "POST only (admitting an organization)",
    "coalition_staff:coalition_leave": "POST only (recording that an organization left)",
    "coalition_staff:coalition_group_new": "POST only (creating a working group)",
    "coalition_staff:coalition_group_add": "POST only (adding an organization to a group)",
    "proposals_staff:export_csv": "CSV download",
    "treasury:transparency_csv": "CSV download",
    "treasury:receipt": "PDF",
    "treasury_staff:ledger_csv": "CSV download",
    "treasury_staff:expense_receipt": "a private file download",
    "mfa_download_recovery_codes": "text file download",
    "search:suggest": "htmx fragment, tested on the page that shows it (tests/e2e/test_search.py)",
    # POST-only actions: a GET answers 405 and the result is a redirect.
    "coalition:decision_vote": "POST only (a delegate's vote)",
    "coalition_staff:decision_open": "POST only (opens a draft decision)",
    "coalition:joint_cosign": "POST only (a delegate co-signs; back to the proposal)",
    "coalition:joint_endorse": "POST only (a delegate endorses; back to the proposal)",
    "coalition_staff:joint_decide": "POST only (an organizer adopts or declines)",
    "accounts:export": "POST only (a JSON download)",
    "accounts:language": "POST only",
    "reports:follow": "POST only",
    "proposals:notifications_read": "POST only",
    "proposals:support": "POST only",
    "proposals:report": "POST only",
    "proposals:withdraw": "POST only",
    "reports_staff:publish": "POST only",
    "reports_staff:delete": "POST only",
    "staff:audit_log_verify": "POST only",
    "treasury_staff:contribution_cancel": "POST only",
    "treasury_staff:expense_approve": "POST only",
    "treasury_staff:expense_pay": "POST only",
    "treasury:stripe_webhook": "POST only (Stripe's signed webhook; JSON answer)",
    "treasury_staff:annual_export": "POST only (an audited ZIP download)",
    "treasury_staff:cash_sheet_sign": "POST only",
    "treasury_staff:cash_sheet_deposit": "POST only",
    "treasury_staff:cash_sheet_explain": "POST only",
    "treasury_staff:pledge_stop": "POST only",
    "treasury:dues_stop": "POST only",
    "campaigns_staff:reach_ask_publish": "POST only",
    "campaigns_staff:channel_retry": "POST only",
    "campaigns_staff:channel_confirm": "POST only",
    "campaigns:event_register": "POST only",
    "campaigns:registration_cancel": "POST only",
    "campaigns:registration_accept": "POST only",
    "campaigns:registration_listed": "POST only",
    "campaigns_staff:event_timeslot_remove": "POST only",
    "campaigns_staff:event_publish": "POST only",
    "campaigns_staff:event_cancel": "POST only",
    "campaigns_staff:event_walk_ins": "POST only",
    "campaigns_staff:event_export": "POST only (an audited CSV download)",
    "campaigns_staff:kit_publish": "POST only",
    "campaigns_staff:kit_unpublish": "POST only",
    "campaigns_staff:kit_item_publish": "POST only",
    "campaigns_staff:kit_item_unpublish": "POST only",
    "short_link": "a counted redirect to a page of the site (tests/campaigns/test_kits_public.py)",
    # Pages that only redirect, or need a state only a journey creates.
    "account_inactive": "shown only to a deactivated account (none exists: Jisr erases instead)",
    "account_set_password": "redirects: every account has a password",
    "account_request_reauthentication_code": "login by code is off; redirects",
    "account_confirm_reauthentication_code": "login by code is off; redirects",
    "account_confirm_login_code": "login by code is off; redirects",
    "account_confirm_email": "reached from the e-mail's link (tests/e2e/test_browser.py)",
    "account_reset_password_from_key": "reached from the e-mail's link with a fresh key",
    "mfa_authenticate": "shown only between password and code at sign-in",
    "mfa_reauthenticate": "shown only when a staff action asks for the code again",
    "parliament_staff:import_confirm": "needs an uploaded file; redirects to the upload page",
    "parliament_entry:bill_phase_move": "POST only",
    "elections_staff:import_confirm": "needs an uploaded file; redirects to the upload page",
    "treasury_staff:bank_import_confirm": "needs an uploaded file; redirects to the upload page",
    "pledges_staff:import_confirm": "needs an uploaded file; redirects to the upload page",
    # Django's admin has its own layout and is for the site's operator only.
    "admin:*": "Django's admin (its own layout)",
    # The API: JSON, and Swagger UI's own page.
    "api-v1:*": "the JSON API and its Swagger UI",
    # Feeds are XML.
    "reports:feed_*": "RSS and Atom feeds",
    "pledges:feed": "a pledge's RSS feed",
    # Open-data downloads: a zip and the dump's CSV, JSON and text files.
    "opendata:zip": "a zip download",
    "opendata:file": "a CSV, JSON or text file of the dump",
}


def signed_in_client(world: World, role: str) -> Client:
    """A client signed in as ``role`` with a password and, for staff, the code of their
    authenticator app, and who has just confirmed the password again (so the two-factor
    pages, which ask for that, open at once)."""
    client = Client()
    user = world.users.get(role)
    if user is None:
        return client
    return signed_in(client, user, reauthenticated=True)


def url_names() -> set[str]:
    """Every named URL of the site, with its namespace (``app:name``)."""
    names: set[str] = set()

    def walk(resolver: URLResolver, namespace: str) -> None:
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                inner = namespace
                if pattern.namespace:
                    inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
                walk(pattern, inner)
            elif isinstance(pattern, URLPattern):
                name = pattern.name or f"<unnamed {pattern.pattern}>"
                names.add(f"{namespace}:{name}" if namespace else name)

    walk(get_resolver(), "")
    return names


def is_excluded(name: str) -> bool:
    return any(
        name == rule or (rule.endswith("*") and name.startswith(rule[:-1])) for rule in EXCLUDED
    )


def query_for(entry: Entry, world: World) -> str:
    """The entry's query string, its placeholders filled from the world."""
    return entry.query.format(person=world.person.pk, compare=world.compare)


def pages_for(world: World, role: str) -> list[Page]:
    """The pages ``role`` walks, home first (its header is the reference)."""
    from django.urls import reverse

    found = []
    for name, entry in PAGES.items():
        if role in entry.roles:
            query = query_for(entry, world)
            found.append(Page(name, role, reverse(name, kwargs=entry.kwargs(world)) + query))
    for name, (who, path) in ERROR_PAGES.items():
        if who == role:
            found.append(Page(name, role, path))
    found.sort(key=lambda page: page.name != "home")
    return found
