"""The problem-solving plan, its SARA stage content, and the tasks partners carry out."""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django_fsm import FSMField, FSMModelMixin, transition
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from .permissions import transition_permission


class Stage(models.TextChoices):
    SCAN = "scan", "Scan"
    ANALYSE = "analyse", "Analyse"
    RESPOND = "respond", "Respond"
    ASSESS = "assess", "Assess"
    CLOSED = "closed", "Closed"
    WITHDRAWN = "withdrawn", "Withdrawn"


OPEN_STAGES = [Stage.SCAN, Stage.ANALYSE, Stage.RESPOND, Stage.ASSESS]

# Fields only police may read: on every page, PDF, export and API.
POLICE_ONLY_FIELDS = ("victim_details", "offender_details", "police_notes")


REVIEW_INTERVAL = datetime.timedelta(days=28)


def review_due_by(start_date: datetime.date) -> datetime.date:
    """The latest next review of an open plan: 28 days on (PRODUCT.md, the owner's review every
    28 days), from the start when the plan starts later: never a review before the start."""
    return max(start_date, timezone.localdate()) + REVIEW_INTERVAL


def retention_review_from(day: datetime.date) -> datetime.date:
    """The review-for-retention date for a plan closed or kept on `day` (29 February → 28th)."""
    years = settings.PLAN_RETENTION_REVIEW_YEARS
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _written(value) -> bool:
    return bool(value and str(value).strip())


# Each transition's conditions, in the order the user is told about them. A condition is
# (check, what to do when it fails); the checks read prefetched relations when present.
CONDITIONS = {
    "start_analysis": [
        (lambda p: _written(p.problem_statement), "Write the problem statement"),
        (lambda p: p.area_id is not None, "Choose the hotspot area"),
        (lambda p: p.sources.all().exists(), "Add at least one source"),
    ],
    "start_response": [
        (lambda p: _written(p.pat_victim), "Write the victim side of the problem analysis triangle"),
        (lambda p: _written(p.pat_offender), "Write the offender side of the problem analysis triangle"),
        (lambda p: _written(p.pat_location), "Write the location side of the problem analysis triangle"),
        (
            lambda p: any(o.baseline is not None for o in p.objectives.all()),
            "Add at least one SMART objective with a baseline",
        ),
    ],
    "start_assessment": [
        (
            lambda p: any(t.response_id is not None for t in p.tasks.all()),
            "Add at least one response with a task",
        ),
        (
            lambda p: not any(t.state in (TaskState.OPEN, TaskState.IN_PROGRESS) for t in p.tasks.all()),
            "Finish or cancel every task that is still open or in progress",
        ),
    ],
    "close": [
        (lambda p: _written(p.outcome_verdict), "Choose the outcome verdict"),
        (lambda p: _written(p.outcome_summary), "Write the outcome summary"),
    ],
}


def _checks(name):
    """The transition's conditions for django-fsm, as one check over `unmet_conditions`: a read,
    with no side effect (plans.services.plan_transition reads them first, to say what is missing)."""

    def conditions_hold(plan) -> bool:
        return not plan.unmet_conditions(name)

    return [conditions_hold]


