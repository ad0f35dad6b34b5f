"""Limits on untrusted input and output: JSON size and depth, XML without entities, CSV cells,
document types decided by content."""
