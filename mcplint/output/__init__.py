"""Output formats. Each module has `render(results, ...) -> str`."""

FORMATS = ("text", "json")
