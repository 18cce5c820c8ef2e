"""The API's plans, tasks and comments (config/api_urls.py): the pages' selectors and services,
called as the client's user (partners.api). Police-only fields go only to police clients."""

from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import generics, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from partners.api import detail_response, require_write_scope
from partners.forms import MAX_ID
from partners.permissions import require
from partners.roles import is_police

from . import comment_services, consultation_services, selectors, services, task_selectors, task_services
from .models import Comment, Objective, Plan, Stage, Task, TaskState
from .models import Response as PlanResponse

# ---------------------------------------------------------------- serializers


class PlanSummarySerializer(serializers.ModelSerializer):
    stage = serializers.ChoiceField(source="state", choices=Stage.choices, read_only=True)
    area = serializers.IntegerField(source="area_id", allow_null=True, read_only=True)
    area_name = serializers.SerializerMethodField()
    owner = serializers.SerializerMethodField()

    class Meta:
        model = Plan
        fields = [
            "id",
            "reference",
            "title",
            "stage",
            "priority",
            "hotspot_name",
            "area",
            "area_name",
            "owner",
            "start_date",
            "next_review_date",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_area_name(self, plan) -> str | None:
        return plan.area.name if plan.area_id else None

    def get_owner(self, plan) -> str:
        return plan.owner.get_full_name() or plan.owner.get_username()


class ScanSectionSerializer(serializers.Serializer):
    problem_statement = serializers.CharField()
    first_seen = serializers.DateField(allow_null=True)


class AnalyseSectionSerializer(serializers.Serializer):
    pat_victim = serializers.CharField()
    pat_guardian = serializers.CharField()
    pat_offender = serializers.CharField()
    pat_handler = serializers.CharField()
    pat_location = serializers.CharField()
    pat_place_manager = serializers.CharField()
    data_findings = serializers.CharField()
    hypothesis = serializers.CharField()


class AssessSectionSerializer(serializers.Serializer):
    process_evaluation = serializers.CharField()
    outcome_summary = serializers.CharField()
    outcome_verdict = serializers.ChoiceField(choices=[("", "Not given"), *Plan.Verdict.choices])
    lessons_learned = serializers.CharField()


class PoliceOnlySerializer(serializers.Serializer):
    victim_details = serializers.CharField()
    offender_details = serializers.CharField()
    police_notes = serializers.CharField()


class ObjectiveSerializer(serializers.ModelSerializer):
    class Meta:
        model = Objective
        fields = ["id", "impact", "reduction_percent", "description", "measure", "baseline_note", "version"]
        read_only_fields = fields


class ResponseSerializer(serializers.ModelSerializer):
    lead_organisation = serializers.SerializerMethodField()

    class Meta:
        model = PlanResponse
        fields = ["id", "kind", "description", "lead_organisation", "delivery", "delivery_note", "version"]
        read_only_fields = fields

    def get_lead_organisation(self, response) -> str | None:
        return response.lead_organisation.name if response.lead_organisation_id else None


class TaskSerializer(serializers.ModelSerializer):
    plan = serializers.IntegerField(source="plan_id", read_only=True)
    plan_reference = serializers.CharField(source="plan.reference", read_only=True)
    organisation = serializers.CharField(source="organisation.name", read_only=True)
    response = serializers.IntegerField(source="response_id", allow_null=True, read_only=True)
    state = serializers.ChoiceField(choices=TaskState.choices, read_only=True)
    assignee = serializers.SerializerMethodField()
    overdue = serializers.BooleanField(source="is_overdue", read_only=True)

    class Meta:
        model = Task
        fields = [
            "id",
            "plan",
            "plan_reference",
            "response",
            "title",
            "description",
            "organisation",
            "assignee",
            "due_date",
            "state",
            "overdue",
            "blocked_reason",
            "completion_note",
            "version",
            "created_at",
            "completed_at",
        ]
        read_only_fields = fields

    def get_assignee(self, task) -> str | None:
        if task.assignee_id is None:
            return None
        return task.assignee.get_full_name() or task.assignee.get_username()


class PlanDetailSerializer(PlanSummarySerializer):
    partners = serializers.SerializerMethodField()
    scan = serializers.SerializerMethodField()
    analyse = serializers.SerializerMethodField()
    assess = serializers.SerializerMethodField()
    police_only = serializers.SerializerMethodField()
    objectives = ObjectiveSerializer(many=True, read_only=True)
    responses = ResponseSerializer(many=True, read_only=True)
    tasks = serializers.SerializerMethodField()

    class Meta(PlanSummarySerializer.Meta):
        fields = [
            *PlanSummarySerializer.Meta.fields,
            "closed_at",
            "withdrawn_at",
            "partners",
            "scan",
            "analyse",
            "assess",
            "police_only",
            "objectives",
            "responses",
            "tasks",
        ]
        read_only_fields = fields

    def get_partners(self, plan) -> list[str]:
        return [link.organisation.name for link in plan.partner_links.select_related("organisation")]

    @extend_schema_field(ScanSectionSerializer)
    def get_scan(self, plan):
        return ScanSectionSerializer(plan).data

    @extend_schema_field(AnalyseSectionSerializer)
    def get_analyse(self, plan):
        return AnalyseSectionSerializer(plan).data

    @extend_schema_field(AssessSectionSerializer)
    def get_assess(self, plan):
        return AssessSectionSerializer(plan).data

    @extend_schema_field(PoliceOnlySerializer(allow_null=True))
    def get_police_only(self, plan):
        """Victims, offenders and intelligence: police clients only; null for everyone else."""
        if not is_police(self.context["request"].user):
            return None
        return PoliceOnlySerializer(plan).data

    @extend_schema_field(TaskSerializer(many=True))
    def get_tasks(self, plan):
        tasks = (
            task_selectors.tasks_visible_to(self.context["request"].user)
            .filter(plan=plan)
            .select_related("plan", "organisation", "assignee")
            .order_by("due_date", "pk")
        )
        return TaskSerializer(tasks, many=True).data


class PlanFilterSerializer(serializers.Serializer):
    stage = serializers.ChoiceField(choices=Stage.choices, required=False)
    area = serializers.IntegerField(min_value=1, max_value=MAX_ID, required=False)
    organisation = serializers.IntegerField(min_value=1, max_value=MAX_ID, required=False)
    updated_since = serializers.DateTimeField(required=False)
    page = serializers.IntegerField(min_value=1, required=False)


class TaskFilterSerializer(serializers.Serializer):
    plan = serializers.IntegerField(min_value=1, max_value=MAX_ID, required=False)
    state = serializers.ChoiceField(choices=TaskState.choices, required=False)
    ours = serializers.BooleanField(
        required=False, help_text="only the tasks assigned to the client's organisation"
    )
    page = serializers.IntegerField(min_value=1, required=False)


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000, allow_blank=True)


class NoteSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=5000, allow_blank=True)


class CommentInSerializer(serializers.Serializer):
    body = serializers.CharField(max_length=5000, allow_blank=True)
    police_only = serializers.BooleanField(default=False)


class CommentSerializer(serializers.ModelSerializer):
    author = serializers.SerializerMethodField()

    class Meta:
        model = Comment
        fields = ["id", "plan", "author", "body", "police_only", "created_at"]
        read_only_fields = fields

    def get_author(self, comment) -> str:
        return comment.author.get_full_name() or comment.author.get_username()


def _filters(serializer_class, request) -> dict:
    filters = serializer_class(data=request.query_params)
    filters.is_valid(raise_exception=True)
    return filters.validated_data


# ---------------------------------------------------------------- views


@extend_schema(parameters=[PlanFilterSerializer])
class PlanList(generics.ListAPIView):
    """Plans this client's organisation sees, most recently changed first (an officer's client:
    every plan, as an officer's list)."""

    serializer_class = PlanSummarySerializer

    def get_queryset(self):
        require(self.request.user, "plans.see_plan_list", action="plan.list", record=False)
        filters = _filters(PlanFilterSerializer, self.request)
        plans = selectors.plan_list_for(
            self.request.user,
            stage=filters.get("stage", ""),
            area_id=filters.get("area"),
            organisation_id=filters.get("organisation"),
        )
        if "updated_since" in filters:
            plans = plans.filter(updated_at__gte=filters["updated_since"])
        return plans


