"""`qa eval`: gold questions in, metrics out (results.jsonl, summary.json, report.html).

Modules, each importing only those before it: `gold` (gold rows), `metrics` (pure scores), `scoring` (a row
per question, the summary), `compare` (two runs), `tables` (Markdown), `report` (HTML), `run` (the command).
"""
