"""Web quality gates over a built site: links, HTML validity, real-browser checks, budgets.

Each gate is a function that takes the built output folder (or a page open in Chromium) and
returns the problems it found as readable strings, so the tests, the ``quality-report`` invoke
task and the lead can call the same code. Gates find pages by walking the output folder: a page
that a new capability adds is checked with no change here.
"""
