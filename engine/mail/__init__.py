"""E-mail notifications: written to the outbox in a step's transaction, delivered by the worker."""
