"""Imported by the render fork server only: one small render, so every child starts warm.

WeasyPrint imports most of its modules (and fontconfig reads its caches) at the first render,
not at import: done once here, each render child forked from the server inherits them.
"""

from weasyprint import HTML

from . import pdf_child  # noqa: F401 - the children's code, loaded before they fork

HTML(string='<html lang="en"><body><p>Warm</p><table><tr><td>1</td></tr></table></body></html>').write_pdf(
    pdf_variant="pdf/ua-1", pdf_tags=True
)
