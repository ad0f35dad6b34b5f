"""The one package that knows SpiffWorkflow.

Everything SpiffWorkflow-specific lives here: parsing a BPMN file into specs (:mod:`.parsing`),
the safe script environment (:mod:`.scripting`), reproducible time and ids (:mod:`.clock`),
timers (:mod:`.timers`), saving an instance without its spec (:mod:`.storage`), one running
instance (:mod:`.run`) and moving it between versions (:mod:`.migration`); beside them the
expression language of conditions and timers (:mod:`.expressions`, which needs no SpiffWorkflow itself).
Other modules import only what is re-exported here, and the expression language.
"""

from .bench import bench_bare
from .clock import IdSequence, running
from .livecache import LIVE
from .migration import migrate, migration_blockers
from .parsing import (
    BPMN_NS,
    NS,
    TIMER_TAGS,
    ParsedProcess,
    ParseError,
    UserTaskMeta,
    is_iso_timer_literal,
    parse_process,
    quote_timer_literals,
    xsd_errors,
)
from .run import ElementTimer, EngineStepError, ReadyTask, Run, StepNote, UnknownStateFormat, WaitingTimer
from .timers import duration_due, latest_start_due, literal_problem

__all__ = [
    "BPMN_NS", "NS", "TIMER_TAGS", "ElementTimer", "EngineStepError", "IdSequence", "LIVE", "ParseError", "ParsedProcess",
    "ReadyTask", "Run", "StepNote", "UnknownStateFormat", "UserTaskMeta", "WaitingTimer", "bench_bare", "duration_due",
    "is_iso_timer_literal", "latest_start_due", "literal_problem", "migrate", "migration_blockers", "parse_process",
    "quote_timer_literals", "running", "xsd_errors",
]
