"""Qt-free system helpers: the supervisor, the staff PIN, log files and platform differences.

Nothing here imports Qt (an import-linter contract checks it), so the supervisor runs on any
Python with only the standard library and platformdirs.
"""
