"""One module per CLI command; each defines ``command`` (a click command or group).

``cli.py`` registers every module here, so a command is added by adding a module. Modules import
heavy dependencies inside their functions to keep ``bundlinje --help`` fast.
"""
