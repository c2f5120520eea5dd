"""JSON Schemas for each client file kind, shipped inside the wheel as `mcplint.schemas`."""
