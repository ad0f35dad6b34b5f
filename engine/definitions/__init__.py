"""Deployed process versions and what they say: storing and loading them, element names,
titles, the SOP trace, version differences, task documentation, the trial sandbox."""
