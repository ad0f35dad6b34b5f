"""``python -m engine.cli``: the same as the ``sopflow`` command."""

import sys

from . import main

sys.exit(main())
