"""A small hand-written stdio MCP server for doctor's tests; its flags make it misbehave.

    tiny.py [--delay S] [--tools N] [--page-size K] [--protocol V] [--banner] [--dump FILE]
            [--silent] [--error CODE]

--dump writes the environment exactly as the process got it (/proc/self/environ: Python's own
start-up may change os.environ, e.g. LC_CTYPE) and its working directory, as JSON, to FILE.
"""

import json
import os
import sys
import time


def main() -> None:
    args = sys.argv[1:]

    def opt(name: str, default: str | None = None) -> str | None:
        return args[args.index(name) + 1] if name in args else default

    if opt("--dump"):
        with open("/proc/self/environ", "rb") as f:
            raw = f.read()
        env = dict(item.decode().split("=", 1) for item in raw.split(b"\0") if b"=" in item)
        with open(str(opt("--dump")), "w") as f:
            json.dump({"environ": env, "cwd": os.getcwd()}, f)
    if "--banner" in args:
        print("Weather server v1 started on stdio", flush=True)
    delay = float(opt("--delay", "0") or 0)
    count = int(opt("--tools", "2") or 2)
    page = int(opt("--page-size", "0") or 0) or count or 1
    protocol = opt("--protocol")
    tools = [{"name": f"tool_{i}", "inputSchema": {"type": "object"}} for i in range(count)]
    for line in sys.stdin:
        msg = json.loads(line)
        if "--silent" in args or "id" not in msg:
            continue
        method = msg.get("method")
        if method == "initialize":
            time.sleep(delay)
            if opt("--error"):
                reply = {
                    "error": {
                        "code": int(str(opt("--error"))),
                        "message": "Unsupported protocol version",
                    }
                }
            else:
                version = protocol or msg["params"]["protocolVersion"]
                info = {"name": "tiny", "version": "0.1"}
                reply = {
                    "result": {
                        "protocolVersion": version,
                        "capabilities": {"tools": {}},
                        "serverInfo": info,
                    }
                }
        elif method == "tools/list":
            start = int(msg.get("params", {}).get("cursor") or 0)
            result = {"tools": tools[start : start + page]}
            if start + page < len(tools):
                result["nextCursor"] = str(start + page)
            reply = {"result": result}
        else:
            reply = {"error": {"code": -32601, "message": "no such method"}}
        print(json.dumps({"jsonrpc": "2.0", "id": msg["id"], **reply}), flush=True)


if __name__ == "__main__":
    main()
