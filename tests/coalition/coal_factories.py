"""Listings, co-hosts and promotions, and a member organization with its delegate."""

import factory

from jisr.coalition.models import EventCohost, ResourceListing

from ..campaigns.factories import EventFactory
from .factories import DelegateFactory, MembershipFactory, OrganizationFactory


class ListingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ResourceListing

    delegate = factory.SubFactory(DelegateFactory)
    organization = factory.LazyAttribute(lambda o: o.delegate.organization)
    kind = "offer"
    category = "venue"
    title = factory.Sequence(lambda n: f"قاعة للقاءات {n}")
    city = "مالمو"


class CohostFactory(factory.django.DjangoModelFactory):
    """An invitation to co-host, not yet accepted."""

    class Meta:
        model = EventCohost

    event = factory.SubFactory(EventFactory)
    organization = factory.SubFactory(OrganizationFactory)


def member_delegate(coalition, **organization):
    """A primary delegate (with two-factor) of a current member organization of ``coalition``."""
    delegate = DelegateFactory(organization=OrganizationFactory(**organization))
    MembershipFactory(coalition=coalition, organization=delegate.organization)
    return delegate
