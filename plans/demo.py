"""Demo plans: Leicester city centre and Ashby-de-la-Zouch night-time economy problems, one or
more in every stage, made through the same services the pages use. Safe to run again.

The programme runs where the shipped police.uk months are (December 2019 to October 2022):
each plan starts on its date in 2021 or 2022. Every plan page shows the area's figures for an
after period from the plan's start to the last month imported and a before period as long
(hotspots.figure_periods.plan_periods), so every plan starts in June 2021 or later: then its before
period, its after period and the same period a year earlier are all imported, and every
figure on its page has numbers. The counts
quoted in the plans' text are the real counts of those months.

Audit events record when the demo wrote them (now), in the order the story happened: the chain
is a log of writes, so it is not backdated. The plans' own dates (start, first seen, task due
dates, patrol dates, objective baselines) carry the story's real dates. Every event the demo
writes carries DEMO_REQUEST_ID, which is how a second run tells its own plans from a user's.
"""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from audit.context import as_request
from hotspots.models import Area
from partners.models import Organisation

from . import part_services, partner_services, services, task_services
from .models import Objective, Plan, Response, Source, Stage, TaskState

D = datetime.date

# The request id of every audit event the demo writes (audit.context.as_request).
DEMO_REQUEST_ID = "manage.py demo"

CLOCK_TOWER = "Leicester Clock Tower and Haymarket"
GRANBY = "Granby Street and the railway station"
ASHBY = "Ashby-de-la-Zouch Market Street"

PAT = {
    "pat_victim": "Young adults leaving bars and clubs after 01:00, often alone and intoxicated, "
    "queuing for taxis or walking to the bus station.",
    "pat_guardian": "Door staff at nearby venues, street pastors on Friday and Saturday nights, "
    "taxi marshals (funded only until 2019).",
    "pat_offender": "Groups of young men, mostly local, intoxicated, some with previous violence "
    "in the night-time economy.",
    "pat_handler": "Licensees (bans under the Pubwatch scheme), families, youth offending service.",
    "pat_location": "Crowding where the taxi queue meets the footway; poor lighting by the "
    "underpass; no CCTV coverage of the rank's north end.",
    "pat_place_manager": "Leicester City Council highways and licensing, taxi operators, BID Leicester.",
}

