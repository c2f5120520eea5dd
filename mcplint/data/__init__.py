"""Data files shipped with mcplint (read with `importlib.resources`): `packages.json`."""