class Plan(FSMModelMixin, models.Model):
    class Priority(models.TextChoices):
        HIGH = "high", "High"
        MEDIUM = "medium", "Medium"
        LOW = "low", "Low"

    class Verdict(models.TextChoices):
        EFFECTIVE = "effective", "Effective"
        PARTLY = "partly", "Partly effective"
        NOT_EFFECTIVE = "not_effective", "Not effective"
        TOO_EARLY = "too_early", "Too early to say"

    reference = models.CharField(max_length=20, unique=True)
    title = models.CharField(max_length=200)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="plans_owned")
    co_owners = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="plans_co_owned")
    hotspot_name = models.CharField(max_length=200)
    area = models.ForeignKey(
        "hotspots.Area", null=True, blank=True, on_delete=models.PROTECT, related_name="plans"
    )
    priority = models.CharField(max_length=10, choices=Priority.choices, default=Priority.MEDIUM)
    start_date = models.DateField(default=timezone.localdate)
    next_review_date = models.DateField()
    # Nothing assigns this: only the transitions in plans.services move it.
    state = FSMField(default=Stage.SCAN, choices=Stage.choices, protected=True, db_index=True)
    # Optimistic lock for edits: a save based on an older version is refused.
    version = models.PositiveIntegerField(default=1)

    # Scan
    problem_statement = models.TextField(blank=True, max_length=5000)
    first_seen = models.DateField(null=True, blank=True)

    # Analyse: the Problem Analysis Triangle, all six sides
    pat_victim = models.TextField("victim", blank=True, max_length=5000)
    pat_guardian = models.TextField("guardian", blank=True, max_length=5000)
    pat_offender = models.TextField("offender", blank=True, max_length=5000)
    pat_handler = models.TextField("handler", blank=True, max_length=5000)
    pat_location = models.TextField("location", blank=True, max_length=5000)
    pat_place_manager = models.TextField("place manager", blank=True, max_length=5000)
    data_findings = models.TextField(blank=True, max_length=10000)
    hypothesis = models.TextField("working hypothesis", blank=True, max_length=5000)
    # Police-only (POLICE_ONLY_FIELDS)
    victim_details = models.TextField(blank=True, max_length=5000)
    offender_details = models.TextField(blank=True, max_length=5000)
    police_notes = models.TextField("intelligence notes", blank=True, max_length=10000)

    # Assess
    process_evaluation = models.TextField(blank=True, max_length=10000)
    outcome_summary = models.TextField(blank=True, max_length=10000)
    outcome_verdict = models.CharField(max_length=20, choices=Verdict.choices, blank=True)
    lessons_learned = models.TextField(blank=True, max_length=10000)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    # Set by the withdraw transition and never cleared (nothing leaves Withdrawn): a period's
    # plans are those started by its end and neither closed nor withdrawn before its start.
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    # Retention (PRODUCT.md): set when the plan is closed or withdrawn, moved on when a reviewer
    # keeps it, cleared when its personal data is disposed of or the plan reopens.
    retention_review_date = models.DateField(null=True, blank=True)
    personal_data_disposed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-updated_at", "-pk"]
        indexes = [
            # The list's order: a page of 50 reads 50 index entries instead of sorting every plan.
            models.Index(fields=["-updated_at", "-id"], name="plan_recent"),
            models.Index(fields=["owner", "state"], name="plan_owner_state"),
            models.Index(fields=["next_review_date"], name="plan_next_review"),
            # An area's open plans (Scan names them beside the places an area covers): without
            # it, every plan of the area is read to find its few open ones.
            models.Index(fields=["area", "state"], name="plan_area_state"),
            # The manager's home: open plans with no movement for 28 days, counted and the
            # stillest first, from the few open plans' entries instead of every plan's.
            models.Index(
                fields=["updated_at", "id"],
                condition=models.Q(state__in=OPEN_STAGES),
                name="open_plan_updated",
            ),
            # The manager's home: plans due for their retention review (set only once ended).
            models.Index(fields=["retention_review_date"], name="plan_retention_review"),
        ]

    def __str__(self):
        return f"{self.reference} {self.title}"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STAGES

    @property
    def personal_data_disposed(self) -> bool:
        """Its personal data was disposed of and it was not closed or withdrawn again since:
        disposal clears the review date, and closing or withdrawing the plan sets a new one."""
        return self.personal_data_disposed_at is not None and self.retention_review_date is None

    @property
    def retention_review_due(self) -> bool:
        return self.retention_review_date is not None and self.retention_review_date <= timezone.localdate()

    @property
    def review_overdue(self) -> bool:
        return self.is_open and self.next_review_date < timezone.localdate()

    def unmet_conditions(self, transition_name: str) -> list[str]:
        """What still has to be done before this transition, in words the user can act on."""
        return [message for check, message in CONDITIONS.get(transition_name, []) if not check(self)]

    # The SARA workflow (PRODUCT.md "The workflow"). Only plans.services.plan_transition calls
    # these: it locks the row, checks the permission callable and writes the audit event.
    @transition(
        field=state,
        source=Stage.SCAN,
        target=Stage.ANALYSE,
        conditions=_checks("start_analysis"),
        permission=transition_permission("start_analysis"),
    )
    def start_analysis(self):
        pass

    @transition(
        field=state,
        source=Stage.ANALYSE,
        target=Stage.RESPOND,
        conditions=_checks("start_response"),
        permission=transition_permission("start_response"),
    )
    def start_response(self):
        pass

    @transition(
        field=state,
        source=Stage.RESPOND,
        target=Stage.ASSESS,
        conditions=_checks("start_assessment"),
        permission=transition_permission("start_assessment"),
    )
    def start_assessment(self):
        pass

    @transition(
        field=state,
        source=Stage.ASSESS,
        target=Stage.CLOSED,
        conditions=_checks("close"),
        permission=transition_permission("close"),
    )
    def close(self):
        self.closed_at = timezone.now()
        self.retention_review_date = retention_review_from(timezone.localdate())

    @transition(
        field=state, source=Stage.ASSESS, target=Stage.RESPOND, permission=transition_permission("send_back")
    )
    @transition(
        field=state, source=Stage.RESPOND, target=Stage.ANALYSE, permission=transition_permission("send_back")
    )
    @transition(
        field=state, source=Stage.ANALYSE, target=Stage.SCAN, permission=transition_permission("send_back")
    )
    def send_back(self):
        pass

    @transition(
        field=state, source=Stage.CLOSED, target=Stage.ASSESS, permission=transition_permission("reopen")
    )
    def reopen(self):
        self.closed_at = None
        self.retention_review_date = None
        # Open again: its review is due 28 days on, not on the date it had when it closed
        # (a plan reopened months later was overdue at once).
        self.next_review_date = max(self.next_review_date, review_due_by(self.start_date))

    @transition(
        field=state, source=OPEN_STAGES, target=Stage.WITHDRAWN, permission=transition_permission("withdraw")
    )
    def withdraw(self):
        self.withdrawn_at = timezone.now()
        self.retention_review_date = retention_review_from(timezone.localdate())


