"""Feeds of published proposals, under each language's prefix: /feeds/proposals.atom, /ar/feeds/proposals.rss."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from proposals.feeds import ProposalsAtomFeed, ProposalsRssFeed


def atom(request: HttpRequest) -> HttpResponse:
    return ProposalsAtomFeed()(request)  # a feed object per request: it keeps the request and language


def rss(request: HttpRequest) -> HttpResponse:
    return ProposalsRssFeed()(request)


app_name = "feeds"
urlpatterns = [
    path("proposals.atom", atom, name="proposals-atom"),
    path("proposals.rss", rss, name="proposals-rss"),
]
