"""Coalitions: who may join, one current membership, leaving keeps the history, members-only
organizations never shown to visitors, delegates shown to organizers only, a delegate edits
only their own organization's commitments and offers."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from jisr.coalition.models import (
    CoalitionMembership,
    DelegateRole,
    OrganizationStatus,
    WorkingGroup,
)
from jisr.coalition.services import coalitions
from jisr.core.models import AuditEntry

from ..accounts.factories import UserFactory
from ..conftest import signed_in
from .coal_factories import member_delegate
from .factories import CoalitionFactory, DelegateFactory, MembershipFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


def _english(client):
    client.cookies["jisr_language"] = "en"
    return client


def test_an_unverified_organization_cannot_join(organizer):
    coalition = CoalitionFactory()
    for status in (OrganizationStatus.PENDING, OrganizationStatus.REJECTED):
        with pytest.raises(ValidationError) as refused:
            coalitions.coalition_join(
                actor=organizer,
                coalition=coalition,
                organization=OrganizationFactory(status=status),
            )
        assert refused.value.code == "unverified"
    assert not CoalitionMembership.objects.exists()


def test_one_current_membership_and_leaving_keeps_the_history(organizer):
    coalition = CoalitionFactory()
    organization = OrganizationFactory()
    first = coalitions.coalition_join(
        actor=organizer, coalition=coalition, organization=organization, commitments="نلتزم."
    )
    with pytest.raises(ValidationError) as refused:
        coalitions.coalition_join(actor=organizer, coalition=coalition, organization=organization)
    assert refused.value.code == "duplicate"
    coalitions.coalition_leave(actor=organizer, membership=first)
    with pytest.raises(ValidationError):
        coalitions.coalition_leave(actor=organizer, membership=first)
    again = coalitions.coalition_join(
        actor=organizer, coalition=coalition, organization=organization
    )
    rows = list(coalition.memberships.order_by("pk"))
    assert [m.pk for m in rows] == [first.pk, again.pk]
    assert rows[0].left_on == timezone.localdate() and rows[0].commitments == "نلتزم."
    assert rows[1].left_on is None
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"coalition.joined", "coalition.left"} <= actions


def test_leaving_before_joining_is_refused(organizer):
    membership = MembershipFactory()
    with pytest.raises(ValidationError):
        coalitions.coalition_leave(
            actor=organizer,
            membership=membership,
            on=membership.joined_on - datetime.timedelta(days=1),
        )
    membership.refresh_from_db()
    assert membership.left_on is None


def test_a_working_group_takes_only_current_members(organizer):
    coalition = CoalitionFactory()
    member = MembershipFactory(coalition=coalition).organization
    former = MembershipFactory(coalition=coalition, left_on=timezone.localdate()).organization
    group = coalitions.working_group_create(actor=organizer, coalition=coalition, name="فريق")
    coalitions.working_group_add(actor=organizer, group=group, organization=member)
    for outsider in (former, OrganizationFactory()):
        with pytest.raises(ValidationError) as refused:
            coalitions.working_group_add(actor=organizer, group=group, organization=outsider)
        assert refused.value.code == "not_member"
    with pytest.raises(ValidationError):
        coalitions.working_group_add(actor=organizer, group=group, organization=member)
    assert list(WorkingGroup.objects.get().organizations.all()) == [member]


def _world():
    coalition = CoalitionFactory(charter="نقاط الوحدة.", charter_en="Points of unity.")
    public = member_delegate(coalition, name="نادي علني", name_en="Open club")
    hidden = member_delegate(
        coalition, name="رابطة سرية", name_en="Hidden league", visibility="members"
    )
    former = MembershipFactory(
        coalition=coalition,
        organization=OrganizationFactory(name="نادي سابق", name_en="Former club"),
        joined_on=timezone.localdate() - datetime.timedelta(days=60),
        left_on=timezone.localdate() - datetime.timedelta(days=10),
    )
    group = WorkingGroup.objects.create(coalition=coalition, name="فريق", name_en="Group")
    group.organizations.add(public.organization, hidden.organization)
    return coalition, public, hidden, former


def test_visitors_see_public_members_former_members_and_groups_never_members_only_ones(
    client, django_assert_num_queries
):
    coalition, public, _hidden, _former = _world()
    url = reverse("coalition:coalition_detail", args=[coalition.pk])
    _english(client)
    with django_assert_num_queries(4):
        page = client.get(url).content.decode()
    assert "Open club" in page and "Points of unity." in page and "Group" in page
    assert "Former club" in page
    assert "Hidden league" not in page and "رابطة سرية" not in page
    # Delegates are never on the public page.
    assert public.user.display_name not in page and public.user.email not in page


def test_members_only_organizations_are_shown_to_signed_in_members(client):
    coalition, _public, _hidden, _former = _world()
    signed_in(client, UserFactory(preferred_language="en"))
    page = client.get(reverse("coalition:coalition_detail", args=[coalition.pk])).content.decode()
    assert "Hidden league" in page and "Open club" in page


def test_the_api_lists_only_public_current_members(client):
    _coalition, public, _hidden, _former = _world()
    body = client.get("/api/v1/coalition/coalitions").json()
    [row] = body["items"]
    assert row["charter_en"] == "Points of unity."
    assert [m["name_en"] for m in row["members"]] == ["Open club"]
    assert public.user.email not in str(body)


def test_the_landing_page_lists_coalitions_with_their_public_member_count(client):
    coalition, *_ = _world()
    page = _english(client).get(reverse("coalition:list")).content.decode()
    assert reverse("coalition:coalition_detail", args=[coalition.pk]) in page
    assert "1 member organization" in page


def test_organizers_see_each_member_organizations_delegates(client, organizer):
    coalition, public, hidden, _former = _world()
    signed_in(client, organizer)
    page = client.get(
        reverse("coalition_staff:coalition_manage", args=[coalition.pk])
    ).content.decode()
    assert public.user.display_name in page and hidden.user.display_name in page


def test_a_member_who_is_not_an_organizer_cannot_open_the_staff_page(client):
    coalition, *_ = _world()
    signed_in(client, UserFactory())
    response = client.get(reverse("coalition_staff:coalition_manage", args=[coalition.pk]))
    assert response.status_code == 403


def test_a_delegate_edits_their_own_organizations_commitments(client):
    coalition, public, _hidden, _former = _world()
    membership = coalition.memberships.get(organization=public.organization)
    signed_in(client, public.user)
    url = reverse("coalition:coalition_membership_edit", args=[membership.pk])
    response = client.post(url, {"commitments": "نحشد أعضاءنا.", "offers": "قاعة."})
    assert response.status_code == 302
    membership.refresh_from_db()
    assert (membership.commitments, membership.offers) == ("نحشد أعضاءنا.", "قاعة.")
    entry = AuditEntry.objects.get(action="coalition.membership_updated")
    assert entry.data == {"delegate": public.pk}


def test_a_delegate_cannot_edit_another_organizations_membership(client):
    coalition, public, hidden, _former = _world()
    other = coalition.memberships.get(organization=hidden.organization)
    signed_in(client, public.user)
    url = reverse("coalition:coalition_membership_edit", args=[other.pk])
    assert client.post(url, {"commitments": "x", "offers": "y"}).status_code == 403
    other.refresh_from_db()
    assert other.commitments == ""


def test_an_observer_cannot_edit_and_the_service_refuses_them(client):
    coalition = CoalitionFactory()
    observer = member_delegate(coalition)
    observer.role = DelegateRole.OBSERVER
    observer.save()
    membership = coalition.memberships.get()
    signed_in(client, observer.user)
    url = reverse("coalition:coalition_membership_edit", args=[membership.pk])
    assert client.post(url, {"commitments": "x", "offers": ""}).status_code == 403
    with pytest.raises(ValidationError) as refused:
        coalitions.membership_describe(
            delegate=observer, membership=membership, commitments="x", offers=""
        )
    assert refused.value.code == "observer"
    membership.refresh_from_db()
    assert membership.commitments == ""


def test_a_delegate_without_the_second_factor_in_this_session_is_sent_to_enter_it(client):
    coalition = CoalitionFactory()
    delegate = member_delegate(coalition)
    membership = coalition.memberships.get()
    signed_in(client, delegate.user, second_factor=False)
    url = reverse("coalition:coalition_membership_edit", args=[membership.pk])
    response = client.post(url, {"commitments": "x", "offers": ""})
    assert response.status_code == 302 and "reauthenticate" in response["Location"]
    membership.refresh_from_db()
    assert membership.commitments == ""


def test_organizers_admit_leave_and_group_through_the_pages(client, organizer):
    coalition = CoalitionFactory()
    organization = OrganizationFactory()
    pending = OrganizationFactory(status=OrganizationStatus.PENDING)
    signed_in(client, organizer)
    admit = reverse("coalition_staff:coalition_admit", args=[coalition.pk])
    client.post(admit, {"admit-organization": pending.pk})
    assert not coalition.memberships.exists()
    client.post(admit, {"admit-organization": organization.pk})
    membership = coalition.memberships.get()
    client.post(
        reverse("coalition_staff:coalition_group_new", args=[coalition.pk]),
        {"group-name": "فريق الإعلام"},
    )
    group = coalition.working_groups.get()
    client.post(
        reverse("coalition_staff:coalition_group_add", args=[coalition.pk]),
        {"add-group": group.pk, "add-organization": organization.pk},
    )
    assert list(group.organizations.all()) == [organization]
    client.post(reverse("coalition_staff:coalition_leave", args=[membership.pk]))
    membership.refresh_from_db()
    assert membership.left_on == timezone.localdate()


def test_a_new_coalition_is_found_by_search(organizer):
    from jisr.search.models import SearchDocument

    coalition = coalitions.coalition_create(
        actor=organizer, name="تنسيقية البحث", charter="نقاط الوحدة.", name_en="Search coalition"
    )
    assert SearchDocument.objects.filter(doc_type="coalition", object_id=coalition.pk).exists()


def test_the_delegate_factory_has_an_acting_mandate():
    assert DelegateFactory().may_act
