"""Put a plan in a given stage with every transition condition met, for transition tests."""

from plans.models import Plan, Task, TaskState


def ready_plan(world, state):
    """The world's plan, in `state`, ready for any transition out of it."""
    Plan.objects.filter(pk=world.plan.pk).update(
        state=state,
        area=world.area,
        problem_statement="Assaults at the rank",
        pat_victim="Young adults",
        pat_offender="Groups of young men",
        pat_location="The rank",
        outcome_verdict=Plan.Verdict.EFFECTIVE,
        outcome_summary="Violence fell by a third",
    )
    Task.objects.filter(plan=world.plan).update(state=TaskState.DONE, completion_note="Done as planned")
    world.plan.refresh_from_db()
    return world.plan
