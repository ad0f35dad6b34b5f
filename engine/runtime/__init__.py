"""Running instances.

Acting on a task or instance is one pipeline, called in order from
:mod:`.actions`: :mod:`.validate` (who, what, which form) → :mod:`.steps` (SpiffWorkflow
moves) → :mod:`.record` (saved state and audit events) → :mod:`.mirror` (task rows).
Timers, messages and timer starts feed the same pipeline; the task and instance lists read
the mirror only."""
