"""PyCap's side of `npm run bench -- cli`: Project(url, token).export_records() of every record into
memory, as a PyCap user fetches a project. Runs only where PyCap is installed (`import redcap`); the
bench looks for it with the python3 on PATH, or with CARREL_BENCH_PYTHONPATH added to its path.

Usage: python3 test/bench/pycap-export.py URL TOKEN  (prints one JSON line)
"""
import json
import resource
import sys
import time

started = time.perf_counter()
import redcap  # noqa: E402  (timed: importing PyCap is part of what a script pays)

imported = time.perf_counter()
project = redcap.Project(sys.argv[1], sys.argv[2])
records = project.export_records()
done = time.perf_counter()
print(json.dumps({
    "importMs": (imported - started) * 1000,
    "exportMs": (done - imported) * 1000,
    "rows": len(records),
    "maxRssMb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
}))
