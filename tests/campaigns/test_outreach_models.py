"""What the outreach tables can hold, and that a tally is final — through the ORM and in raw
SQL, on SQLite and PostgreSQL."""

import datetime

import pytest
from django.conf import settings
from django.db import DatabaseError, connection, models, transaction

from jisr.campaigns.models.outreach import (
    Ask,
    Commitment,
    Participation,
    Tally,
    TallyIsFinal,
)

from ..accounts.factories import UserFactory
from .outreach_factories import AskFactory

# Members' outreach rows: nothing in them may describe a person they reached.
MEMBER_TABLES = (Commitment, Participation, Tally)
ALLOWED = (
    models.BooleanField,
    models.DateField,
    models.UUIDField,
    models.PositiveSmallIntegerField,
    models.IntegerField,
    models.ForeignKey,
)


@pytest.mark.parametrize("model", MEMBER_TABLES, ids=lambda m: m.__name__)
def test_outreach_rows_hold_only_booleans_integers_dates_uuids_and_links(model):
    for field in model._meta.concrete_fields:
        assert isinstance(field, ALLOWED), (model.__name__, field.name, type(field).__name__)
        assert not isinstance(field, models.DateTimeField), (model.__name__, field.name)
        if isinstance(field, models.ForeignKey):
            assert field.related_model in (Ask, Commitment, _user_model()), field.name
    assert isinstance(model._meta.pk, models.UUIDField), "a random key: no order to line up"


def _user_model():
    from django.apps import apps

    return apps.get_model(settings.AUTH_USER_MODEL)


def test_a_tally_has_no_link_to_a_member_or_a_commitment():
    links = {f.related_model for f in Tally._meta.concrete_fields if f.is_relation}
    assert links == {Ask}
    # and nothing in the other direction either
    assert not [f for f in Commitment._meta.get_fields() if f.related_model is Tally]
    assert not [f for f in _user_model()._meta.get_fields() if f.related_model is Tally]


def test_participation_says_who_and_when_but_never_what():
    names = {f.name for f in Participation._meta.concrete_fields}
    assert names == {"id", "commitment", "on"}


def _tally(ask, **counts) -> Tally:
    return Tally.objects.create(
        ask=ask,
        on=datetime.date(2026, 11, 2),
        **{"contacted": 3, "will_vote": 2, "registered": 1, **counts},
    )


@pytest.mark.django_db
def test_a_tally_cannot_be_changed_or_removed_through_the_orm():
    tally = _tally(AskFactory())
    tally.contacted = 30
    with pytest.raises(TallyIsFinal):
        tally.save()
    with pytest.raises(TallyIsFinal):
        tally.delete()
    with pytest.raises(TallyIsFinal):
        Tally.objects.filter(pk=tally.pk).update(contacted=30)
    with pytest.raises(TallyIsFinal):
        Tally.objects.filter(pk=tally.pk).delete()
    assert Tally.objects.get(pk=tally.pk).contacted == 3


@pytest.mark.django_db
def test_a_tally_cannot_be_changed_in_raw_sql():
    tally = _tally(AskFactory())
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE campaigns_tally SET contacted = 30")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE campaigns_tally SET ask_id = ask_id")
    assert Tally.objects.get(pk=tally.pk).contacted == 3


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite's flush needs DELETE")
def test_a_tally_cannot_be_deleted_in_raw_sql_on_postgresql():
    tally = _tally(AskFactory())
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM campaigns_tally")
    assert Tally.objects.filter(pk=tally.pk).exists()


@pytest.mark.django_db
def test_counts_that_contradict_each_other_are_refused_by_the_database():
    ask = AskFactory()
    for counts in ({"will_vote": 4}, {"registered": 4}, {"contacted": 101, "will_vote": 0}):
        with pytest.raises(DatabaseError), transaction.atomic():
            _tally(ask, **counts)


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's hidden rowid")
def test_on_sqlite_the_two_tables_keep_no_insertion_order():
    """An ordinary SQLite table numbers its rows in the order written (``rowid``): the
    participation and the tally of one report would sit at the same place in both."""
    with connection.cursor() as cursor:
        for table in ("campaigns_participation", "campaigns_tally"):
            cursor.execute("SELECT sql FROM sqlite_master WHERE name = %s", [table])
            assert "WITHOUT ROWID" in cursor.fetchone()[0].upper(), table
            with pytest.raises(DatabaseError), transaction.atomic():
                cursor.execute(f"SELECT rowid FROM {table}")


@pytest.mark.django_db
def test_one_commitment_per_member_and_ask():
    ask, member = AskFactory(), UserFactory()
    Commitment.objects.create(ask=ask, member=member, will_do=True, committed_on=ask.opens_on)
    with pytest.raises(DatabaseError), transaction.atomic():
        Commitment.objects.create(ask=ask, member=member, will_do=False, committed_on=ask.opens_on)
