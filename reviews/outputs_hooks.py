"""Admin URLs and menu items of the outputs (registered when reviews.wagtail_hooks imports this module): a law's
compliance table with its CSV, the annotation exports, and the stable addresses the exports cite."""

from __future__ import annotations

from django.urls import URLPattern, path
from wagtail import hooks

from reviews import outputs_views as views


@hooks.register("register_admin_urls")
def register_outputs_urls() -> list[URLPattern]:
    return [
        path("reviews/compliance/<int:law_id>/", views.ComplianceView.as_view(), name="reviews_compliance"),
        path(
            "reviews/compliance/<int:law_id>/compliance.csv",
            views.compliance_table_csv,
            name="reviews_compliance_csv",
        ),
        path(
            "reviews/exports/<int:law_id>/annotations.jsonld",
            views.export_annotations_jsonld,
            name="reviews_export_jsonld",
        ),
        path("reviews/exports/<int:law_id>/annotations.csv", views.export_annotations_csv, name="reviews_export_csv"),
        path("reviews/cite/annotations/<int:pk>/", views.annotation_address, name="reviews_output_annotation"),
        path(
            "reviews/cite/laws/<int:law_id>/<str:eid>/",
            views.provision_address,
            name="reviews_output_provision",
        ),
        path("reviews/cite/standards/<str:code>/", views.standard_address, name="reviews_output_standard"),
    ]