class ClosureRequest(models.Model):
    """The owner's request that a manager close a plan in Assess (PRODUCT.md, "ask to close").

    At most one waits per plan. A manager answers it by closing the plan or sending the request
    back with a reason; it is withdrawn when the plan leaves Assess another way. Police only:
    the note is written to managers, not to partners.
    """

    class Status(models.TextChoices):
        WAITING = "waiting", "Waiting for a manager"
        RETURNED = "returned", "Sent back"
        CLOSED = "closed", "Plan closed"
        WITHDRAWN = "withdrawn", "Withdrawn: the plan left Assess"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="closure_requests")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    note = models.TextField(blank=True, max_length=2000)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    # Why a manager sent the request back (empty otherwise).
    answer = models.TextField(blank=True, max_length=2000)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan"], condition=models.Q(status="waiting"), name="one_waiting_closure_request"
            ),
        ]
        indexes = [models.Index(fields=["status", "requested_at"], name="closure_request_status")]

    def __str__(self):
        return f"Closure request for {self.plan_id} ({self.get_status_display()})"


class Source(models.Model):
    class Kind(models.TextChoices):
        CALLS = "calls", "Calls for service"
        CRIME_DATA = "crime_data", "Crime data"
        COMMUNITY = "community", "Community concern"
        PARTNER = "partner", "Partner report"
        OTHER = "other", "Other"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="sources")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    notes = models.TextField(blank=True, max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return self.get_kind_display()


class Objective(models.Model):
    class Impact(models.TextChoices):
        ELIMINATE = "eliminate", "Eliminate the problem"
        REDUCE = "reduce", "Reduce by a stated percentage"
        SERIOUSNESS = "seriousness", "Reduce seriousness"
        HANDLE_BETTER = "handle_better", "Handle better"
        HAND_OVER = "hand_over", "Hand to a better-placed agency"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="objectives")
    impact = models.CharField(max_length=20, choices=Impact.choices)
    reduction_percent = models.PositiveSmallIntegerField(null=True, blank=True)
    description = models.TextField(max_length=2000)
    measure = models.CharField(max_length=200)
    baseline = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    baseline_note = models.CharField(max_length=300, blank=True)
    target = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    result = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    # Optimistic lock for edits, as on the plan: a save based on an older version is refused.
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(reduction_percent__isnull=True)
                | models.Q(reduction_percent__gte=1, reduction_percent__lte=100),
                name="objective_reduction_percent_range",
            ),
        ]

    def __str__(self):
        return self.description[:80]


