"""What every export view sends: the page asking the purpose and recipient, the same page when no
PDF came, and the file itself as an attachment that no cache keeps."""

from django.http import HttpResponse
from django.shortcuts import render

from . import pdf

CSV = "text/csv; charset=utf-8"


def attachment(data, filename: str, content_type: str) -> HttpResponse:
    """The file to save, never kept by the browser's or a proxy's cache."""
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def pdf_response(data: bytes, filename: str) -> HttpResponse:
    return attachment(data, filename, "application/pdf")


def export_page(request, form, *, title, caption, status=200):
    return render(
        request,
        "reports/pdf/export_form.html",
        {"form": form, "page_title": title, "caption": caption},
        status=status,
    )


def not_made_page(request, form, error: pdf.RenderError, *, title, caption):
    """The form again, with what was typed and why no PDF came: a 503, since it is the service's doing."""
    form.add_error(None, str(error))
    response = export_page(request, form, title=title, caption=caption, status=503)
    if isinstance(error, pdf.RenderBusy):
        response["Retry-After"] = "60"
    return response
