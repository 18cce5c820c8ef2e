"""Audit coverage cases, one module per app (tests/audit_cases/<app>.py), collected by
tests/audit/test_every_service_audits.py. Every public function of every `services.py` or
`*_services.py` module in the project must have a case, or that test fails.

Format of a module:

    from plans import services

    def plan_create(w):                 # w is the World fixture of tests/world.py
        plan = services.plan_create(actor=w.users["owner"], title="...", ...)
        return {"action": "plan.create", "actor": w.users["owner"], "target": plan}

    CASES = {"plans.services.plan_create": plan_create}

The test counts events before and after the call and asserts exactly one new event
(or "count": N when a service documents that it writes N) with that action, actor and
target (type and id).
"""
