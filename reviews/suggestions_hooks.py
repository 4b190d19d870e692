"""Admin URLs of the suggestions (registered when reviews.wagtail_hooks imports this module). The endpoints'
request and response shapes: ``reviews.suggestion_views`` and docs/suggestions.md."""

from __future__ import annotations

from django.urls import URLPattern, path
from wagtail import hooks

from reviews import suggestion_views


@hooks.register("register_admin_urls")
def register_suggestion_urls() -> list[URLPattern]:
    return [
        path(
            "reviews/suggestions/<int:provision_id>/",
            suggestion_views.suggestions_endpoint,
            name="reviews_suggestions",
        ),
        path(
            "reviews/suggestions/<int:provision_id>/accept/",
            suggestion_views.suggestion_accept_endpoint,
            name="reviews_suggestion_accept",
        ),
    ]