class Response(models.Model):
    class Kind(models.TextChoices):
        ENFORCEMENT = "enforcement", "Enforcement"
        PREVENTION = "prevention", "Prevention"
        SITUATIONAL = "situational", "Situational or environmental"
        ENGAGEMENT = "engagement", "Engagement"
        DIVERSION = "diversion", "Diversion or support"

    class Delivery(models.TextChoices):
        NOT_ASSESSED = "", "Not assessed yet"
        DELIVERED = "delivered", "Delivered"
        PARTLY = "partly", "Partly delivered"
        NOT_DELIVERED = "not_delivered", "Not delivered"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="responses")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    description = models.TextField(max_length=5000)
    lead_organisation = models.ForeignKey(
        "partners.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    delivery = models.CharField(max_length=20, choices=Delivery.choices, blank=True, default="")
    delivery_note = models.TextField(blank=True, max_length=2000)
    # Optimistic lock for edits, as on the plan: a save based on an older version is refused.
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.description[:60]}"


class PlanPartner(models.Model):
    """An organisation taking part in a plan; its group gets view rights on the plan."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="partner_links")
    organisation = models.ForeignKey(
        "partners.Organisation", on_delete=models.PROTECT, related_name="plan_links"
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "organisation"], name="plan_partner_unique"),
        ]

    def __str__(self):
        return f"{self.organisation} on {self.plan.reference}"


class TaskState(models.TextChoices):
    OPEN = "open", "Open"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    BLOCKED = "blocked", "Blocked"
    CANCELLED = "cancelled", "Cancelled"


# Overdue applies to these, on an open plan; done and cancelled tasks are finished.
UNFINISHED_TASK_STATES = (TaskState.OPEN, TaskState.IN_PROGRESS, TaskState.BLOCKED)
# Work still to do: unfinished, on a plan still open (a closed or withdrawn plan's tasks can no
# longer change). The query twin of Task.can_change, for task lists, reminders and figures.
OPEN_WORK = models.Q(state__in=UNFINISHED_TASK_STATES, plan__state__in=OPEN_STAGES)


def overdue_work(today: datetime.date) -> models.Q:
    """Work still to do past its due date: the query twin of Task.is_overdue."""
    return OPEN_WORK & models.Q(due_date__lt=today)


def review_overdue(today: datetime.date) -> models.Q:
    """Open plans past their review date: the query twin of Plan.review_overdue."""
    return models.Q(state__in=OPEN_STAGES, next_review_date__lt=today)


class Task(FSMModelMixin, models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="tasks")
    response = models.ForeignKey(
        Response, null=True, blank=True, on_delete=models.SET_NULL, related_name="tasks"
    )
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True, max_length=5000)
    organisation = models.ForeignKey("partners.Organisation", on_delete=models.PROTECT, related_name="tasks")
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="tasks"
    )
    due_date = models.DateField()
    state = FSMField(default=TaskState.OPEN, choices=TaskState.choices, protected=True, db_index=True)
    blocked_reason = models.TextField(blank=True, max_length=2000)
    completion_note = models.TextField(blank=True, max_length=5000)
    # Set when the organisation leaves the plan: the task waits for a new owner, never deleted.
    needs_reassignment = models.BooleanField(default=False)
    last_reminded_on = models.DateField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_date", "pk"]
        indexes = [
            models.Index(fields=["organisation", "state", "due_date"], name="task_org_state_due"),
            models.Index(fields=["plan", "state"], name="task_plan_state"),
        ]
        constraints = [
            # A blocked task always says why; a done task always says what was done.
            models.CheckConstraint(
                condition=~models.Q(state=TaskState.BLOCKED) | ~models.Q(blocked_reason=""),
                name="task_blocked_has_reason",
            ),
            models.CheckConstraint(
                condition=~models.Q(state=TaskState.DONE) | ~models.Q(completion_note=""),
                name="task_done_has_note",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_overdue(self) -> bool:
        """Unfinished past its due date on an open plan: a closed or withdrawn plan's tasks can no
        longer change, and the reminders and programme figures leave them out too. Reads the
        plan: callers listing tasks load it with them."""
        return (
            self.state in UNFINISHED_TASK_STATES
            and self.due_date < timezone.localdate()
            and self.plan.is_open
        )

    @property
    def can_change(self) -> bool:
        """Unfinished on an open plan: a closed or withdrawn plan's tasks stay as they were left."""
        return not self.is_finished and self.plan.is_open

    @property
    def is_finished(self) -> bool:
        return self.state not in UNFINISHED_TASK_STATES

    # Transitions: only plans.task_services calls them, inside its locked transaction.
    @transition(field=state, source=TaskState.OPEN, target=TaskState.IN_PROGRESS)
    def start(self):
        pass

    @transition(field=state, source=[TaskState.OPEN, TaskState.IN_PROGRESS], target=TaskState.BLOCKED)
    def block(self, reason: str):
        self.blocked_reason = reason

    @transition(field=state, source=TaskState.BLOCKED, target=TaskState.IN_PROGRESS)
    def resume(self):
        self.blocked_reason = ""

    @transition(field=state, source=[TaskState.OPEN, TaskState.IN_PROGRESS], target=TaskState.DONE)
    def complete(self, note: str):
        self.completion_note = note
        self.completed_at = timezone.now()

    @transition(
        field=state,
        source=[TaskState.OPEN, TaskState.IN_PROGRESS, TaskState.BLOCKED],
        target=TaskState.CANCELLED,
    )
    def cancel(self):
        pass

    # Marked done by mistake: back to in progress (plans.task_fix_services, its event keeps the note).
    @transition(field=state, source=TaskState.DONE, target=TaskState.IN_PROGRESS)
    def reopen(self):
        self.completion_note = ""
        self.completed_at = None


