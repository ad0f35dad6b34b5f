"""sopflow's engine: versioned BPMN definitions, persistent instances, role task lists and audit.

Code outside ``engine`` imports only the names below.
"""

from .clock import Clock as Clock
from .clock import FixedClock as FixedClock
from .clock import SystemClock as SystemClock
from .config import Settings as Settings
from .core import Engine as Engine
from .errors import Conflict as Conflict
from .errors import DefinitionError as DefinitionError
from .errors import FormInvalid as FormInvalid
from .errors import InvalidInput as InvalidInput
from .errors import NotAllowed as NotAllowed
from .errors import NotFound as NotFound
from .errors import SopflowError as SopflowError
from .errors import TooLarge as TooLarge
