"""Fails at start-up as a server missing a module does: a message on stderr, exit code 1."""

import sys

sys.stderr.write("starting with GITHUB_TOKEN=ghp_abcdefghijklmnopqrstuvwxyz0123456789\n")
sys.stderr.write("Traceback (most recent call last):\n")
sys.stderr.write("ModuleNotFoundError: No module named 'weatherlib'\n")
sys.exit(1)
