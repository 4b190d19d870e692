"""Who did what, for Administrators: sign-ins, downloads, exports (here) beside approvals and publications (Wagtail's
own log, read where it is)."""