class PlanDetail(APIView):
    """A plan with its sections, objectives, responses and tasks; recorded as a consultation."""

    @extend_schema(responses={200: PlanDetailSerializer, 304: OpenApiResponse(description="Not modified")})
    def get(self, request, pk: int):
        plan = selectors.plan_for_detail(request.user, pk)
        data = PlanDetailSerializer(plan, context={"request": request}).data
        return detail_response(
            request, data, on_sent=lambda: services.plan_record_view(actor=request.user, plan=plan)
        )


@extend_schema(parameters=[TaskFilterSerializer])
class TaskList(generics.ListAPIView):
    """Tasks on the plans this client sees (`ours`: only its organisation's), by due date; the
    plans whose tasks a page shows are recorded as consulted, as on "Our tasks"."""

    serializer_class = TaskSerializer

    def get_queryset(self):
        filters = _filters(TaskFilterSerializer, self.request)
        user = self.request.user
        tasks = task_selectors.tasks_of_my_organisation(user) if filters.get("ours") else None
        tasks = (tasks if tasks is not None else task_selectors.tasks_visible_to(user)).select_related(
            "plan", "organisation", "assignee"
        )
        if "plan" in filters:
            tasks = tasks.filter(plan_id=filters["plan"])
        if "state" in filters:
            tasks = tasks.filter(state=filters["state"])
        return tasks.order_by("due_date", "pk")

    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        shown = [row["id"] for row in response.data["results"]]
        if shown:
            tasks = Task.objects.filter(pk__in=shown).select_related("plan")
            consultation_services.tasks_record_list_view(actor=request.user, tasks=tasks)
        return response


class TaskDetail(APIView):
    @extend_schema(responses={200: TaskSerializer, 304: OpenApiResponse(description="Not modified")})
    def get(self, request, pk: int):
        """A task on a plan this client sees; recorded as a consultation of the plan."""
        task = task_selectors.task_for_user_or_404(request.user, pk)
        data = TaskSerializer(task).data
        return detail_response(
            request,
            data,
            on_sent=lambda: consultation_services.task_record_view(actor=request.user, task=task),
        )


def _task_action(request, pk, action: str, call):
    task = task_selectors.task_for_user_or_404(request.user, pk)
    require_write_scope(request, action=action, target=task, plan=task.plan)
    task = call(task)
    task = task_selectors.task_for_user_or_404(request.user, task.pk)
    return Response(TaskSerializer(task).data)


class TaskStart(APIView):
    @extend_schema(request=None, responses={200: TaskSerializer})
    def post(self, request, pk: int):
        """Open to in progress (the assigned organisation, or the plan's owner)."""
        return _task_action(
            request, pk, "task.start", lambda task: task_services.task_start(actor=request.user, task=task)
        )


class TaskResume(APIView):
    @extend_schema(request=None, responses={200: TaskSerializer})
    def post(self, request, pk: int):
        """Blocked to in progress."""
        return _task_action(
            request, pk, "task.resume", lambda task: task_services.task_resume(actor=request.user, task=task)
        )


class TaskBlock(APIView):
    @extend_schema(request=ReasonSerializer, responses={200: TaskSerializer})
    def post(self, request, pk: int):
        """Open or in progress to blocked, with the reason."""
        body = ReasonSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return _task_action(
            request,
            pk,
            "task.block",
            lambda task: task_services.task_block(
                actor=request.user, task=task, reason=body.validated_data["reason"]
            ),
        )


class TaskComplete(APIView):
    @extend_schema(request=NoteSerializer, responses={200: TaskSerializer})
    def post(self, request, pk: int):
        """Open or in progress to done, with a note of what was done (evidence files: on the pages)."""
        body = NoteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return _task_action(
            request,
            pk,
            "task.complete",
            lambda task: task_services.task_complete(
                actor=request.user, task=task, note=body.validated_data["note"]
            ),
        )


class PlanComments(APIView):
    @extend_schema(request=CommentInSerializer, responses={201: CommentSerializer})
    def post(self, request, pk: int):
        """Comment on a plan: police clients may make it police-only; a partner on the plan, shared only."""
        plan = selectors.plan_for_user_or_404(request.user, pk)
        body = CommentInSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        require_write_scope(request, action="comment.add", target=plan, plan=plan)
        comment = comment_services.comment_add(actor=request.user, plan=plan, **body.validated_data)
        return Response(CommentSerializer(comment).data, status=201)
