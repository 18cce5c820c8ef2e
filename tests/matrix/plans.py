"""URL matrix rows for the plan pages (plans/urls.py)."""

SEE = {"owner": 200, "officer2": 200, "partner_on": 200, "partner_off": 404, "manager": 200, "anonymous": 302}
EDIT = {
    "owner": 200,
    "officer2": 403,
    "partner_on": 403,
    "partner_off": 404,
    "manager": 403,
    "anonymous": 302,
}
EDIT_POST = {**EDIT, "owner": 302}
MANAGER_STEP = {**EDIT, "owner": 403, "manager": 200}


def _scan(w):
    return {
        "version": w.plan.version,
        "hotspot_name": "Clock Tower",
        "priority": "high",
        "problem_statement": "Assaults at the rank",
    }


OBJECTIVE = {
    "impact": "handle_better",
    "description": "Every victim offered first aid",
    "measure": "Treatments recorded by St John Ambulance",
    "baseline": "12",
}
RESPONSE = {"kind": "engagement", "description": "Pubwatch meeting on staggered closing"}

ROWS = {
    "plans:list": {
        "kwargs": lambda w: {},
        "expect": {**SEE, "partner_off": 200},
    },
    "plans:create": {
        "kwargs": lambda w: {},
        "expect": {**EDIT, "officer2": 200, "partner_off": 403},
        "post": lambda w: {
            "title": "Begging on Gallowtree Gate",
            "hotspot_name": "Gallowtree Gate",
            "priority": "low",
            "start_date": "2019-01-07",
        },
        "post_expect": {**EDIT_POST, "officer2": 302, "partner_off": 403},
    },
    "plans:review_queue": {
        "kwargs": lambda w: {},
        "expect": {
            "owner": 403,
            "officer2": 403,
            "partner_on": 403,
            "partner_off": 403,
            "manager": 200,
            "anonymous": 302,
        },
    },
    "plans:detail": {"kwargs": lambda w: {"pk": w.plan.pk}, "expect": SEE},
    "plans:history": {"kwargs": lambda w: {"pk": w.plan.pk}, "expect": SEE},
    "plans:detail#other": {
        "kwargs": lambda w: {"pk": w.other_plan.pk},
        "expect": {**SEE, "partner_on": 404, "partner_off": 200},
    },
    "plans:edit": {
        "kwargs": lambda w: {"pk": w.plan.pk, "section": "scan"},
        "expect": EDIT,
        "post": _scan,
        "post_expect": EDIT_POST,
    },
    "plans:edit#analyse": {"kwargs": lambda w: {"pk": w.plan.pk, "section": "analyse"}, "expect": EDIT},
    "plans:edit#assess": {"kwargs": lambda w: {"pk": w.plan.pk, "section": "assess"}, "expect": EDIT},
    "plans:edit#details": {"kwargs": lambda w: {"pk": w.plan.pk, "section": "details"}, "expect": EDIT},
    "plans:review": {
        "kwargs": lambda w: {"pk": w.plan.pk},
        # POST only (the plan page's button): a GET is refused the same for every plan.
        "expect": {**dict.fromkeys(EDIT, 405), "anonymous": 302},
        "post": lambda w: {"version": w.plan.version},
        "post_expect": EDIT_POST,
    },
    "plans:transition": {
        "kwargs": lambda w: {"pk": w.plan.pk, "name": "start_assessment"},
        "expect": EDIT,
        # The world plan's task is still open: the owner is shown what is missing (409).
        "post": lambda w: {"expected_state": "respond"},
        "post_expect": {**EDIT, "owner": 409},
    },
    "plans:transition#withdraw": {
        "kwargs": lambda w: {"pk": w.plan.pk, "name": "withdraw"},
        "expect": MANAGER_STEP,
        "post": lambda w: {"expected_state": "respond", "reason": "Funding ended"},
        "post_expect": {**MANAGER_STEP, "manager": 302},
    },
    "plans:transition#send_back": {
        "kwargs": lambda w: {"pk": w.plan.pk, "name": "send_back"},
        "expect": {**EDIT, "manager": 200},
    },
    "plans:stage_check": {
        "kwargs": lambda w: {"pk": w.plan.pk, "name": "withdraw"},
        "expect": MANAGER_STEP,
        # The reason, the first answer: kept for the check page, nothing moves yet.
        "post": lambda w: {"step": "reason", "reason": "Funding ended"},
        "post_expect": {**MANAGER_STEP, "manager": 302},
    },
    "plans:closure_request": {
        "kwargs": lambda w: {"pk": w.plan.pk},
        # The world plan is in Respond: nobody may ask for it to be closed yet.
        "expect": {**EDIT, "owner": 403},
        "post": lambda w: {"note": "Ready"},
        "post_expect": {**EDIT, "owner": 403},
    },
    "plans:closure_return": {
        "kwargs": lambda w: {"pk": w.plan.pk},
        # No request is waiting: the manager is told so (200), and a send-back is a 409.
        "expect": MANAGER_STEP,
        "post": lambda w: {"reason": "Add the patrol figures"},
        "post_expect": {**MANAGER_STEP, "manager": 409},
    },
    "plans:retention": {
        "kwargs": lambda w: {"pk": w.plan.pk},
        # The world plan is open: the manager is told only finished plans are reviewed.
        "expect": MANAGER_STEP,
        "post": lambda w: {"decision": "dispose", "dispose-confirm": "on"},
        "post_expect": {**MANAGER_STEP, "manager": 302},
    },
    "plans:source_add": {
        "kwargs": lambda w: {"pk": w.plan.pk},
        "expect": EDIT,
        "post": lambda w: {"kind": "community", "notes": "Traders' meeting"},
        "post_expect": EDIT_POST,
    },
    "plans:source_remove": {
        "kwargs": lambda w: {"pk": w.plan.pk, "item_pk": w.plan.sources.first().pk},
        "expect": EDIT,
        "post": lambda w: {},
        "post_expect": EDIT_POST,
    },
    "plans:objective_add": {
        "kwargs": lambda w: {"pk": w.plan.pk},
        "expect": EDIT,
        "post": lambda w: dict(OBJECTIVE),
        "post_expect": EDIT_POST,
    },
    "plans:objective_edit": {
        "kwargs": lambda w: {"pk": w.plan.pk, "item_pk": w.plan.objectives.first().pk},
        "expect": EDIT,
        "post": lambda w: {**OBJECTIVE, "version": w.plan.objectives.first().version},
        "post_expect": EDIT_POST,
    },
    "plans:objective_remove": {
        "kwargs": lambda w: {"pk": w.plan.pk, "item_pk": w.plan.objectives.first().pk},
        "expect": EDIT,
        "post": lambda w: {},
        "post_expect": EDIT_POST,
    },
    "plans:response_add": {
        "kwargs": lambda w: {"pk": w.plan.pk},
        "expect": EDIT,
        "post": lambda w: dict(RESPONSE),
        "post_expect": EDIT_POST,
    },
    "plans:response_edit": {
        "kwargs": lambda w: {"pk": w.plan.pk, "item_pk": w.plan.responses.first().pk},
        "expect": EDIT,
        "post": lambda w: {**RESPONSE, "version": w.plan.responses.first().version},
        "post_expect": EDIT_POST,
    },
    "plans:response_remove": {
        "kwargs": lambda w: {"pk": w.plan.pk, "item_pk": w.plan.responses.first().pk},
        "expect": EDIT,
        "post": lambda w: {},
        "post_expect": EDIT_POST,
    },
}
