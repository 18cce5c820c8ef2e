"""Migration 0009 gives each evidence file already stored the organisation it belongs to (0010
then requires one): the uploader's partner organisation, else the task's organisation."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from partners.models import Membership
from plans.models import Attachment
from plans.task_services import task_reassign
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


def _forward():
    """Every app to its latest migration, as the next test on the worker expects."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


def _columns() -> dict:
    with connection.cursor() as cursor:
        description = connection.introspection.get_table_description(cursor, Attachment._meta.db_table)
    return {column.name: column for column in description}


def test_existing_files_get_the_organisation_they_belong_to(world, pastors_org, bid_org):
    owner, pastors = world.users["owner"], world.users["partner_on"]
    # Street Pastors' file on their task, since reassigned to BID: QA's case, still Street Pastors'.
    reassigned_file = factories.make_attachment(world.task, pastors)
    # Street Pastors' file on a task they still hold.
    own_task = factories.make_task(world.plan, pastors_org, title="Welfare patrol")
    own_file = factories.make_attachment(own_task, pastors)
    # The owner's (police) file: the task's organisation.
    owner_file = factories.make_attachment(world.other_org_task, owner)
    # A partner in two organisations: the one holding the task, which they added it through.
    both = world.users["partner_off"]
    Membership.objects.create(user=both, organisation=bid_org)
    both_file = factories.make_attachment(world.other_org_task, both)
    task_reassign(actor=owner, task=world.task, organisation=bid_org)

    _migrate([("plans", "0008_plan_withdrawn_at")])  # the files as they were: no organisation
    try:
        assert "organisation_id" not in _columns()
    finally:
        _forward()

    owners = dict(Attachment.objects.values_list("pk", "organisation__name"))
    assert owners == {
        reassigned_file.pk: "Street Pastors",
        own_file.pk: "Street Pastors",
        owner_file.pk: "BID Leicester",
        both_file.pk: "BID Leicester",
    }
    assert _columns()["organisation_id"].null_ok is False  # 0010: every file has one
