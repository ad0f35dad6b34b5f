"""`sopflow serve`: the web UI on the embedded default, with a timer worker thread beside it."""

from __future__ import annotations

import argparse
import logging
import sys
import threading

from engine.config import Settings


def serve(args: argparse.Namespace) -> int:
    from werkzeug.serving import run_simple

    from . import create_app

    settings = Settings.from_env(database_url=args.database_url)
    app = create_app({"DATABASE_URL": settings.database_url})
    engine = app.extensions["sopflow"]
    stop = threading.Event()
    if not args.no_worker:
        worker = threading.Thread(target=engine.work, kwargs={"interval": 5.0, "stop": stop.is_set},
                                  name="sopflow-timers", daemon=True)
        worker.start()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    url = f"http://{args.host}:{args.port}/"
    print(f"\n  sopflow is running at {url}\n  (database: {settings.database_url}; Ctrl-C stops)\n",
          file=sys.stderr, flush=True)
    try:
        run_simple(args.host, args.port, app, threaded=True, use_reloader=False)
    finally:
        stop.set()
    return 0
