"""A real MCP server built with the `mcp` Python SDK (2.x `MCPServer`, 1.x `FastMCP`)."""

try:
    from mcp.server import MCPServer as Server  # SDK 2.x
except ImportError:  # SDK 1.x
    from mcp.server.fastmcp import FastMCP as Server  # type: ignore[no-redef]

app = Server("sdk-fixture")


@app.tool()
def add(a: int, b: int) -> int:
    """Add two numbers."""
    return a + b


@app.tool()
def echo(text: str) -> str:
    """Say it back."""
    return text


if __name__ == "__main__":
    app.run()
