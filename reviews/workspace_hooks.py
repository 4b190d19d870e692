"""Admin URLs and menu items of the workspace (registered when reviews.wagtail_hooks imports this module)."""
