"""A proposal as a PDF, made by WeasyPrint from the print template (DejaVu Sans shapes Arabic correctly)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import translation

if TYPE_CHECKING:
    from proposals.models import ProposalPage

__all__ = ["proposal_pdf", "proposal_pdf_response"]


def proposal_pdf(page: ProposalPage, request: HttpRequest) -> bytes:
    from weasyprint import HTML, URLFetcher  # heavy: loaded by the first PDF, not by every process

    context = page.get_context(request)
    context["pdf"] = True
    html = render_to_string("proposals/proposal_pdf.html", context, request=request)
    # Made from our own template alone: WeasyPrint fetches nothing over the network or from disk (a proposal's text
    # could name any address, and the server must not be made to request it); only data: URLs are read.
    fetcher = URLFetcher(allowed_protocols=["data"])
    return HTML(string=html, base_url=settings.SITE_URL, url_fetcher=fetcher).write_pdf()


def proposal_pdf_response(page: ProposalPage, request: HttpRequest) -> HttpResponse:
    with translation.override(page.locale.language_code):
        data = proposal_pdf(page, request)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{page.slug}.pdf"'
    response["X-Robots-Tag"] = "noindex"
    return response
