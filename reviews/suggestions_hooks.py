"""Admin URLs and menu items of the suggestions (registered when reviews.wagtail_hooks imports this module)."""
