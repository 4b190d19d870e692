"""Admin URLs and menu items of the outputs (registered when reviews.wagtail_hooks imports this module)."""