# Each plan: the stage it ends in, its owner, content by section, sources, objectives,
# responses (with tasks: (title, organisation, state)), partners, and review offset in days.
PLANS = [
    {
        "title": "Assaults at the Clock Tower taxi rank",
        "owner": "officer",
        "final": Stage.CLOSED,
        "area": CLOCK_TOWER,
        "hotspot_name": "Clock Tower taxi rank",
        "priority": Plan.Priority.HIGH,
        "start_date": D(2021, 10, 4),
        "review_in": 26,
        "scan": {
            "problem_statement": "Assaults, mostly ABH and common assault, between 23:00 and 03:00 "
            "on Friday and Saturday nights at the taxi rank by the Clock Tower since the clubs "
            "reopened in July 2021. 216 violence, robbery and weapons offences recorded in the "
            "area in July to September 2021 (police.uk).",
            "first_seen": D(2021, 7, 19),
        },
        "analyse": {
            **PAT,
            "data_findings": "Two thirds of incidents between 01:00 and 03:00; peaks on the last "
            "Saturday of the month (payday). Most victims were waiting for taxis.",
            "hypothesis": "Long, unmanaged taxi queues after the clubs close bring intoxicated "
            "strangers into conflict where no guardian is present.",
            "victim_details": "Three repeat victims known to the neighbourhood team (details on Niche).",
            "offender_details": "Two nominals banned under Pubwatch in 2021; both on licence.",
            "police_notes": "Intelligence suggests a dispute between two groups from Braunstone.",
        },
        "sources": [
            (
                Source.Kind.CRIME_DATA,
                "216 violence, robbery and weapons offences, Jul to Sep 2021 (police.uk)",
            ),
            (Source.Kind.CALLS, "61 calls for service about fights at the rank in three months"),
            (Source.Kind.PARTNER, "Street Pastors report weekly first aid at the rank"),
        ],
        "objectives": [
            {
                "impact": Objective.Impact.REDUCE,
                "reduction_percent": 20,
                "description": "Reduce violence at the taxi rank by 20% against the same months a year before",
                "measure": "Violence, robbery and weapons offences within the area, police.uk",
                "baseline": 677,
                "baseline_note": "October 2020 to October 2021",
                "target": 542,
                "result": 1170,
            }
        ],
        "responses": [
            {
                "kind": Response.Kind.SITUATIONAL,
                "description": "Marshalled taxi queue with barriers from 23:00 to 03:00 on Fridays and Saturdays.",
                "lead": "BID Leicester",
                "delivery": Response.Delivery.DELIVERED,
                "tasks": [("Fund and staff taxi marshals for 12 weekends", "BID Leicester", TaskState.DONE)],
            },
            {
                "kind": Response.Kind.PREVENTION,
                "description": "Street pastors and St John Ambulance treatment point at the rank.",
                "lead": "Street Pastors",
                "delivery": Response.Delivery.DELIVERED,
                "tasks": [
                    ("Patrol the rank 22:00 to 03:00 on Fridays", "Street Pastors", TaskState.DONE),
                    ("Run the treatment point on Saturdays", "St John Ambulance", TaskState.DONE),
                ],
            },
        ],
        "partners": ["Street Pastors", "St John Ambulance", "BID Leicester"],
        "assess": {
            "process_evaluation": "All responses delivered: marshals on 12 of 12 weekends, pastors "
            "on 11 of 12 Fridays, the treatment point on every Saturday.",
            "outcome_summary": "Violence, robbery and weapons offences in the area rose from 677 "
            "(October 2020 to October 2021) to 1,170 (October 2021 to October 2022), +72.8%, "
            "more than in the Loughborough control area (+68.1% against the months before): the "
            "reopening of the night-time economy after lockdown outweighed what the response did.",
            "outcome_verdict": Plan.Verdict.NOT_EFFECTIVE,
            "lessons_learned": "Marshals need funding beyond the BID's pilot; hand to the council's "
            "licensing team for the late-night levy.",
        },
    },
    {
        "title": "Street drinking and ASB in the Haymarket and Humberstone Gate",
        "owner": "officer",
        "final": Stage.ASSESS,
        "area": CLOCK_TOWER,
        "hotspot_name": "Haymarket and Humberstone Gate",
        "priority": Plan.Priority.MEDIUM,
        "start_date": D(2022, 1, 10),
        "review_in": 10,
        "scan": {
            "problem_statement": "Daytime street drinking, aggressive begging and litter around the "
            "Haymarket steps and Humberstone Gate; complaints from traders and bus passengers.",
            "first_seen": D(2021, 9, 1),
        },
        "analyse": {
            **PAT,
            "pat_victim": "Shoppers, bus passengers and traders in the Haymarket.",
            "pat_offender": "A group of about a dozen street drinkers, several with housing needs.",
            "pat_location": "Seating on the Haymarket steps; off-licence on Humberstone Gate.",
            "data_findings": "54 ASB reports in the area in October to December 2021 (police.uk), "
            "against 43 in July to September.",
            "hypothesis": "Seating, cheap strong cider nearby and no outreach presence make the steps a gathering point.",
            "victim_details": "Two traders assaulted; statements held.",
            "offender_details": "Group members named in the ASB case file.",
        },
        "sources": [
            (Source.Kind.COMMUNITY, "Traders' meeting, November 2021"),
            (Source.Kind.CRIME_DATA, "Anti-social behaviour, police.uk, Jul to Dec 2021"),
        ],
        "objectives": [
            {
                "impact": Objective.Impact.HANDLE_BETTER,
                "description": "Every street drinker offered housing and alcohol support by June 2022",
                "measure": "Referrals accepted by outreach",
                "baseline": 2,
                "target": 12,
                "result": 9,
            }
        ],
        "responses": [
            {
                "kind": Response.Kind.DIVERSION,
                "description": "Outreach workers with the wardens twice a week.",
                "lead": "Street Outreach",
                "delivery": Response.Delivery.PARTLY,
                "tasks": [("Twice-weekly joint outreach sessions", "Street Outreach", TaskState.DONE)],
            },
            {
                "kind": Response.Kind.ENFORCEMENT,
                "description": "Community protection warnings for persistent drinkers who refuse support.",
                "lead": "City ASB Wardens",
                "delivery": Response.Delivery.DELIVERED,
                "tasks": [("Issue CPWs and record breaches", "City ASB Wardens", TaskState.DONE)],
            },
        ],
        "partners": ["Street Outreach", "City ASB Wardens", "City Street Wardens"],
        "assess": {
            "process_evaluation": "Outreach ran 14 of 16 planned sessions; CPWs issued to four people.",
            "outcome_summary": "Every street drinker known to outreach was offered support, but ASB "
            "reports in the area rose from 145 (January to October 2021) to 223 (January to October "
            "2022), +53.8%, while the Loughborough control area barely moved.",
            "outcome_verdict": Plan.Verdict.PARTLY,
            "lessons_learned": "Support offers work only with a housing place ready the same day.",
        },
    },
    {
        "title": "Violence near the Granby Street bars",
        "owner": "officer2",
        "final": Stage.RESPOND,
        "area": GRANBY,
        "hotspot_name": "Granby Street",
        "priority": Plan.Priority.HIGH,
        "start_date": D(2022, 5, 9),
        "review_in": 21,
        "scan": {
            "problem_statement": "Fights outside the late bars on Granby Street, spilling towards "
            "the railway station after 02:00; two serious injuries in April 2022.",
            "first_seen": D(2022, 2, 1),
        },
        "analyse": {
            **PAT,
            "pat_location": "Four late licences within 150 m; closing times staggered by only 30 minutes.",
            "data_findings": "Violence with injury concentrated between 02:00 and 03:30.",
            "hypothesis": "Near-simultaneous closing pushes crowds into a narrow footway with no transport.",
        },
        "sources": [
            (Source.Kind.CRIME_DATA, "Violence, robbery and weapons offences, police.uk, Jan to Apr 2022"),
            (Source.Kind.PARTNER, "BID Leicester night-time economy survey"),
        ],
        "objectives": [
            {
                "impact": Objective.Impact.SERIOUSNESS,
                "description": "No violence with injury outside the Granby Street bars in September 2022",
                "measure": "Violence with injury, Niche",
                "baseline": 9,
                "target": 0,
            }
        ],
        "responses": [
            {
                "kind": Response.Kind.ENGAGEMENT,
                "description": "Pubwatch meeting to agree staggered closing and shared radio link.",
                "lead": "BID Leicester",
                "tasks": [("Set up the radio link for door staff", "BID Leicester", TaskState.IN_PROGRESS)],
            },
            {
                "kind": Response.Kind.PREVENTION,
                "description": "Street pastors patrol Granby Street to the station after 01:00.",
                "lead": "Street Pastors",
                "tasks": [
                    ("Extend Saturday patrol route to Granby Street", "Street Pastors", TaskState.OPEN)
                ],
            },
        ],
        "partners": ["BID Leicester", "Street Pastors"],
    },
    {
        "title": "Late-night disorder on Market Street, Ashby-de-la-Zouch",
        "owner": "officer2",
        "final": Stage.ANALYSE,
        "area": ASHBY,
        "hotspot_name": "Market Street, Ashby",
        "priority": Plan.Priority.MEDIUM,
        "start_date": D(2022, 7, 4),
        "review_in": -9,
        "scan": {
            "problem_statement": "Disorder and criminal damage on Market Street after the pubs close "
            "on Friday and Saturday nights, near the takeaways and the bus stop.",
            "first_seen": D(2022, 5, 1),
        },
        "analyse": {
            "pat_victim": "Takeaway staff and late bus passengers.",
            "pat_location": "Takeaways open until 03:00 next to the last bus stop.",
            "data_findings": "Public order and criminal damage reports cluster on Friday and Saturday nights.",
        },
        "sources": [
            (Source.Kind.COMMUNITY, "Ashby Town Council residents' survey"),
            (Source.Kind.CALLS, "27 calls about disorder on Market Street, May to June 2022"),
        ],
        "objectives": [],
        "responses": [],
        "partners": ["Ashby NTE Street Wardens"],
    },
    {
        "title": "Drug dealing in the alley off Church Gate",
        "owner": "officer",
        "final": Stage.SCAN,
        "area": CLOCK_TOWER,
        "hotspot_name": "Church Gate alley",
        "priority": Plan.Priority.HIGH,
        "start_date": D(2022, 9, 5),
        "review_in": -3,
        "scan": {
            "problem_statement": "Residents report drug dealing and discarded needles in the alley "
            "between Church Gate and the Haymarket car park.",
        },
        "sources": [],
        "partners": [],
    },
    {
        "title": "Glass injuries outside the Bath Street late bars, Ashby",
        "owner": "officer",
        "final": Stage.SCAN,
        "area": ASHBY,
        "hotspot_name": "Bath Street, Ashby",
        "priority": Plan.Priority.LOW,
        "start_date": D(2022, 10, 3),
        "review_in": 20,
        "scan": {
            "problem_statement": "Glass-related injuries where drinkers carry glasses out of the "
            "Bath Street bars to the market place.",
            "first_seen": D(2022, 8, 1),
        },
        "sources": [(Source.Kind.PARTNER, "Ashby NTE Street Wardens incident log, August 2022")],
        "partners": ["Ashby NTE Street Wardens"],
    },
    {
        "title": "Begging at Leicester railway station entrance",
        "owner": "officer2",
        "final": Stage.WITHDRAWN,
        "withdraw_reason": "British Transport Police lead on station land; handed over at the "
        "July 2021 tasking meeting.",
        "area": GRANBY,
        "hotspot_name": "London Road station entrance",
        "priority": Plan.Priority.LOW,
        "start_date": D(2021, 6, 7),
        "review_in": 28,
        "scan": {
            "problem_statement": "Aggressive begging at the station entrance and taxi drop-off.",
            "first_seen": D(2021, 4, 1),
        },
        "sources": [(Source.Kind.CALLS, "14 calls in April and May 2021")],
        "partners": ["City Street Wardens"],
    },
]

