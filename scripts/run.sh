#!/usr/bin/env bash
# Starts the worker, the scheduler and the web server; stops all three together.
set -euo pipefail
PY=.venv/bin/python
mkdir -p var/log
$PY manage.py db_worker >var/log/worker.log 2>&1 &
WORKER=$!
$PY manage.py scheduler >var/log/scheduler.log 2>&1 &
SCHEDULER=$!
trap 'kill $WORKER $SCHEDULER 2>/dev/null || true' EXIT INT TERM
sleep 1
kill -0 $WORKER || { echo "The worker did not start: see var/log/worker.log" >&2; exit 1; }
echo "Worker running (pid $WORKER, log var/log/worker.log); scheduler running (pid $SCHEDULER)."
$PY manage.py load_demo
echo
echo "Cylch is starting on http://127.0.0.1:8000 - sign in with a demo account above. Press Ctrl+C to stop."
exec $PY manage.py runserver 127.0.0.1:8000 --noreload
