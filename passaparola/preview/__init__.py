"""The live preview: the server, its build worker, the watcher and the fast render."""
