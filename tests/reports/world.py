"""A small parliament with a month of records and a proposal's way to an answer, built
through the services as staff would (shared by the reports tests)."""

from datetime import date

from jisr.parliament import services as parliament
from jisr.parliament.models import Activity, Vote, VoteEvent
from jisr.proposals import services as proposals
from jisr.proposals.models import Delivery
from jisr.proposals.states import Status

from ..parliament.conftest import Parliament

MARCH = (date(2026, 3, 1), date(2026, 3, 31))
ACTOR = "system:test"


class World(Parliament):
    def __init__(self, author, organizer):
        super().__init__()
        self.person = self.members[0]  # علي حسن
        self.idle = self.members[3]  # records nothing in March
        for day, title in [(date(2026, 3, 3), "مداخلة عن الكهرباء"), (date(2026, 2, 10), "قديمة")]:
            parliament.activity_record(
                actor=ACTOR,
                person=self.person,
                term=self.term,
                kind=Activity.Kind.SPEECH,
                date=day,
                title=title,
            )
        self.sitting = parliament.sitting_get_or_create(
            actor=ACTOR, term=self.term, date=date(2026, 3, 4), number=1
        )
        parliament.attendance_record(
            actor=ACTOR,
            sitting=self.sitting,
            statuses={self.person.pk: "present", self.members[1].pk: "absent"},
        )
        self.event = parliament.vote_event_record(
            actor=ACTOR,
            term=self.term,
            date=date(2026, 3, 4),
            motion="قانون حماية المغتربين",
            sitting=self.sitting,
            result=VoteEvent.Result.PASSED,
            votes={self.person.pk: Vote.Option.YES, self.members[1].pk: Vote.Option.NO},
        )
        self.topic = proposals.topic_save(actor=ACTOR, name="المغتربون", name_en="Diaspora")
        self.proposal = proposals.proposal_save_draft(
            actor=author, title="تسهيل تجديد الجوازات", body="مواعيد مسائية.", topic=self.topic
        )
        proposals.proposal_submit(actor=author, proposal=self.proposal)
        self.proposal.refresh_from_db()
        proposals.proposal_moderate(
            actor=organizer, proposal=self.proposal, target=Status.PUBLISHED
        )
        self.proposal.refresh_from_db()
        (delivery,) = proposals.delivery_record(
            actor=organizer,
            proposal=self.proposal,
            representatives=[self.person],
            method=Delivery.Method.MEETING,
            delivered_on=date(2026, 3, 2),
        )
        proposals.answer_record(
            actor=organizer,
            delivery=delivery,
            text="سنتابع.",
            answered_on=date(2026, 3, 12),
            source="transcribed",
        )
        self.proposal.refresh_from_db()
