"""The owner's commands: start, new content, publish; ``tasks.py`` only calls these."""
