"""The two-factor sign-in steps, open to a person signed in with their password but not yet verified (Wagtail's
own admin URLs need a verified session). Included by config/urls.py under /admin/two-factor/."""

from django.urls import path

from accounts import views

urlpatterns = [
    path("verify/", views.two_factor_verify, name="accounts_two_factor_verify"),
    path("set-up/", views.two_factor_setup, name="accounts_two_factor_setup"),
]
