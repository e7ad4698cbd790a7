"""Views: the interactive HTML graph page."""