ORDER = [Stage.SCAN, Stage.ANALYSE, Stage.RESPOND, Stage.ASSESS, Stage.CLOSED]
FORWARD = {
    Stage.SCAN: "start_analysis",
    Stage.ANALYSE: "start_response",
    Stage.RESPOND: "start_assessment",
    Stage.ASSESS: "close",
}


def _reached(final: str, stage: str) -> bool:
    """Whether a plan ending in `final` went through `stage` (withdrawn plans stay in Scan)."""
    if final == Stage.WITHDRAWN:
        return stage == Stage.SCAN
    return ORDER.index(stage) <= ORDER.index(final)


def _update(actor, plan, section, data):
    plan.refresh_from_db()
    return services.plan_update(actor=actor, plan=plan, section=section, data=data, version=plan.version)


def _organisation(name):
    return Organisation.objects.filter(name=name).first()


def _build(spec, users, manager, stdout):
    owner = users[spec["owner"]]
    area = Area.objects.filter(name=spec["area"]).first()
    plan = services.plan_create(
        actor=owner,
        title=spec["title"],
        hotspot_name=spec["hotspot_name"],
        area=area,
        priority=spec["priority"],
        start_date=spec["start_date"],
        next_review_date=timezone.localdate() + datetime.timedelta(days=spec["review_in"]),
        problem_statement=spec["scan"].get("problem_statement", ""),
        first_seen=spec["scan"].get("first_seen"),
    )
    for name in spec.get("partners", []):
        organisation = _organisation(name)
        if organisation:
            partner_services.plan_partner_add(actor=owner, plan=plan, organisation=organisation)
    for kind, notes in spec.get("sources", []):
        part_services.source_add(actor=owner, plan=plan, kind=kind, notes=notes)
    final = spec["final"]
    if final == Stage.WITHDRAWN:
        services.plan_transition(
            actor=manager, plan=plan, transition="withdraw", reason=spec["withdraw_reason"]
        )
        return plan
    if "analyse" in spec:
        _update(owner, plan, "analyse", spec["analyse"])
    if _reached(final, Stage.ANALYSE) and area is not None:
        plan = services.plan_transition(actor=owner, plan=plan, transition="start_analysis")
    for values in spec.get("objectives", []):
        part_services.objective_add(actor=owner, plan=plan, **values)
    if _reached(final, Stage.RESPOND) and plan.state == Stage.ANALYSE:
        plan = services.plan_transition(actor=owner, plan=plan, transition="start_response")
    for values in spec.get("responses", []):
        values = dict(values)
        tasks = values.pop("tasks", [])
        lead = _organisation(values.pop("lead"))
        delivery = values.pop("delivery", "")
        response = part_services.response_add(actor=owner, plan=plan, lead_organisation=lead, **values)
        # The tasks a response needs to reach Assess; plans.demo_tasks adds partners' others.
        for title, org_name, state in tasks:
            organisation = _organisation(org_name)
            if organisation is None or not plan.partner_links.filter(organisation=organisation).exists():
                continue
            task = task_services.task_create(
                actor=owner,
                plan=plan,
                title=title,
                organisation=organisation,
                due_date=spec["start_date"] + datetime.timedelta(days=42),
                response=response,
            )
            if state == TaskState.IN_PROGRESS:
                task_services.task_start(actor=owner, task=task)
            elif state == TaskState.DONE:
                task_services.task_complete(
                    actor=owner, task=task, note="Delivered as agreed; see the patrol log."
                )
        if delivery and _reached(final, Stage.ASSESS):
            part_services.response_update(actor=owner, response=response, delivery=delivery)
    if _reached(final, Stage.ASSESS) and plan.state == Stage.RESPOND:
        plan = services.plan_transition(actor=owner, plan=plan, transition="start_assessment")
    if "assess" in spec and plan.state == Stage.ASSESS:
        _update(owner, plan, "assess", spec["assess"])
    if final == Stage.CLOSED and plan.state == Stage.ASSESS:
        plan.refresh_from_db()
        plan = services.plan_transition(actor=manager, plan=plan, transition="close")
    if plan.state != final and stdout is not None:
        stdout.write(f"  {plan.reference} stayed in {plan.get_state_display()} (its area is not loaded)")
    return plan


def load(*, password: str, stdout=None) -> None:
    """Create the demo plans that do not exist yet (matched by title)."""
    User = get_user_model()
    users = {u.username: u for u in User.objects.filter(username__in=["officer", "officer2", "manager"])}
    if len(users) < 3:
        if stdout is not None:
            stdout.write("  plans: demo users missing, load partners.demo first")
        return
    made = 0
    with as_request(DEMO_REQUEST_ID):
        for spec in PLANS:
            if Plan.objects.filter(title=spec["title"]).exists():
                continue
            _build(spec, users, users["manager"], stdout)
            made += 1
    if stdout is not None:
        stdout.write(f"  plans: {made} demo plan(s) added, {len(PLANS) - made} already there")


def demo_plans():
    """The plans the demo made (on any run): the only plans a later run may touch."""
    from audit.selectors import plan_ids_created_in

    return Plan.objects.filter(pk__in=plan_ids_created_in(DEMO_REQUEST_ID))
