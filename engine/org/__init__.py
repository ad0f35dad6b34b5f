"""The organisation: units, posts, people and their roles, sessions, delegation, imports,
and who sees which instance or field."""
