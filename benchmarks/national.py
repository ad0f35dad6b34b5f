"""National scale on PostgreSQL; the benchmark itself is ``engine.bench.national`` (``sopflow bench --scale national``).

    python -m benchmarks.national --database-url postgresql+psycopg://postgres@127.0.0.1:5432/sopflow_bench \\
        [--instances 1000000] [--small 10000] [--samples 60]
"""

import sys

from engine.bench.national import main, run

__all__ = ["main", "run"]  # run: what tests/load/test_national.py calls

if __name__ == "__main__":
    sys.exit(main())
