"""The one family of exceptions the engine raises.

Callers (the CLI, the web UI) catch :class:`SopflowError` and show ``str(e)``;
the subclass tells them which status to answer with.
"""

from __future__ import annotations


class SopflowError(Exception):
    """Base of every error the engine raises on purpose."""

    #: Short machine-readable code, used in API problem details.
    code = "error"


class NotFound(SopflowError):
    """The named process, instance, task, user or attachment does not exist."""

    code = "not_found"


class NotAllowed(SopflowError):
    """The actor may not do this (wrong role, not the claimant, read-only role)."""

    code = "forbidden"


class Conflict(SopflowError):
    """The object changed under the caller: the task is no longer ready, already claimed, …"""

    code = "conflict"


class InvalidInput(SopflowError):
    """The request itself is malformed (bad JSON, unknown option, bad date)."""

    code = "invalid"


class FormInvalid(SopflowError):
    """Submitted form data does not satisfy the task's JSON Schema.

    :param errors: one entry per problem, ``{"field": "a/b", "message": "..."}``;
        ``field`` is the JSON pointer-ish path of the offending value ("" for the whole form).
    """

    code = "form_invalid"

    def __init__(self, message: str, errors: list[dict[str, str]]):
        super().__init__(message)
        self.errors = errors


class DefinitionError(SopflowError):
    """A BPMN file or form cannot be deployed.

    :param problems: the checker's findings (:class:`engine.checks.checker.Problem`).
    """

    code = "definition_invalid"

    def __init__(self, message: str, problems: list | None = None):
        super().__init__(message)
        self.problems = problems or []


class TooLarge(SopflowError):
    """An upload or document is over its size limit."""

    code = "too_large"