class Comment(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(max_length=5000)
    # Police-only comments are never shown to partners.
    police_only = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"Comment by {self.author} on {self.plan.reference}"


def private_storage():
    # The migrations name this function; the storage itself is plans.storage's.
    from .storage import private_storage as storage

    return storage()


class Attachment(models.Model):
    """Evidence on a task, stored outside the web root, served only through a checked view."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="attachments")
    # Whose evidence it is, for good: the organisation it was added for (plans.evidence_files), which
    # with police reads it (task_selectors). Not the task's organisation now: a task reassigned
    # to another organisation does not take the files of the one before with it.
    organisation = models.ForeignKey("partners.Organisation", on_delete=models.PROTECT, related_name="+")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    file = models.FileField(storage=private_storage, upload_to="evidence/%Y/%m/")
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.original_name


# django-guardian direct foreign-key permission tables: one join on the plan or task,
# not a generic content-type lookup.
class PlanUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Plan, on_delete=models.CASCADE)


class PlanGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Plan, on_delete=models.CASCADE)


class TaskUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Task, on_delete=models.CASCADE)


class TaskGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Task, on_delete=models.CASCADE)


class Submission(models.Model):
    """The one-time token of a create form that was saved (plans.submissions).

    Kept, not purged: one small row per record a create form saved (far fewer than the audit
    events), holding no personal data (the digest is keyed with SECRET_KEY), and a purge would
    only let an old page sent again save twice.
    """

    token = models.UUIDField(unique=True)
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="+")
    # Who sent what (submissions.claim): a repeat is the same person's same form with the same answers.
    digest = models.CharField(max_length=64, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"submission {self.token} on {self.plan_id}"
