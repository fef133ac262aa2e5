"""Every HTML form of the site posted with random data, and every page opened with random
query strings, as a visitor and as each role: no answer is a 5xx and nothing raises.

The forms' fields are found, not listed: every page is opened (as a visitor and as an
account holding every role) and every ``<form method="post">`` in it is read — its
action, its fields, the values its selects, radios and buttons offer. Each view that
accepts a POST (``POST_VIEWS``) is then posted with Hypothesis data built from those
real field names: real values, random and Arabic text, huge text, NUL bytes,
Arabic-Indic and Persian digits, negative and huge numbers, impossible dates, and random
files where the form takes a file. A view that shows no form of its own (a button on
another page …) still gets the names views read without a form. URL parameters are
real ids of the fuzz world, or random ones. Besides the random examples, fixed probes
(``BAD_VALUES`` …) put values known to break code into every field and parameter at once.

Two tests keep the lists in step with the site: ``test_every_url_is_fuzzed`` fails when
a URL appears whose parameters the tests cannot fill (add it to ``URL_KWARGS``), and
``test_every_post_view_is_listed`` when a view starts accepting a POST (add it to
``POST_VIEWS``).

Each request runs in a savepoint that is rolled back (``example_rollback``) with the
session of its role set anew, so what one did (sign out, erase the account, switch the
language …) never changes the next.
"""

import re
from datetime import date, timedelta
from functools import cache
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.exceptions import Resolver404
from hypothesis import given
from hypothesis import strategies as st

from ..accounts.factories import UserFactory
from ..conftest import session_cookie
from .conftest import FUZZ_EXAMPLES, ROLES, example_rollback, fuzz_settings

