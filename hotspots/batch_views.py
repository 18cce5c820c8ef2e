"""Patrols in bulk: thin views over hotspots.batch_forms, batch_selectors and batch_services."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.files.uploadhandler import MemoryFileUploadHandler
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_POST

from partners.permissions import may, require, require_for_request
from plans.submissions import sent_twice

from . import batch_selectors, batch_services, gps, patrol_batches, selectors
from .batch_forms import GPS_MAX_BYTES, BatchUploadForm, GpsUploadForm
from .submissions import AlreadySubmitted

REVIEW_SALT = "hotspots.gps-review"
FORM_SLACK = 64 * 1024  # the GPS form's other fields and multipart boundaries, beside its file
SUMMARY_MOST = 20  # problems listed in the error summary; the table lists them all
REVIEW_MAX_AGE = 60 * 60  # an hour to look the visits over and save them


@login_required
def batch_list(request):
    require(request.user, "hotspots.see_patrol_batches", action="patrol.batch_list", record=False)
    return render(
        request,
        "hotspots/batch_list.html",
        {"batches": batch_selectors.batches_visible_to(request.user)[:100]},
    )


@login_required
def batch_template(request):
    require(request.user, "hotspots.log_patrols", action="patrol.batch_upload", record=False)
    response = HttpResponse(
        patrol_batches.template_csv(selectors.patrol_areas_for(request.user).order_by("name")),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="patrols-template.csv"'
    return response


@login_required
def batch_template_xlsx(request):
    require(request.user, "hotspots.log_patrols", action="patrol.batch_upload", record=False)
    response = HttpResponse(
        patrol_batches.template_xlsx(selectors.patrol_areas_for(request.user).order_by("name")),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="patrols-template.xlsx"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def batch_upload(request):
    require_for_request(request, "hotspots.log_patrols", action="patrol.batch_upload")
    form = BatchUploadForm(request.POST or None, request.FILES or None)
    row_errors = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            batch = batch_services.patrol_batch_upload(
                actor=request.user,
                content=upload.read(),
                name=upload.name,
                submission=form.submission_token(),
            )
        except AlreadySubmitted:
            return sent_twice(request, reverse("patrol_batches:list"))
        except patrol_batches.BatchRefused as exc:
            row_errors = exc.errors
            for error in exc.errors[:SUMMARY_MOST]:
                form.add_error("file", str(error))
            if len(exc.errors) > SUMMARY_MOST:
                more = len(exc.errors) - SUMMARY_MOST
                form.add_error(
                    "file", f"And {more} more problem{'s' if more != 1 else ''}: every one is in the table"
                )
        else:
            messages.success(
                request,
                f"{batch.rows} patrol{'s' if batch.rows != 1 else ''} from {batch.source_name} logged",
            )
            return redirect("patrol_batches:detail", pk=batch.pk)
    return render(
        request,
        "hotspots/batch_upload.html",
        {
            "form": form,
            "row_errors": row_errors,
            "areas": selectors.patrol_areas_for(request.user).order_by("name"),
            "kinds": patrol_batches.KINDS,
            "columns": patrol_batches.COLUMNS,
        },
        status=400 if form.errors else 200,
    )


@login_required
def batch_detail(request, pk):
    batch = batch_selectors.batch_for_user_or_404(request.user, pk)
    return render(
        request,
        "hotspots/batch_detail.html",
        {
            "batch": batch,
            "patrols": batch.patrols.select_related("area").order_by("date", "start_time", "pk"),
            "can_undo": may(request.user, "hotspots.undo_patrol_batch", batch)
            and may(request.user, "hotspots.undo_patrol_batch_in_time", batch),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def batch_undo(request, pk):
    batch = batch_selectors.batch_for_user_or_404(request.user, pk)
    require_for_request(request, "hotspots.undo_patrol_batch", batch, action="patrol.batch_undo")
    require_for_request(request, "hotspots.undo_patrol_batch_in_time", batch, action="patrol.batch_undo")
    if request.method == "POST":
        batch_services.patrol_batch_undo(actor=request.user, batch=batch)
        messages.success(request, f"The {batch.patrol_count} patrols from {batch.source_name} are removed")
        return redirect("patrol_batches:detail", pk=batch.pk)
    return render(request, "hotspots/batch_undo.html", {"batch": batch})


def _review_payload(*, visits, digest, name, gap, least) -> str:
    return signing.dumps(
        {
            "digest": digest,
            "name": name,
            "gap": gap,
            "min": least,
            "visits": [
                [v.area_id, v.area_name, v.device, v.start.isoformat(), v.end.isoformat(), v.pings]
                for v in visits
            ],
        },
        salt=REVIEW_SALT,
        compress=True,
    )


def _gps_page(request, form, *, review=None, status=None):
    return render(
        request,
        "hotspots/gps_upload.html",
        {"form": form, "review": review, "rule": gps.rule_in_words(gap_minutes=5, min_minutes=2)},
        status=status or (400 if form.errors else 200),
    )


class _PingsInMemory(MemoryFileUploadHandler):
    """Pings are personal data: the file is read in memory, never written to the upload folder
    (Django's default for a file over 2.5 MB). A body over the form's limit is not read at all."""

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.activated = content_length <= GPS_MAX_BYTES + FORM_SLACK


@login_required
@csrf_exempt  # only to set the upload handler before the body is read: checked just below
@require_http_methods(["GET", "POST"])
def gps_upload(request):
    request.upload_handlers = [_PingsInMemory(request)]
    return _gps_upload(request)


@csrf_protect
def _gps_upload(request):
    """Upload and review: the visits the pings give, with the rule applied; nothing saved yet."""
    require_for_request(request, "hotspots.derive_gps_visits", action="patrol.gps_save")
    form = GpsUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and int(request.META.get("CONTENT_LENGTH") or 0) > GPS_MAX_BYTES + FORM_SLACK:
        form.is_valid()
        form.errors.pop("file", None)
        form.add_error("file", "The file must be 10 MB or smaller: split it by day")
    elif request.method == "POST" and form.is_valid():
        upload, gap, least = (form.cleaned_data[k] for k in ("file", "gap_minutes", "min_minutes"))
        try:
            digest, pings, visits = batch_selectors.visits_from_ping_file(
                upload.read(), gap_minutes=gap, min_minutes=least
            )
        except gps.PingFileRefused as exc:
            for error in exc.errors[: gps.MAX_ERRORS_SHOWN]:
                form.add_error("file", error)
            if len(exc.errors) > gps.MAX_ERRORS_SHOWN:
                form.add_error(
                    "file", f"and {len(exc.errors) - gps.MAX_ERRORS_SHOWN} more lines with problems"
                )
        else:
            tz = timezone.get_current_timezone()
            review = {
                "name": upload.name,
                "pings": len(pings),
                "devices": len(pings.devices),
                "visits": visits,
                "records": patrol_batches.gps_patrols(visits, tz=tz),
                "rule": gps.rule_in_words(gap_minutes=gap, min_minutes=least),
                "payload": _review_payload(
                    visits=visits, digest=digest, name=upload.name, gap=gap, least=least
                ),
            }
            return render(request, "hotspots/gps_review.html", {"review": review})
    return _gps_page(request, form)


@login_required
@require_POST
def gps_save(request):
    require_for_request(request, "hotspots.derive_gps_visits", action="patrol.gps_save")
    form = GpsUploadForm()
    form.cleaned_data = {}  # an unbound form that carries the refusal's messages
    try:
        data = signing.loads(request.POST.get("payload", ""), salt=REVIEW_SALT, max_age=REVIEW_MAX_AGE)
    except signing.BadSignature:
        form.add_error(None, "The review has expired or was changed: upload the file again")
        return _gps_page(request, form, status=400)
    visits = [
        gps.Visit(
            area_id=area_id,
            area_name=area_name,
            device=device,
            start=datetime.datetime.fromisoformat(start),
            end=datetime.datetime.fromisoformat(end),
            pings=pings,
        )
        for area_id, area_name, device, start, end, pings in data["visits"]
    ]
    try:
        batch = batch_services.gps_visits_save(
            actor=request.user,
            visits=visits,
            digest=data["digest"],
            name=data["name"],
            gap_minutes=data["gap"],
            min_minutes=data["min"],
        )
    except batch_services.GpsRefused as exc:
        for error in exc.errors:
            form.add_error(None, f"Nothing was saved. {error}")
        return _gps_page(request, form, status=400)
    messages.success(
        request, f"{batch.rows} GPS visit{'s' if batch.rows != 1 else ''} from {batch.source_name} saved"
    )
    return redirect("patrol_batches:detail", pk=batch.pk)
