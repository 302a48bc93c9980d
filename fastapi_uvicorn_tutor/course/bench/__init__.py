"""A `tutor bench` as data: which runs to make (plan.py) and the report they fill (report.py).

Nothing here starts a server or prints; runtime/bench.py measures, flows/bench.py orchestrates.
"""
