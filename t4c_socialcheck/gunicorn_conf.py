"""gunicorn's settings hooks (docker-compose: --config python:t4c_socialcheck.gunicorn_conf).

With PROMETHEUS_MULTIPROC_DIR set, prometheus-client keeps each worker's metrics
in files there (t4c_socialcheck.metrics adds them up): the folder is emptied when
gunicorn starts, and a worker that exits is marked dead so its gauges go."""

import os
import shutil


def on_starting(server):
    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if folder:
        shutil.rmtree(folder, ignore_errors=True)
        os.makedirs(folder, exist_ok=True)


def child_exit(server, worker):
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
