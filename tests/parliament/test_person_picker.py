"""Every picker of representatives shows «name — party — governorate», so that two people
of the same name can be told apart, in a bounded number of queries."""

import pytest
from django.utils import translation

from jisr.parliament.models import Area, Membership
from jisr.proposals.forms import FilterForm, ProposalForm
from jisr.proposals.staff_forms import DeliverForm
from jisr.reports.forms import ReportCreateForm, SubscribeForm

pytestmark = pytest.mark.django_db


def plain(label) -> str:
    """The label as read, without the invisible marks that isolate each part's direction."""
    assert str(label).count("\u2068") == str(label).count("\u2069") >= 1
    return str(label).replace("\u2068", "").replace("\u2069", "")


@pytest.fixture
def namesakes(parliament):
    basra = Area.objects.create(name="البصرة", name_en="Basra", identifier="iq-ba")
    najaf = Area.objects.create(name="النجف", name_en="Najaf", identifier="iq-na")
    first = parliament.add_member("حيدر الجسراوي", parliament.party, allow_same_name=True)
    second = parliament.add_member("حيدر الجسراوي", parliament.other_party, allow_same_name=True)
    Membership.objects.filter(person=first).update(area=basra)
    Membership.objects.filter(person=second).update(area=najaf)
    for i in range(30):  # a longer list, to show the picker's queries do not grow with it
        parliament.add_member(f"نائب رقم {i}", parliament.party, allow_same_name=True)
    return first, second


def test_two_namesakes_are_told_apart_in_every_picker(parliament, namesakes):
    first, second = namesakes
    expected = {
        first.pk: "حيدر الجسراوي — حزب أ — البصرة",
        second.pk: "حيدر الجسراوي — حزب ب — النجف",
    }
    fields = [
        ProposalForm().fields["targets"],
        FilterForm().fields["representative"],
        DeliverForm(term=parliament.term).fields["representatives"],
        ReportCreateForm().fields["person"],
    ]
    with translation.override("ar"):
        for field in fields:
            labels = {int(str(value)): plain(label) for value, label in field.choices if value}
            assert {pk: labels[pk] for pk in expected} == expected, field
        follow = dict(SubscribeForm().fields["what"].choices[2][1])
        assert plain(follow[f"parliament.person:{first.pk}"]) == expected[first.pk]


def test_labels_follow_the_page_language(parliament, namesakes):
    first, _second = namesakes
    with translation.override("en"):
        labels = dict(ReportCreateForm().fields["person"].choices)
    assert plain(labels[first.pk]) == "حيدر الجسراوي — حزب أ — Basra"


def test_a_vote_exception_is_labelled_with_party_and_governorate(parliament, namesakes):
    from jisr.parliament.staff_forms import VoteEventForm

    first, _second = namesakes
    form = VoteEventForm(term=parliament.term)
    assert plain(form.fields[f"member_{first.pk}"].label) == "حيدر الجسراوي — حزب أ — البصرة"


def test_a_picker_of_many_is_one_query(parliament, namesakes, django_assert_num_queries):
    form = ProposalForm()
    with django_assert_num_queries(1):
        html = str(form["targets"])
    assert html.count('type="checkbox"') == 36


def test_an_answer_is_recorded_for_a_representative_told_apart_from_a_namesake(
    parliament, namesakes
):
    from datetime import date

    from jisr.proposals.models import Delivery, Proposal, Topic
    from jisr.proposals.staff_forms import AnswerForm

    topic = Topic.objects.create(name="الكهرباء")
    proposal = Proposal.objects.create(title="مقترح", body="نص", topic=topic, status="delivered")
    for person in namesakes:
        Delivery.objects.create(
            proposal=proposal, representative=person, method="email", delivered_on=date.today()
        )
    form = AnswerForm(deliveries=Delivery.objects.filter(proposal=proposal))
    with translation.override("ar"):
        labels = sorted(plain(label) for value, label in form.fields["delivery"].choices if value)
    assert labels == ["حيدر الجسراوي — حزب أ — البصرة", "حيدر الجسراوي — حزب ب — النجف"]