# Fewer examples per form and per page than per API operation: there are ~65 forms and
# ~125 pages, and each example is sent as all 6 roles. JISR_FUZZ_EXAMPLES raises them
# all together.
FORM_EXAMPLES = max(3, FUZZ_EXAMPLES // 8)
PAGE_EXAMPLES = max(1, FUZZ_EXAMPLES // 20)

# Not fuzzed here, with the reason.
SKIPPED_PREFIXES = {
    "admin/": "Django's own administration site",
    "api/": "the JSON API: test_api_schema.py",
}
SKIPPED_NAMES = {
    # The import uploads belong with the importers (test_importers.py fuzzes those).
    "parliament_staff:import_upload",
    "parliament_staff:import_confirm",
    "elections_staff:import_upload",
    "elections_staff:import_confirm",
    "treasury_staff:bank_import",
    "treasury_staff:bank_import_confirm",
    "pledges_staff:import_upload",
    "pledges_staff:import_confirm",
}

# Every URL that accepts a POST; test_every_post_view_is_listed keeps this in step with
# the site. Those it shows no form for still get COMMON_POST and, where given,
# the fields of FIELDS_OF.
POST_VIEWS = {
    "coalition:calendar_accept",
    "coalition:calendar_mine",
    "coalition:coalition_membership_edit",
    "coalition:decision_propose",
    "coalition:decision_vote",
    "coalition:joint_adopt",
    "coalition:joint_cosign",
    "coalition:joint_endorse",
    "coalition:joint_write",
    "coalition:organization_affiliate",
    "coalition:organization_appoint",
    "coalition:organization_edit",
    "coalition:organization_mandate_end",
    "coalition:organization_members_csv",
    "coalition:organization_register",
    "coalition:organization_vouch",
    "coalition:resource_close",
    "coalition:resource_new",
    "coalition:statement_sign_organization",
    "coalition:statement_sign_person",
    "coalition_staff:calendar_cohosts",
    "coalition_staff:coalition_admit",
    "coalition_staff:coalition_edit",
    "coalition_staff:coalition_group_add",
    "coalition_staff:coalition_group_new",
    "coalition_staff:coalition_leave",
    "coalition_staff:coalition_membership",
    "coalition_staff:coalition_new",
    "coalition_staff:decision_new",
    "coalition_staff:decision_open",
    "coalition_staff:decision_options",
    "coalition_staff:decision_outcome",
    "coalition_staff:joint_decide",
    "coalition_staff:organization_evidence",
    "coalition_staff:organization_reject",
    "coalition_staff:organization_verify",
    "coalition_staff:statement_new",
    "coalition_staff:statement_open",
    "coalition_staff:statement_publish",
    "coalition_staff:statement_version_new",
    "coalition_staff:statement_withdraw",
    "parliament_entry:bill_explain",
    "parliament_entry:bill_phase_edit",
    "parliament_entry:bill_phase_move",
    "parliament_entry:bill_phases",
    "parliament_entry:committee_meeting_new",
    "campaigns_staff:kit_new",
    "campaigns_staff:kit",
    "campaigns_staff:kit_item_new",
    "campaigns_staff:kit_item",
    "campaigns_staff:kit_publish",
    "campaigns_staff:kit_unpublish",
    "campaigns_staff:kit_item_publish",
    "campaigns_staff:kit_item_unpublish",
    "pledges_staff:categories",
    "pledges_staff:category_edit",
    "pledges_staff:platform_new",
    "pledges_staff:platform_edit",
    "pledges_staff:pledge_new",
    "pledges_staff:pledge_edit",
    "pledges_staff:rate",
    "pledges_staff:agree",
    "pledges_staff:evidence_new",
    "pledges_staff:link_new",
    "treasury:give",
    "treasury_staff:campaign_new",
    "treasury_staff:campaign_edit",
    "treasury_staff:pending",
    "treasury_staff:contribution_new",
    "treasury_staff:contribution_cancel",
    "treasury_staff:expense_new",
    "treasury_staff:expense_approve",
    "treasury_staff:expense_pay",
    "treasury_staff:transfer",
    "treasury:stripe_webhook",
    "treasury_staff:bank_match",
    "treasury_staff:cash_sheet_new",
    "treasury_staff:cash_sheet_sign",
    "treasury_staff:cash_sheet_deposit",
    "treasury_staff:cash_sheet_explain",
    "treasury_staff:pledge_new",
    "treasury_staff:pledge_stop",
    "treasury:dues_new",
    "treasury:dues_stop",
    "treasury_staff:annual_export",
    "campaigns_staff:event_new",
    "campaigns_staff:event",
    "campaigns_staff:event_edit",
    "campaigns_staff:event_timeslot_remove",
    "campaigns_staff:event_publish",
    "campaigns_staff:event_cancel",
    "campaigns_staff:event_checkin",
    "campaigns_staff:event_walk_ins",
    "campaigns_staff:event_export",
    "campaigns_staff:event_report",
    "campaigns:event_feedback",
    "campaigns:event_register",
    "campaigns:registration_accept",
    "campaigns:registration_cancel",
    "campaigns:registration_listed",
    "campaigns:ask_commit",
    "campaigns:ask_report",
    "campaigns_staff:reach_ask_new",
    "campaigns_staff:reach_ask_edit",
    "campaigns_staff:reach_ask_publish",
    "campaigns_staff:reach_ask_scripts",
    "account_change_password",
    "account_confirm_login_code",
    "account_confirm_reauthentication_code",
    "account_email",
    "account_login",
    "account_logout",
    "account_reauthenticate",
    "account_request_reauthentication_code",
    "account_reset_password",
    "account_set_password",
    "account_signup",
    "account_confirm_email",
    "account_reset_password_from_key",
    "accounts:erase",
    "accounts:export",
    "accounts:language",
    "accounts:profile",
    "elections_staff:allocate",
    "elections_staff:certify",
    "elections_staff:election_edit",
    "elections_staff:election_new",
    "elections_staff:official",
    "mfa_activate_totp",
    "mfa_authenticate",
    "mfa_deactivate_totp",
    "mfa_download_recovery_codes",
    "mfa_generate_recovery_codes",
    "mfa_reauthenticate",
    "usersessions_list",
    "parliament_entry:activity_new",
    "parliament_entry:attendance_new",
    "parliament_entry:bill_new",
    "parliament_entry:person_edit",
    "parliament_entry:person_merge",
    "parliament_entry:person_new",
    "parliament_entry:question_new",
    "parliament_entry:vote_event_correct",
    "parliament_entry:vote_event_new",
    "proposals:edit",
    "proposals:new",
    "proposals:notifications_read",
    "proposals:office_answer",
    "proposals:report",
    "proposals:support",
    "proposals:withdraw",
    "proposals_staff:answer",
    "proposals_staff:deliver",
    "proposals_staff:link",
    "proposals_staff:milestone",
    "proposals_staff:moderate",
    "proposals_staff:office_inbox",
    "proposals_staff:outcome",
    "proposals_staff:topics",
    "reports:confirm",
    "reports:follow",
    "reports:manage",
    "reports:subscribe",
    "reports:subscriptions",
    "reports:unsubscribe",
    "reports:unsubscribe_all",
    "reports_staff:delete",
    "reports_staff:edit",
    "reports_staff:new",
    "reports_staff:publish",
    "staff:audit_log_verify",
    "staff:person_roles",
}
# Views that answer a POST as they answer a GET, reading nothing from it.
POST_LIKE_GET = {
    "pledges:feed",
    "health_live",
    "health_ready",
    "reports:feed_site_rss",
    "reports:feed_site_atom",
    "reports:feed_person_rss",
    "reports:feed_person_atom",
    "reports:feed_group_rss",
    "reports:feed_group_atom",
    "reports:feed_proposal_rss",
    "reports:feed_proposal_atom",
    "reports:feed_topic_rss",
    "reports:feed_topic_atom",
}
# Forms only some people see (the author's draft, the office's answer …): their fields.
FIELDS_OF = {"proposals:edit": "proposals:new"}

# --- The site's URLs --------------------------------------------------------------------


def _walk(resolver, prefix="", namespace=()):
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            names = (*namespace, pattern.namespace) if pattern.namespace else namespace
            yield from _walk(pattern, route, names)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield route, ":".join((*namespace, pattern.name)), pattern


@cache
def site_urls() -> dict[str, tuple[str, list[str]]]:
    """Every named URL of the site that is fuzzed here: name → (route, parameter names)."""
    urls = {}
    for route, name, pattern in _walk(get_resolver()):
        if name in SKIPPED_NAMES or route.startswith(tuple(SKIPPED_PREFIXES)):
            continue
        params = sorted(pattern.pattern.regex.groupindex)
        urls.setdefault(name, (route, params))
    return urls


def _proposals(w):
    """Proposals in every state, the most telling first (the crawl opens the first few)."""
    first = [
        w.proposals["published"],
        w.waiting,
        w.proposals["in_progress"],
        w.proposals["submitted"],
        w.member_draft,
        w.member_published,
        w.hidden,
    ]
    return [p.pk for p in first] + [p.pk for p in w.proposals.values() if p not in first]


def _persons(w):
    return [p.pk for p in w.parliament.members]


def _sheet(w) -> int:
    """A cash count sheet of the world's campaign, counted by a fictional treasurer."""
    from jisr.treasury.models.cash import CountSheet
    from jisr.treasury.services import cash

    sheet = CountSheet.objects.order_by("pk").first()
    if sheet is None:
        sheet = cash.count_sheet_create(
            actor=UserFactory(),
            campaign=w.campaign,
            label="Fuzz stall (demo)",
            counted_on=date(2026, 11, 20),
            currency=w.campaign.currency,
            counts={cash.denominations(w.campaign.currency)[0]: 1},
            gifts=[
                {
                    "name": "Fuzz Donor",
                    "amount": cash.denominations(w.campaign.currency)[0],
                    "attested": True,
                }
            ],
        )
    return sheet.pk


def _pledge(w) -> int:
    from jisr.treasury.models.cash import Pledge
    from jisr.treasury.services import cash

    pledge = Pledge.objects.order_by("pk").first()
    if pledge is None:
        pledge = cash.pledge_make(
            actor=None,
            campaign=w.campaign,
            currency=w.campaign.currency,
            starts_on=date(2026, 11, 1),
            name="Fuzz Pledger",
            attested=True,
            total=3000,
            count=3,
        )
    return pledge.pk


def _events(w) -> list[dict]:
    """A published event to come and one that has ended, each with a registration of the
    world's member: the organizer's pages and the feedback form have something to show."""
    import datetime

    from django.utils import timezone

    from jisr.campaigns.models import Event, Registration
    from jisr.campaigns.services import event_ops

    events = list(Event.objects.order_by("pk")[:2])
    if len(events) < 2:
        now = timezone.now().replace(microsecond=0)
        events = []
        for days, code in ((6, "FUZZ2345"), (-6, "FUZZ6789")):
            event = event_ops.event_create(
                actor="system:fuzz",
                kind="town_hall",
                title="لقاء للتجربة",
                city="مالمو",
                address="عنوان تجريبي",
            )
            start = now + datetime.timedelta(days=days)
            slot = event_ops.timeslot_add(
                actor="system:fuzz",
                event=event,
                starts_at=start,
                ends_at=start + datetime.timedelta(hours=2),
            )
            Event.objects.filter(pk=event.pk).update(status="published")
            member = w.users.get("member")
            if member is not None:
                Registration.objects.create(
                    timeslot=slot, user=member, status="confirmed", code=code
                )
            events.append(event)
    return [{"pk": e.pk} for e in events]


def _asks(w) -> list[dict]:
    """A published outreach ask with its scripts (the member's commit and report pages)."""
    from jisr.campaigns.models import Ask

    from ..campaigns.outreach_factories import ask_with_scripts

    ask = Ask.objects.filter(status="published").order_by("pk").first() or ask_with_scripts()
    return [{"pk": ask.pk}]


def _registrations(w) -> list[dict]:
    from jisr.campaigns.models import Registration

    _events(w)
    return [{"pk": pk} for pk in Registration.objects.order_by("pk").values_list("pk", flat=True)]


def _event_slots(w) -> list[dict]:
    from jisr.campaigns.models import Timeslot

    pks = [kwargs["pk"] for kwargs in _events(w)]
    return [{"pk": t.event_id, "slot": t.pk} for t in Timeslot.objects.filter(event_id__in=pks)]


def _kit(w) -> int:
    """A published share kit of the world's campaign (one post, reviewed)."""
    from jisr.campaigns.models import Kit
    from jisr.campaigns.services import kits

    kit = Kit.objects.order_by("pk").first()
    if kit is None:
        kit = kits.kit_create(actor="system:test", title="حزمة", treasury_campaign=w.campaign)
        item = kits.kit_item_add(
            actor="system:test", kit=kit, platform="whatsapp", language="ar", text="نص"
        )
        checked = dict(no_one_at_risk=True, no_place_at_home=True, no_face_without_consent=True)
        kits.kit_item_review(actor=UserFactory(), item=item, **checked)
        kits.kit_publish(actor=UserFactory(), kit=kit)
    return kit.pk


def _kit_item(w) -> int:
    from jisr.campaigns.models import KitItem

    return KitItem.objects.filter(kit_id=_kit(w)).order_by("pk").first().pk


def _short_code(w) -> str:
    from jisr.campaigns.models import Kit

    return Kit.objects.select_related("short_link").get(pk=_kit(w)).short_link.code


def _coalition(w) -> dict:
    """The coalition's records, made once per world: a verified organization whose primary
    delegate is the world's account holding every role (so its forms are found), a pending
    one to verify or vouch for, a coalition with an open statement and decision, an
    invitation to co-host, a listing and a joint proposal."""
    if hasattr(w, "_coalition"):
        return w._coalition
    from jisr.campaigns.models import Event
    from jisr.coalition.models import (
        CoalitionMembership,
        DelegateRole,
        EventCohost,
        JointProposal,
        OrganizationStatus,
    )
    from jisr.proposals.models import Proposal
    from jisr.proposals.states import Status

    from ..coalition.coal_factories import ListingFactory
    from ..coalition.decision_factories import open_decision
    from ..coalition.factories import CoalitionFactory, DelegateFactory, OrganizationFactory
    from ..coalition.statement_factories import open_statement

    delegate = DelegateFactory(user=w.everyone)
    organization = delegate.organization
    observer = DelegateFactory(organization=organization, role=DelegateRole.OBSERVER)
    pending = OrganizationFactory(status=OrganizationStatus.PENDING)
    coalition = CoalitionFactory()
    membership = CoalitionMembership.objects.create(coalition=coalition, organization=organization)
    proposal = Proposal.objects.filter(status=Status.PUBLISHED).order_by("pk").first()
    event = Event.objects.filter(status="published", audience="public").order_by("pk").first()
    w._coalition = {
        "organization": organization.pk,
        "pending": pending.pk,
        "mandate": observer.pk,
        "coalition": coalition.pk,
        "membership": membership.pk,
        "statement": open_statement(w.everyone, coalition=coalition).pk,
        "decision": open_decision(w.everyone, coalition).pk,
        "cohost": EventCohost.objects.create(event=event, organization=organization).pk,
        "listing": ListingFactory(delegate=delegate, organization=organization).pk,
        "proposal": proposal.pk,
        "joint": JointProposal.objects.create(
            coalition=coalition, proposal=proposal, organization=organization, delegate=delegate
        ).pk,
    }
    return w._coalition


def _co(key: str):
    return lambda w: [{"pk": _coalition(w)[key]}]


def _phase(w) -> list[dict]:
    from jisr.parliament.models import BillPhase
    from jisr.parliament.services import bill_phases_seed

    bill_phases_seed.within(actor="system:test", term=w.bill.term)
    return [{"pk": BillPhase.objects.filter(term_id=w.bill.term_id).order_by("pk").first().pk}]


def _sitting(w) -> list[dict]:
    from jisr.parliament.models import Sitting

    return [{"pk": Sitting.objects.order_by("pk").first().pk}]


# For each URL with parameters: the real values to try (a list of kwargs), from the world.
URL_KWARGS = {
    "parliament_entry:bill_phase_edit": _phase,
    "parliament_entry:bill_phase_move": _phase,
    "parliament_entry:bill_explain": lambda w: [{"pk": w.bill.pk}],
    "parliament:sitting": _sitting,
    "opendata:zip": lambda w: [{"day": "2026-01-01"}],
    "opendata:file": lambda w: [{"day": "2026-01-01", "path": "README.txt"}],
    "coalition:organization_detail": _co("organization"),
    "coalition:organization_affiliate": _co("organization"),
    "coalition:organization_edit": _co("organization"),
    "coalition:organization_appoint": _co("organization"),
    "coalition:organization_vouch": _co("pending"),
    "coalition:organization_members": _co("organization"),
    "coalition:organization_members_csv": _co("organization"),
    "coalition:organization_mandate_end": _co("mandate"),
    "coalition_staff:organization_review": _co("pending"),
    "coalition_staff:organization_evidence": _co("pending"),
    "coalition_staff:organization_verify": _co("pending"),
    "coalition_staff:organization_reject": _co("pending"),
    "coalition:coalition_detail": _co("coalition"),
    "coalition:coalition_membership_edit": _co("membership"),
    "coalition_staff:coalition_manage": _co("coalition"),
    "coalition_staff:coalition_edit": _co("coalition"),
    "coalition_staff:coalition_admit": _co("coalition"),
    "coalition_staff:coalition_group_new": _co("coalition"),
    "coalition_staff:coalition_group_add": _co("coalition"),
    "coalition_staff:coalition_membership": _co("membership"),
    "coalition_staff:coalition_leave": _co("membership"),
    "coalition:statement_detail": _co("statement"),
    "coalition:statement_sign_organization": _co("statement"),
    "coalition:statement_sign_person": _co("statement"),
    "coalition:statement_text": _co("statement"),
    "coalition:statement_pdf": _co("statement"),
    "coalition_staff:statement_manage": _co("statement"),
    "coalition_staff:statement_version_new": _co("statement"),
    "coalition_staff:statement_open": _co("statement"),
    "coalition_staff:statement_publish": _co("statement"),
    "coalition_staff:statement_withdraw": _co("statement"),
    "coalition:decision_detail": _co("decision"),
    "coalition:decision_vote": _co("decision"),
    "coalition_staff:decision_staff_detail": _co("decision"),
    "coalition_staff:decision_options": _co("decision"),
    "coalition_staff:decision_open": _co("decision"),
    "coalition_staff:decision_outcome": _co("decision"),
    "coalition:calendar": _co("coalition"),
    "coalition:calendar_feed": _co("coalition"),
    "coalition:calendar_accept": _co("cohost"),
    "coalition:resource_close": _co("listing"),
    "coalition:joint_adopt": _co("proposal"),
    "coalition:joint_endorse": _co("proposal"),
    "coalition:joint_cosign": _co("joint"),
    "coalition_staff:joint_decide": _co("joint"),
    "campaigns:kit": lambda w: [{"pk": _kit(w)}],
    "campaigns_staff:kit": lambda w: [{"pk": _kit(w)}],
    "campaigns_staff:kit_item_new": lambda w: [{"pk": _kit(w)}],
    "campaigns_staff:kit_publish": lambda w: [{"pk": _kit(w)}],
    "campaigns_staff:kit_unpublish": lambda w: [{"pk": _kit(w)}],
    "campaigns_staff:kit_item": lambda w: [{"pk": _kit_item(w)}],
    "campaigns_staff:kit_item_publish": lambda w: [{"pk": _kit_item(w)}],
    "campaigns_staff:kit_item_unpublish": lambda w: [{"pk": _kit_item(w)}],
    "short_link": lambda w: [{"code": _short_code(w)}],
    "pledges:detail": lambda w: [{"pk": w.pledge.pk}],
    "pledges:feed": lambda w: [{"pk": w.pledge.pk}],
    "pledges:category": lambda w: [{"pk": w.pledge_category.pk}],
    "pledges:party": lambda w: [{"pk": w.pledge.platform.owner_id}],
    "pledges_staff:category_edit": lambda w: [{"pk": w.pledge_category.pk}],
    "pledges_staff:platform_edit": lambda w: [{"pk": w.pledge.platform_id}],
    "pledges_staff:pledge": lambda w: [{"pk": w.pledge.pk}],
    "pledges_staff:pledge_edit": lambda w: [{"pk": w.pledge.pk}],
    "pledges_staff:rate": lambda w: [{"pk": w.pledge.pk}],
    "pledges_staff:agree": lambda w: [{"pk": w.pledge.pk}],
    "pledges_staff:evidence_new": lambda w: [{"pk": w.pledge.pk}],
    "pledges_staff:link_new": lambda w: [{"pk": w.pledge.pk}],
    "treasury:campaign": lambda w: [{"pk": w.campaign.pk}, {"pk": w.campaign_part.pk}],
    "treasury:give": lambda w: [{"pk": w.campaign.pk}],
    "treasury:receipt": lambda w: [{"pk": w.gift.pk}, {"pk": w.transfer.pk}],
    "treasury_staff:campaign_edit": lambda w: [{"pk": w.campaign.pk}, {"pk": w.campaign_part.pk}],
    "treasury_staff:contribution": lambda w: [{"pk": w.gift.pk}, {"pk": w.transfer.pk}],
    "treasury_staff:contribution_cancel": lambda w: [{"pk": w.transfer.pk}, {"pk": w.gift.pk}],
    "treasury_staff:expense": lambda w: [{"pk": w.expense.pk}],
    "treasury_staff:expense_approve": lambda w: [{"pk": w.expense.pk}],
    "treasury_staff:expense_pay": lambda w: [{"pk": w.expense.pk}],
    "treasury_staff:expense_receipt": lambda w: [{"pk": w.expense.pk}],
    "treasury_staff:cash_sheet": lambda w: [{"pk": _sheet(w)}],
    "treasury_staff:cash_sheet_sign": lambda w: [{"pk": _sheet(w)}],
    "treasury_staff:cash_sheet_deposit": lambda w: [{"pk": _sheet(w)}],
    "treasury_staff:cash_sheet_explain": lambda w: [{"pk": _sheet(w)}],
    "treasury_staff:pledge_stop": lambda w: [{"pk": _pledge(w)}],
    "campaigns_staff:event": _events,
    "campaigns_staff:event_edit": _events,
    "campaigns_staff:event_timeslot_remove": _event_slots,
    "campaigns_staff:event_publish": _events,
    "campaigns_staff:event_cancel": _events,
    "campaigns_staff:event_checkin": _events,
    "campaigns_staff:event_walk_ins": _events,
    "campaigns_staff:event_export": _events,
    "campaigns_staff:event_report": _events,
    "campaigns:event_feedback": _events,
    "campaigns:event": _events,
    "campaigns:event_ics": _events,
    "campaigns:event_register": lambda w: [{"pk": s["slot"]} for s in _event_slots(w)],
    "campaigns:registration_accept": _registrations,
    "campaigns:registration_cancel": _registrations,
    "campaigns:registration_listed": _registrations,
    "campaigns:ask": _asks,
    "campaigns:ask_commit": _asks,
    "campaigns:ask_list": _asks,
    "campaigns:ask_report": _asks,
    "campaigns_staff:reach_ask_edit": _asks,
    "campaigns_staff:reach_ask_publish": _asks,
    "campaigns_staff:reach_ask_scripts": _asks,
    # An image, and the channel's posts (none: the channel is not configured here).
    "campaigns:card": lambda w: [],
    "campaigns_staff:channel_confirm": lambda w: [],
    "campaigns_staff:channel_retry": lambda w: [],
    "treasury:dues_stop": lambda w: [{"pk": _pledge(w)}],
    "parliament_entry:vote_event_correct": lambda w: [{"pk": w.vote_event.pk}],
    "parliament_entry:person_edit": lambda w: [{"pk": pk} for pk in _persons(w)],
    "parliament_entry:person_merge": lambda w: [{"pk": pk} for pk in _persons(w)],
    "elections_staff:manage": lambda w: _elections(w),
    "elections_staff:election_edit": lambda w: _elections(w),
    "elections_staff:allocate": lambda w: _elections(w),
    "elections_staff:certify": lambda w: _elections(w),
    "elections_staff:official": lambda w: _constituencies(w, "constituency_pk"),
    "proposals_staff:moderate": lambda w: [{"pk": pk} for pk in _proposals(w)],
    "proposals_staff:deliver": lambda w: [{"pk": pk} for pk in _proposals(w)],
    "proposals_staff:answer": lambda w: [{"pk": pk} for pk in _proposals(w)],
    "proposals_staff:milestone": lambda w: [{"pk": pk} for pk in _proposals(w)],
    "proposals_staff:link": lambda w: [{"pk": pk} for pk in _proposals(w)],
    "proposals_staff:outcome": lambda w: [{"pk": pk} for pk in _proposals(w)],
    "reports_staff:edit": lambda w: _reports(w),
    "reports_staff:publish": lambda w: _reports(w),
    "reports_staff:delete": lambda w: _reports(w),
    "staff:person_roles": lambda w: [{"pk": u.pk} for u in w.users.values() if u],
    "parliament:representative": lambda w: [{"pk": pk} for pk in _persons(w)],
    "parliament:photo": lambda w: [{"pk": pk} for pk in _persons(w)],
    "parliament:organization": lambda w: [
        {"pk": o.pk} for o in (w.parliament.party, w.parliament.alliance, w.parliament.committee)
    ],
    "parliament:vote_event": lambda w: [{"pk": w.vote_event.pk}],
    "parliament:bill": lambda w: [{"pk": w.bill.pk}],
    "parliament:question": lambda w: [{"pk": w.question.pk}],
    "elections:election": lambda w: _elections(w),
    "elections:check": lambda w: _elections(w),
    "elections:candidates": lambda w: _elections(w),
    "elections:candidate": lambda w: [
        {"pk": c.election_id, "candidate_pk": c.pk} for c in w.election.candidates.all()[:3]
    ],
    "elections:electoral_list": lambda w: [
        {"pk": item.election_id, "list_pk": item.pk} for item in w.election.lists.all()[:3]
    ],
    "elections:constituency": lambda w: _constituencies(w, "constituency_pk"),
    "proposals:detail": lambda w: [{"pk": pk} for pk in _proposals(w)],
    "proposals:edit": lambda w: [{"pk": pk} for pk in _proposals(w)],
    "proposals:support": lambda w: [{"pk": pk} for pk in _proposals(w)],
    "proposals:report": lambda w: [{"pk": pk} for pk in _proposals(w)],
    "proposals:withdraw": lambda w: [{"pk": pk} for pk in _proposals(w)],
    "proposals:office_answer": lambda w: [{"token": w.tokens["office"]}],
    "reports:detail": lambda w: _reports(w),
    "reports:pdf": lambda w: _reports(w),
    "reports:confirm": lambda w: [{"token": w.tokens["confirm"]}],
    "reports:unsubscribe": lambda w: [{"token": w.tokens["unsubscribe"]}],
    "reports:unsubscribe_all": lambda w: [{"token": w.tokens["unsubscribe_all"]}],
    "reports:manage": lambda w: [{"token": w.tokens["manage"]}],
    "reports:feed_person_rss": lambda w: [{"pk": pk} for pk in _persons(w)],
    "reports:feed_person_atom": lambda w: [{"pk": pk} for pk in _persons(w)],
    "reports:feed_group_rss": lambda w: [{"pk": w.parliament.party.pk}],
    "reports:feed_group_atom": lambda w: [{"pk": w.parliament.alliance.pk}],
    "reports:feed_proposal_rss": lambda w: [{"pk": pk} for pk in _proposals(w)],
    "reports:feed_proposal_atom": lambda w: [{"pk": pk} for pk in _proposals(w)],
    "reports:feed_topic_rss": lambda w: [{"pk": w.topic.pk}],
    "reports:feed_topic_atom": lambda w: [{"pk": w.topic.pk}],
    # allauth's links carry a key e-mailed to the person: only random ones here.
    "account_confirm_email": lambda w: [],
    "account_reset_password_from_key": lambda w: [],
}


def _elections(w):
    return [{"pk": w.election.pk}, {"pk": w.empty_election.pk}]


def _constituencies(w, name):
    return [{"pk": c.election_id, name: c.pk} for c in w.election.constituencies.all()[:3]]


def _reports(w):
    return [{"pk": w.report.pk}, {"pk": w.draft_report.pk}]


# --- Random values ----------------------------------------------------------------------

ARABIC = st.characters(min_codepoint=0x0600, max_codepoint=0x06FF)
DIGITS = "0123456789٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹"
NASTY = [
    "",
    " ",
    "\x00",
    "قبل\x00بعد",
    "-1",
    "0",
    "٠",
    "-٣",
    "²",
    "١٢",
    "⑫",
    "9" * 30,
    str(2**63),
    str(-(2**63) - 1),
    "1e309",
    "NaN",
    "3.5",
    "abc",
    "2026-02-30",
    "2026-13-01",
    "0000-00-00",
    "9999-12-31",
    "0001-01-01",
    "31/12/9999",
    "٢٠٢٦-٠٣-٠٤",
    "۲۰۲۶/۰۳/۰۴",
    "http://",
    "javascript:alert(1)",
    "/votes/999999999999999999999/",
    "https://example.org/bills/1/",
    "parliament.person:1",
    "parliament.person:٣",
    "proposals.proposal:99999999999999999999",
    "report",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "\u202eنص معكوس",
    "ـــــ",
    "🙂" * 3,
]


TODAY = date.today()
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%m/%d/%Y", "%Y/%m/%d"]


def _numbers():
    return st.one_of(
        st.integers(-(2**70), 2**70).map(str),
        st.integers(0, 10**6).map(
            lambda n: str(n).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
        ),
        st.text(alphabet=DIGITS, min_size=1, max_size=25),
    )


def values(real: frozenset[str]) -> st.SearchStrategy[str]:
    """A value for a field whose form offers ``real`` (its options, its default)."""
    options = [
        st.sampled_from(NASTY),
        st.text(max_size=50),
        st.text(ARABIC, max_size=80),
        _numbers(),
        st.tuples(st.dates(), st.sampled_from(DATE_FORMATS)).map(lambda d: d[0].strftime(d[1])),
        # Days a form would take (in the term, not in the future), to get past the date.
        st.dates(TODAY - timedelta(days=400), TODAY).map(date.isoformat),
        st.integers(1, 60_000).map(lambda n: "ب" * n),
    ]
    if real:
        options.insert(0, st.sampled_from(sorted(real)))
    return st.one_of(options)


PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f"
    b"\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00"
    b"\x00IEND\xaeB`\x82"
)


@st.composite
def uploads(draw):
    content = draw(
        st.one_of(
            st.binary(max_size=2000),
            st.just(PNG),
            st.just(PNG[:30]),
            st.just(b"\xff\xd8\xff\xe0" + b"\x00" * 100),
            st.just("اسم,عمر\n".encode("utf-16")),
        )
    )
    name = draw(st.sampled_from(["photo.png", "صورة.jpg", "a.csv", "x\x00.png", "", "../../etc"]))
    kind = draw(
        st.sampled_from(["image/png", "image/jpeg", "text/csv", "application/octet-stream"])
    )
    return SimpleUploadedFile(name or "file", content, content_type=kind)


# Names that views read from request.POST or request.GET without a form field for them.
COMMON_POST = {"action", "next", "target", "id", "subscription", "frequency", "delivery"}
COMMON_QUERY = {
    "page",
    "votes",
    "q",
    "type",
    "kind",
    "term",
    "party",
    "status",
    "topic",
    "area",
    "representative",
    "sort",
    "date_from",
    "date_to",
    "governorate",
    "constituency",
    "electoral_list",
    "elected",
    "what",
    "target",
    "id",
    "next",
    "done",
    "action",
    "gender",
    "format",
    "language",
}


@st.composite
def form_data(draw, fields: dict[str, frozenset[str]], files: frozenset[str]):
    """Data for a form: a random subset of its fields, each with one value or several."""
    data = {}
    for name in sorted(fields):
        if draw(st.integers(0, 4)) == 0:
            continue  # left out
        strategy = values(fields[name])
        data[name] = (
            draw(st.lists(strategy, min_size=1, max_size=3))
            if draw(st.booleans()) and draw(st.booleans())
            else draw(strategy)
        )
    for name in sorted(files):
        if draw(st.booleans()):
            data[name] = draw(uploads())
    return data


@st.composite
def query_data(draw, names: frozenset[str]):
    chosen = draw(st.lists(st.sampled_from(sorted(names)), max_size=6, unique=True))
    extra = draw(st.lists(st.text(min_size=1, max_size=8), max_size=1))
    return {name: draw(values(frozenset())) for name in chosen + extra}


# The probes: values known to break code, tried on every field and parameter at once,
# besides the random examples (which find them only by luck).
BAD_VALUES = ["9" * 25, "-1", "²", "ب" * 3000, "قبل\x00بعد"]
BAD_DATES = ["9999-12-31", "0001-01-01"]
BAD_QUERY_VALUES = ["9" * 25, "²", "9999-12-31", "\x00"]
DATE_NAME = re.compile(r"date|_on$|^start|^end|day")


def _plausible(name: str, offered: frozenset[str]) -> str | None:
    """A value that gets past the field (a real option, today for a date), so the other
    fields' bad values reach the code behind the form."""
    real = sorted(value for value in offered if value)
    if real:
        return real[0]
    return TODAY.isoformat() if DATE_NAME.search(name) else None


def probes(fields: dict[str, frozenset[str]]) -> list[dict]:
    """One form's probes: every free field with each bad value, then every date field
    with each bad date, the others plausible."""
    plausible = {name: _plausible(name, offered) for name, offered in fields.items()}
    found = []
    for bad in BAD_VALUES:
        found.append({name: bad if value is None else value for name, value in plausible.items()})
    for bad in BAD_DATES:
        # The other free fields filled, or left empty (optional ones may need to be).
        for filler in ("1", ""):
            found.append(
                {
                    name: bad if DATE_NAME.search(name) else (value or filler)
                    for name, value in plausible.items()
                }
            )
    return found


# --- Finding the forms ------------------------------------------------------------------


class FormParser(HTMLParser):
    """The POST forms of a page: action → {field name: values offered}, file fields."""

    def __init__(self):
        super().__init__()
        self.forms: list[tuple[str, dict[str, set[str]], set[str]]] = []
        self._current = None
        self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            if (attrs.get("method") or "get").lower() == "post":
                self._current = (attrs.get("action") or "", {}, set())
                self.forms.append(self._current)
            return
        if self._current is None:
            return
        _action, fields, files = self._current
        name = attrs.get("name")
        if tag in ("input", "button", "textarea", "select") and name:
            offered = fields.setdefault(name, set())
            if attrs.get("value") is not None:
                offered.add(attrs["value"])
            if tag == "input" and attrs.get("type") == "file":
                files.add(name)
            if tag == "select":
                self._select = offered
        elif tag == "option" and self._select is not None and attrs.get("value") is not None:
            self._select.add(attrs["value"])

    def handle_endtag(self, tag):
        if tag == "form":
            self._current = None
        elif tag == "select":
            self._select = None


def url_name(path: str) -> str | None:
    try:
        match = resolve(urlsplit(path).path)
    except Resolver404:
        return None
    return match.view_name


def real_kwargs(world, name: str) -> list[dict]:
    """The URL's parameters naming records of the world (one {} for a URL without)."""
    _route, params = site_urls()[name]
    return URL_KWARGS[name](world) if params else [{}]


def _path(name: str, kwargs: dict) -> str | None:
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:  # a random value the URL pattern does not take
        return None


def _session(user) -> str | None:
    if user is None:
        return None
    return session_cookie(user)


@pytest.fixture(scope="module")
def sessions(fuzz_world):
    """Each role's session, made once: every example starts from it again (an example may
    sign out or erase the account; its savepoint brings them back, the cookie is set anew)."""
    found = {role: _session(fuzz_world.user(role)) for role in ROLES}
    return {**found, "everyone": _session(fuzz_world.everyone)}


def _as(client: Client, session: str | None) -> Client:
    client.cookies.clear()
    if session:
        client.cookies[settings.SESSION_COOKIE_NAME] = session
    return client


def _read_forms(found, page: str, html: bytes) -> None:
    parser = FormParser()
    parser.feed(html.decode("utf-8", "replace"))
    for action, fields, file_fields in parser.forms:
        target = url_name(action or page)
        if target is None:
            continue
        merged, files = found.setdefault(target, ({}, set()))
        for field, offered in fields.items():
            merged.setdefault(field, set()).update(offered)
        files.update(file_fields)


@pytest.fixture(scope="module")
def site_forms(fuzz_world):
    """Open every page and read its POST forms: a visitor's pages (sign-in, sign-up,
    subscribe …) and those of an account holding every role, the proposal pages for
    proposals in several states. Return {URL name: ({field: values offered}, {file
    fields})} for every URL that accepts a POST, found in a form or by posting to it."""
    found: dict[str, tuple[dict[str, set[str]], set[str]]] = {}
    visitor = Client()
    everyone = _as(Client(), _session(fuzz_world.everyone))
    for name, (_route, params) in site_urls().items():
        several = name.startswith(("proposals:", "proposals_staff:"))
        for kwargs in real_kwargs(fuzz_world, name)[: 4 if several else 1]:
            path = reverse(name, kwargs=kwargs)
            for client in (everyone, visitor) if not params else (everyone,):
                response = client.get(path)
                if b"<form" in getattr(response, "content", b""):
                    _read_forms(found, path, response.content)
    # A view that accepts a POST without a form of its own on any page.
    for name in site_urls():
        if name not in found and real_kwargs(fuzz_world, name):
            with example_rollback():
                response = everyone.post(_path(name, real_kwargs(fuzz_world, name)[0]), {})
            if response.status_code != 405:
                found[name] = ({}, set())
    return {
        name: ({f: frozenset(v) for f, v in fields.items()}, frozenset(files))
        for name, (fields, files) in found.items()
    }


def _target(world, name: str):
    """The URL's parameters: a record of the world, or random ids and tokens."""
    _route, params = site_urls()[name]
    if not params:
        return st.just({})
    real = real_kwargs(world, name)
    random_ids = st.fixed_dictionaries(
        {
            p: st.text("abcdef0123456789:-_", min_size=1, max_size=40)
            if p in ("token", "key", "uidb36")
            else st.integers(0, 2**64)
            for p in params
        }
    )
    return st.one_of(st.sampled_from(real), random_ids) if real else random_ids


def _check(response, role: str, path: str) -> None:
    # Read a streamed body through: an error in a streamed CSV shows only then.
    if getattr(response, "streaming", False):
        b"".join(response.streaming_content)
    assert response.status_code < 500, f"{response.status_code} as {role}: {path}"


def _rewind(data: dict) -> dict:
    for value in data.values():
        if hasattr(value, "seek"):
            value.seek(0)
    return data


# --- The tests --------------------------------------------------------------------------


def test_every_url_is_fuzzed():
    """Every URL with parameters has real values to try (a new one must be added)."""
    missing = [name for name, (_r, p) in site_urls().items() if p and name not in URL_KWARGS]
    assert not missing, f"Add these URLs to URL_KWARGS in {__file__}: {missing}"


def test_every_post_view_is_listed(site_forms, db):
    """A view that starts accepting a POST must be added to POST_VIEWS (and so fuzzed);
    one that stops, removed."""
    found = set(site_forms) - POST_LIKE_GET
    listed = {name for name in POST_VIEWS if name in site_urls()}
    assert found - listed == set(), f"add these to POST_VIEWS: {sorted(found - listed)}"
    # allauth's key links accept a POST only with a valid key: they cannot be found.
    assert listed - found <= KEY_ONLY


def _fields(site_forms, name: str):
    """The fields the view's forms have (or those of the form it stands for), with the
    names views read without a form field."""
    fields, files = site_forms.get(name, ({}, frozenset()))
    if name in FIELDS_OF:
        more, more_files = site_forms.get(FIELDS_OF[name], ({}, frozenset()))
        fields, files = {**more, **fields}, files | more_files
    return {**{f: frozenset() for f in COMMON_POST}, **fields}, files


@pytest.mark.parametrize("name", sorted(POST_VIEWS))
def test_post_random_data(name, sessions, site_forms, fuzz_world, db):
    """Each example is posted as a visitor and as every role."""
    if name not in site_urls():
        pytest.fail(f"{name} is no longer a URL of the site: remove it from POST_VIEWS")
    fields, files = _fields(site_forms, name)
    client = Client()

    @fuzz_settings(FORM_EXAMPLES)
    @given(kwargs=_target(fuzz_world, name), data=form_data(fields, files))
    def post(kwargs, data):
        path = _path(name, kwargs)
        if path is None:
            return
        for role in ROLES:
            with example_rollback():
                _check(
                    _as(client, sessions[role]).post(path, _rewind(data), follow=True), role, path
                )

    post()


@pytest.mark.parametrize("name", sorted(site_urls()))
def test_get_random_query(name, sessions, fuzz_world, db):
    """Each example is opened as a visitor and as every role."""
    client = Client()

    @fuzz_settings(PAGE_EXAMPLES)
    @given(kwargs=_target(fuzz_world, name), query=query_data(frozenset(COMMON_QUERY)))
    def get(kwargs, query):
        path = _path(name, kwargs)
        if path is None:
            return
        for role in ROLES:
            with example_rollback():
                _check(_as(client, sessions[role]).get(path, query), role, path)

    get()


# The e-mail key links exist only with random keys: test_post_random_data covers them.
KEY_ONLY = {"account_confirm_email", "account_reset_password_from_key"}


@pytest.mark.parametrize("name", sorted(POST_VIEWS - KEY_ONLY))
def test_post_bad_values(name, sessions, site_forms, fuzz_world, db):
    """The probes posted to each form, as a visitor and as the account with every role."""
    client = Client()
    path = _path(name, real_kwargs(fuzz_world, name)[0])
    for data in probes(_fields(site_forms, name)[0]):
        for role, session in (("anonymous", None), ("every role", sessions["everyone"])):
            with example_rollback():
                _check(_as(client, session).post(path, data, follow=True), role, f"{path} {data}")


@pytest.mark.parametrize("name", sorted(site_urls()))
def test_get_bad_values(name, sessions, fuzz_world, db):
    """Every query parameter a view reads set to each bad value at once, and ids no
    record has, as the account with every role (the random examples try every role)."""
    client = Client()
    _route, params = site_urls()[name]
    targets = real_kwargs(fuzz_world, name)[:1]
    if params:
        targets.append({p: 2**64 if p.endswith("pk") else "x" for p in params})
    for kwargs in targets:
        path = _path(name, kwargs)
        if path is None:
            continue
        for bad in BAD_QUERY_VALUES:
            query = dict.fromkeys(COMMON_QUERY, bad)
            with example_rollback():
                response = _as(client, sessions["everyone"]).get(path, query)
                _check(response, "every role", f"{path}?{bad}")
