"""The database itself keeps an approved claim as approved: no UPDATE of a frozen column (its
minutes, rate, amount, status, the visits it counted) and no DELETE, on SQLite and PostgreSQL
(run with DATABASE_URL=postgres://... for the second); a queried claim may still change."""

import json

import pytest
from django.db import DatabaseError, IntegrityError, connection, transaction

from hotspots import claim_services
from hotspots.claim_models import Claim

from .test_claims import Q1, Q2, q1  # noqa: F401 - the fixture: Street Pastors' first quarter

pytestmark = pytest.mark.django_db

FIXED = "an approved claim cannot change"


@pytest.fixture
def approved(world, q1):  # noqa: F811
    pastors, _visits = q1
    return claim_services.claim_approve(actor=world.users["manager"], organisation=pastors, quarter=Q1)


def _sql(statement, params):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement, params)


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("minutes", 9999),
        ("rate", "99.99"),
        ("amount", "0.01"),
        ("status", "queried"),
        ("quarter", "2026/27 Q2"),
        ("visits", "[]"),
        ("corrections", '[{"quarter": "2025/26 Q4"}]'),
    ],
)
def test_a_frozen_column_of_an_approved_claim_is_refused_by_the_database(approved, column, value):
    cast = "::jsonb" if connection.vendor == "postgresql" and column in ("visits", "corrections") else ""
    with pytest.raises(DatabaseError, match=FIXED):
        _sql(f"UPDATE hotspots_claim SET {column} = %s{cast} WHERE id = %s", [value, approved.pk])  # noqa: S608
    again = Claim.objects.get(pk=approved.pk)
    assert (again.minutes, str(again.amount), again.status, again.visits) == (
        97,
        "29.67",
        "approved",
        approved.visits,
    )


def test_one_counted_visit_taken_out_of_the_list_is_refused(approved):
    assert len(approved.visits) == 3  # every visit of the quarter, each with whether it counted
    fewer = json.dumps(approved.visits[:1])
    cast = "::jsonb" if connection.vendor == "postgresql" else ""
    with pytest.raises(DatabaseError, match=FIXED):
        _sql(f"UPDATE hotspots_claim SET visits = %s{cast} WHERE id = %s", [fewer, approved.pk])  # noqa: S608
    assert Claim.objects.get(pk=approved.pk).visits == approved.visits


def test_deleting_an_approved_claim_is_refused_through_the_orm_too(approved):
    with pytest.raises(IntegrityError, match=FIXED), transaction.atomic():
        Claim.objects.filter(pk=approved.pk).delete()
    with pytest.raises(IntegrityError, match=FIXED), transaction.atomic():
        Claim.objects.filter(pk=approved.pk).update(minutes=1)
    assert Claim.objects.filter(pk=approved.pk, minutes=97).exists()


def test_a_note_may_be_added_and_a_queried_claim_still_changes(world, q1, approved):  # noqa: F811
    _sql("UPDATE hotspots_claim SET note = %s WHERE id = %s", ["Paid on 3 August", approved.pk])
    assert Claim.objects.get(pk=approved.pk).note == "Paid on 3 August"
    pastors, _ = q1
    manager = world.users["manager"]
    queried = claim_services.claim_query(
        actor=manager, organisation=pastors, quarter=Q2, note="Which nights?"
    )
    Claim.objects.filter(pk=queried.pk).update(minutes=5)  # not approved: not fixed
    claim_services.claim_approve(actor=manager, organisation=pastors, quarter=Q2)
    assert Claim.objects.get(pk=queried.pk).status == "approved"
    with pytest.raises(IntegrityError), transaction.atomic():
        Claim.objects.filter(pk=queried.pk).delete()
