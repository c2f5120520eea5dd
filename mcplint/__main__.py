from mcplint.cli import entry

entry()
