"""The organizations part's demo, after ``base_demo``: the demo member belongs to two
fictional organizations (sharing their contact with one), and one verified organization
vouched for the pending one (a second vouch would verify it)."""

from jisr.accounts.demo import DEMO_DOMAIN
from jisr.accounts.models import User

from .base_demo import ORGANIZATIONS, delegate_user
from .models import Affiliation, Delegate, Organization, Vouch
from .services import organizations


def load(stdout) -> None:
    member = User.objects.filter(email=f"member@{DEMO_DOMAIN}").first()
    first = Organization.objects.filter(name=ORGANIZATIONS[0][0]).first()
    second = Organization.objects.filter(name=ORGANIZATIONS[1][0]).first()
    pending = Organization.objects.filter(name=ORGANIZATIONS[5][0]).first()
    if (
        member is None
        or first is None
        or second is None
        or pending is None
        or Affiliation.objects.filter(user=member).exists()
    ):
        return
    organizations.affiliation_set.within(
        actor=member, organization=first, member=True, share_contact=True
    )
    organizations.affiliation_set.within(actor=member, organization=second, member=True)
    # The demo's delegates have no two-factor yet (each sets it up on first use), so the
    # vouch a delegate would give through ``organization_vouch`` is written as its row.
    voucher = Delegate.objects.filter(
        organization=first, user=delegate_user("delegate"), ends_on__isnull=True
    ).first()
    if voucher is not None:
        Vouch.objects.create(organization=pending, voucher=first, delegate=voucher)
