"""The language server `mcplint server` (`server.py`), over JSON-RPC 2.0 (`jsonrpc.py`)."""
