"""Numbers the learner may set in the environment, read one way.

    seconds("TUTOR_START_TIMEOUT", 15.0)   # 15.0 unless set to a finite number; never below 0.5
"""

from __future__ import annotations

import math
import os


def seconds(name: str, default: float, minimum: float = 0.5) -> float:
    """`$name` as seconds, at least `minimum`; `default` when unset, empty or not a finite number."""
    try:
        value = float(os.environ.get(name, ""))
    except ValueError:
        return default
    return max(minimum, value) if math.isfinite(value) else default
