"""`mcplint doctor`: probes that really start (or connect to) each server."""
