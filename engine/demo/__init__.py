"""The demo: its organisation and instances at different stages."""
