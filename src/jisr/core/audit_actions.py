"""Every action the audit log records: a fixed registry, each with the sentence staff read.

``core.services.audit_append`` refuses a code that is not here, and a test fails on a
member that no code emits: the log's vocabulary cannot drift.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    ACCOUNT_CREATED = "account.created", _("Account created")
    ACCOUNT_EMAIL_ADDED = "account.email_added", _("E-mail address added")
    ACCOUNT_EMAIL_REMOVED = "account.email_removed", _("E-mail address removed")
    ACCOUNT_EMAIL_VERIFIED = "account.email_verified", _("E-mail address confirmed")
    ACCOUNT_ERASED = "account.erased", _("Account erased")
    ACCOUNT_EXPORTED = "account.exported", _("Personal data exported")
    ACCOUNT_LANGUAGE_CHANGED = "account.language_changed", _("Language changed")
    ACCOUNT_PASSWORD_CHANGED = "account.password_changed", _("Password changed")
    ACCOUNT_PROFILE_UPDATED = "account.profile_updated", _("Profile updated")
    MFA_ADDED = "mfa.added", _("Two-factor authentication set up")
    MFA_REMOVED = "mfa.removed", _("Two-factor authentication removed")
    MFA_RESET = "mfa.reset", _("Recovery codes renewed")
    ROLE_GRANTED = "role.granted", _("Role given")
    ROLE_REVOKED = "role.revoked", _("Role removed")
    OFFICE_LINKED = "office.linked", _("Office account linked to a representative")
    OFFICE_UNLINKED = "office.unlinked", _("Office account unlinked")
    ACTIVITY_RECORDED = "activity.recorded", _("Parliamentary activity recorded")
    AREA_CORRECTED = "area.corrected", _("Area corrected")
    AREA_CREATED = "area.created", _("Area added")
    ATTENDANCE_RECORDED = "attendance.recorded", _("Attendance recorded")
    BILL_RECORDED = "bill.recorded", _("Bill recorded")
    BILL_STAGE_ADDED = "bill.stage_added", _("Bill stage added")
    BILL_EXPLAINED = "bill.explained", _("Bill's plain-language explainer written")
    BILL_PHASE_SAVED = "bill_phase.saved", _("Bill phase added or corrected")
    BILL_PHASE_MOVED = "bill_phase.moved", _("Bill phase moved")
    BILL_PHASES_SEEDED = "bill_phase.seeded", _("Bill phases set up for a term")
    COMMITTEE_MEETING_RECORDED = "committee_meeting.recorded", _("Committee meeting recorded")
    SITTING_TIMING_RECORDED = "sitting.timing_recorded", _("Sitting's start and quorum recorded")
    MEMBERSHIP_CORRECTED = "membership.corrected", _("Membership corrected")
    MEMBERSHIP_CREATED = "membership.created", _("Membership added")
    ORGANIZATION_CORRECTED = "organization.corrected", _("Party or alliance corrected")
    ORGANIZATION_CREATED = "organization.created", _("Party or alliance added")
    PERSON_CORRECTED = "person.corrected", _("Representative corrected")
    PERSON_CREATED = "person.created", _("Representative added")
    PERSON_MERGED = "person.merged", _("Representatives merged")
    PERSON_PHOTO_CHANGED = "person.photo_changed", _("Representative's photo changed")
    POPOLO_IMPORTED = "popolo.imported", _("Popolo file imported")
    QUESTION_ANSWERED = "question.answered", _("Question answer recorded")
    QUESTION_RECORDED = "question.recorded", _("Question recorded")
    SITTING_CREATED = "sitting.created", _("Sitting added")
    TERM_CORRECTED = "term.corrected", _("Term corrected")
    TERM_CREATED = "term.created", _("Term added")
    VOTE_CORRECTED = "vote.corrected", _("Vote corrected")
    VOTE_EVENT_RECORDED = "vote_event.recorded", _("Vote recorded")
    VOTE_EVENT_METHOD_SET = "vote_event.method_set", _("How a vote was taken corrected")
    VOTE_EVENT_KEY_SET = "vote_event.key_set", _("Vote marked as a key vote or unmarked")
    ANNOUNCED_POSITION_RECORDED = (
        "announced_position.recorded",
        _("Announced position on a vote recorded"),
    )
    VOTE_EXPLANATION_RECORDED = "vote_explanation.recorded", _("Explanation of a vote recorded")
    ELECTION_ALLOCATED = "election.allocated", _("Seats allocated")
    ELECTION_CANDIDATE_RESULTS_REPLACED = (
        "election.candidate_results_replaced",
        _("Candidate results imported"),
    )
    ELECTION_CERTIFIED = "election.certified", _("Results certified")
    ELECTION_CONSTITUENCIES_SAVED = "election.constituencies_saved", _("Constituencies saved")
    ELECTION_CORRECTED = "election.corrected", _("Election corrected")
    ELECTION_CREATED = "election.created", _("Election added")
    ELECTION_LIST_RESULTS_REPLACED = "election.list_results_replaced", _("List results imported")
    ELECTION_OFFICIAL_SEATS_SET = "election.official_seats_set", _("Official seats entered")
    ELECTION_ROSTER_SAVED = "election.roster_saved", _("Lists and candidates saved")
    ELECTION_STATION_RESULTS_REPLACED = (
        "election.station_results_replaced",
        _("Polling station results imported"),
    )
    PROPOSAL_DRAFTED = "proposal.drafted", _("Proposal drafted")
    PROPOSAL_EDITED = "proposal.edited", _("Proposal edited")
    PROPOSAL_HIDDEN = "proposal.hidden", _("Proposal hidden")
    PROPOSAL_RESTORED = "proposal.restored", _("Proposal visible again")
    PROPOSAL_LINKED = "proposal.linked", _("Parliamentary record linked to a proposal")
    PROPOSAL_MERGED = "proposal.merged", _("Proposal merged into another")
    PROPOSAL_PICKED = "proposal.picked", _("Proposal picked for delivery")
    PROPOSAL_REPORTED = "proposal.reported", _("Proposal reported")
    PROPOSAL_STATUS_CHANGED = "proposal.status_changed", _("Proposal status changed")
    PROPOSAL_SUPPORTED = "proposal.supported", _("Proposal supported")
    PROPOSAL_SUPPORT_WITHDRAWN = "proposal.support_withdrawn", _("Support withdrawn")
    DELIVERY_RECORDED = "delivery.recorded", _("Delivery recorded")
    ANSWER_RECORDED = "answer.recorded", _("Answer recorded")
    MILESTONE_ADDED = "milestone.added", _("Milestone added")
    TOPIC_CREATED = "topic.created", _("Topic added")
    TOPIC_CHANGED = "topic.changed", _("Topic changed")
    PLATFORM_RECORDED = "platform.recorded", _("Platform recorded")
    PLATFORM_CORRECTED = "platform.corrected", _("Platform corrected")
    PLEDGE_CATEGORY_SAVED = "pledge_category.saved", _("Pledge category saved")
    PROMISE_RECORDED = "promise.recorded", _("Platform pledge recorded")
    PROMISE_CORRECTED = "promise.corrected", _("Platform pledge corrected")
    PROMISE_EVIDENCE_ADDED = "promise.evidence_added", _("Evidence added to a platform pledge")
    PROMISE_RATED = "promise.rated", _("Platform pledge rated by one rater")
    PROMISE_VERDICT_AGREED = "promise.verdict_agreed", _("Platform pledge's verdict agreed")
    PROMISE_LINKED = "promise.linked", _("Platform pledge linked to a record")
    REPORT_CREATED = "report.created", _("Monthly report prepared")
    REPORT_EDITED = "report.edited", _("Monthly report edited")
    REPORT_PUBLISHED = "report.published", _("Monthly report published")
    REPORT_DELETED = "report.deleted", _("Monthly report deleted")
    CAMPAIGN_CREATED = "campaign.created", _("Fundraising campaign added")
    CAMPAIGN_CORRECTED = "campaign.corrected", _("Fundraising campaign corrected")
    CONTRIBUTION_RECORDED = "contribution.recorded", _("Contribution recorded")
    CONTRIBUTION_PAID = "contribution.paid", _("Contribution marked as paid")
    CONTRIBUTION_EXPIRED = "contribution.expired", _("Pending contribution expired")
    CONTRIBUTION_CANCELLED = "contribution.cancelled", _("Contribution cancelled")
    CONTRIBUTION_REFUNDED = "contribution.refunded", _("Contribution refunded")
    CONTRIBUTION_FLAGGED = "contribution.flagged", _("Card payment flagged for the treasurer")
    DONOR_READ = "donor.read", _("Donor's identity read")
    DONOR_ERASED = "donor.erased", _("Donor's identity erased or unlinked")
    EXPENSE_SUBMITTED = "expense.submitted", _("Expense submitted")
    EXPENSE_APPROVED = "expense.approved", _("Expense approved")
    EXPENSE_PAID = "expense.paid", _("Expense paid")
    EXPENSE_RECEIPT_READ = "expense.receipt_read", _("Expense receipt or payee read")
    TRANSFER_TO_CENTRE = "treasury.transfer_to_centre", _("Money transferred to the centre")
    TREASURY_KEYS_ROTATED = "treasury.keys_rotated", _("Donor encryption key rotated")
    BANK_STATEMENT_IMPORTED = "bank.statement_imported", _("Bank statement imported")
    BANK_LINE_MATCHED = "bank.line_matched", _("Bank line matched to a contribution")
    BANK_LINE_IGNORED = "bank.line_ignored", _("Bank line ignored")
    BANK_PAYERS_SHREDDED = "bank.payers_shredded", _("Payer names of bank lines erased")
    TREASURY_EXPORTED = "treasury.exported", _("Annual treasury export downloaded")
    CASH_SHEET_COUNTED = "cash_sheet.counted", _("Cash count sheet counted and signed")
    CASH_SHEET_SIGNED = "cash_sheet.signed", _("Cash count sheet signed a second time and booked")
    CASH_SHEET_DEPOSITED = "cash_sheet.deposited", _("Cash count sheet's bank deposit recorded")
    CASH_SHEET_EXPLAINED = "cash_sheet.explained", _("Cash deposit difference explained")
    PLEDGE_MADE = "pledge.made", _("Pledge or monthly dues set")
    PLEDGE_STOPPED = "pledge.stopped", _("Pledge or monthly dues stopped")
    INSTALMENT_DUE = "instalment.due", _("Instalment due: pending contribution created")
    # Coalition: organizations and delegates.
    ORGANIZATION_REGISTERED = "organization.registered", _("Organization registered")
    ORGANIZATION_VERIFIED = "organization.verified", _("Organization verified")
    ORGANIZATION_REJECTED = "organization.rejected", _("Organization not verified")
    DELEGATE_APPOINTED = "delegate.appointed", _("Delegate appointed for an organization")
    DELEGATE_ENDED = "delegate.ended", _("Delegate's mandate ended")
    ORGANIZATION_EDITED = "organization.edited", _("Organization's profile edited")
    ORGANIZATION_EVIDENCE_ADDED = (
        "organization.evidence_added",
        _("Verification evidence recorded for an organization"),
    )
    ORGANIZATION_VOUCHED = "organization.vouched", _("Organization vouched for another")
    ORGANIZATION_MEMBERS_EXPORTED = (
        "organization.members_exported",
        _("Organization's members who share their contact exported"),
    )
    AFFILIATION_CHANGED = (
        "affiliation.changed",
        _("Membership of an organization declared or changed"),
    )
    # Coalition: coalitions, members and working groups.
    COALITION_CREATED = "coalition.created", _("Coalition created")
    COALITION_JOINED = "coalition.joined", _("Organization joined a coalition")
    COALITION_UPDATED = "coalition.updated", _("Coalition edited")
    COALITION_LEFT = "coalition.left", _("Organization left a coalition")
    COALITION_MEMBERSHIP_UPDATED = (
        "coalition.membership_updated",
        _("A member organization's commitments and offers edited"),
    )
    WORKING_GROUP_CREATED = "working_group.created", _("Working group created")
    WORKING_GROUP_JOINED = "working_group.joined", _("Organization added to a working group")
    # Coalition: joint statements.
    STATEMENT_CREATED = "statement.created", _("Joint statement drafted")
    STATEMENT_VERSION_ADDED = "statement.version_added", _("New version of a joint statement")
    STATEMENT_OPENED = "statement.opened", _("Joint statement opened for signing")
    STATEMENT_SIGNED = "statement.signed", _("Organization signed a joint statement")
    STATEMENT_SIGNED_PERSON = "statement.signed_person", _("Member signed a joint statement")
    STATEMENT_PUBLISHED = "statement.published", _("Joint statement published")
    STATEMENT_NOT_REACHED = "statement.not_reached", _("Joint statement closed below its threshold")
    STATEMENT_WITHDRAWN = "statement.withdrawn", _("Joint statement withdrawn")
    # Coalition: decisions among organizations.
    DECISION_CREATED = "decision.created", _("Decision drafted")
    DECISION_OPTIONS_SAVED = "decision.options_saved", _("Decision's options saved")
    DECISION_OPENED = "decision.opened", _("Decision opened to the member organizations")
    DECISION_VOTED = "decision.voted", _("Organization voted on a decision")
    DECISION_VOTE_CHANGED = "decision.vote_changed", _("Organization changed its vote")
    DECISION_OUTCOME_RECORDED = "decision.outcome", _("Decision's outcome recorded")
    DECISION_REVIEW_REMINDED = "decision.review_reminded", _("Decision review reminder sent")
    #
    # Coalition: the shared calendar and the resource exchange.
    EVENT_COHOST_INVITED = "event_cohost.invited", _("Organization invited to co-host an event")
    EVENT_COHOST_ACCEPTED = "event_cohost.accepted", _("Organization accepted to co-host an event")
    EVENT_PROMOTED = "event.promoted", _("Organization promoted an event")
    RESOURCE_POSTED = "resource.posted", _("Offer or need posted on the exchange")
    RESOURCE_CLOSED = "resource.closed", _("Offer or need closed")
    # Coalition: joint proposals and endorsements.
    JOINT_ADOPTION_PROPOSED = "joint.adoption_proposed", _("Joint adoption of a proposal asked")
    JOINT_ADOPTED = "joint.adopted", _("Proposal adopted by a coalition")
    JOINT_DECLINED = "joint.declined", _("Joint adoption of a proposal declined")
    JOINT_WRITTEN = "joint.written", _("Joint proposal written for a coalition")
    JOINT_COSIGNED = "joint.cosigned", _("Joint proposal co-signed by an organization")
    ENDORSEMENT_GIVEN = "endorsement.given", _("Proposal endorsed by an organization")
    ENDORSEMENT_WITHDRAWN = "endorsement.withdrawn", _("Endorsement of a proposal withdrawn")
    OUTREACH_ASK_CREATED = "outreach_ask.created", _("Outreach ask added")
    OUTREACH_ASK_CORRECTED = "outreach_ask.corrected", _("Outreach ask corrected")
    OUTREACH_ASK_PUBLISHED = "outreach_ask.published", _("Outreach ask published")
    OUTREACH_SCRIPTS_SAVED = "outreach_ask.scripts_saved", _("Outreach scripts saved")
    OUTREACH_COMMITTED = "outreach.committed", _("Outreach commitment made or changed")
    OUTREACH_TALLY_REPORTED = "outreach.tally_reported", _("Outreach counts reported")
    OUTREACH_REMINDERS_SENT = "outreach.reminders_sent", _("Outreach reminders sent to members")
    SUBSCRIPTION_REQUESTED = "subscription.requested", _("Subscription requested")
    SUBSCRIPTION_CONFIRMED = "subscription.confirmed", _("Subscription confirmed")
    SUBSCRIPTION_CREATED = "subscription.created", _("Subscription started")
    SUBSCRIPTION_CHANGED = "subscription.changed", _("Subscription changed")
    SUBSCRIPTION_DELETED = "subscription.deleted", _("Subscription ended")
    SUBSCRIPTION_ALL_WITHDRAWN = "subscription.all_withdrawn", _("All subscriptions ended")
    SUBSCRIPTION_NOTICES_CHANGED = "subscription.notices_changed", _("Notice preferences changed")
    SUBSCRIPTION_PAUSED_FOR_BOUNCES = (
        "subscription.paused_for_bounces",
        _("Subscription paused after bounced e-mails"),
    )
    SUBSCRIPTION_PURGED = "subscription.purged", _("Unconfirmed subscriptions removed")
    CHANNEL_POST_QUEUED = "channel_post.queued", _("Post to the Telegram channel queued")
    CHANNEL_POST_SENT = "channel_post.sent", _("Post sent to the Telegram channel")
    CHANNEL_POST_FAILED = "channel_post.failed", _("Post to the Telegram channel not sent")
    CHANNEL_POST_UNCERTAIN = (
        "channel_post.uncertain",
        _("Post to the Telegram channel left in doubt (the worker stopped or no answer came)"),
    )
    CHANNEL_POST_RETRIED = "channel_post.retried", _("Post to the Telegram channel sent again")
    CHANNEL_POST_CONFIRMED = (
        "channel_post.confirmed",
        _("Post confirmed by an organizer as being on the Telegram channel"),
    )
    REGISTRATION_CREATED = "registration.created", _("Registered for an event")
    REGISTRATION_CANCELLED = "registration.cancelled", _("Event registration cancelled")
    REGISTRATION_OFFERED = "registration.offered", _("Place offered from the waiting list")
    REGISTRATION_ACCEPTED = "registration.accepted", _("Offered place accepted")
    REGISTRATION_OFFER_EXPIRED = (
        "registration.offer_expired",
        _("Offered place not accepted in time"),
    )
    REGISTRATION_LISTING_CHANGED = (
        "registration.listing_changed",
        _("Choice to be listed among an event's attendees changed"),
    )
    REGISTRATION_ERASED = "registration.erased", _("Event registration erased with its account")
    REGISTRATION_REMINDED = "registration.reminded", _("Event reminders sent")
    KIT_CREATED = "kit.created", _("Share kit created")
    KIT_UPDATED = "kit.updated", _("Share kit renamed")
    KIT_ITEM_ADDED = "kit_item.added", _("Post added to a share kit")
    KIT_ITEM_UPDATED = "kit_item.updated", _("Share kit post changed (sent back to review)")
    KIT_ITEM_REVIEWED = "kit_item.reviewed", _("Share kit post reviewed for safety")
    KIT_PUBLISHED = "kit.published", _("Share kit posts published")
    KIT_UNPUBLISHED = "kit.unpublished", _("Share kit posts withdrawn")
    SCALE_DATA_GENERATED = "scale_data.generated", _("Test data generated")
    # Campaigns: the organizer's side of events.
    EVENT_CREATED = "event.created", _("Event created")
    EVENT_EDITED = "event.edited", _("Event edited")
    EVENT_TIMESLOT_ADDED = "event.timeslot_added", _("Event time added")
    EVENT_TIMESLOT_REMOVED = "event.timeslot_removed", _("Event time removed")
    EVENT_PUBLISHED = "event.published", _("Event published")
    EVENT_CANCELLED = "event.cancelled", _("Event cancelled; those registered were told")
    EVENT_CHECKED_IN = "event.checked_in", _("Attendee checked in at an event")
    EVENT_WALK_INS_COUNTED = "event.walk_ins_counted", _("Walk-ins at an event counted")
    EVENT_ATTENDEES_EXPORTED = "event.attendees_exported", _("Event's attendee list downloaded")
    EVENT_CLOSED = "event.closed", _("Event closed with its report")
    EVENT_FEEDBACK_GIVEN = "event.feedback_given", _("Feedback on an event given")
