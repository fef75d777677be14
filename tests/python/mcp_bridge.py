"""A real MCP client for the tests of `specwright mcp`: the official MCP Python SDK (mcp 2.x).

The Rust tests start this script, which starts `specwright mcp` and connects to it, then
send it one JSON request per line on stdin and read one JSON reply per line on stdout:

  {"op": "list_tools"}                          -> {"tools": [{name, description, input_schema, output_schema}]}
  {"op": "call_tool", "name": N, "arguments": A, "progress"?: true}
                                                -> {"is_error", "text", "structured", "progress": [message]}
                                                   or {"mcp_error": {code, message}}
                                                   or {"exception": "Type: message"}
  {"op": "list_prompts"}                        -> {"prompts": [{name, arguments: [{name, required}]}]}
  {"op": "get_prompt", "name": N, "arguments": A} -> {"description", "messages": [{role, text}]}
  {"op": "close"}                               -> closes the connection (stdin EOF for the server)

The first line it prints is {"connected": {protocol_version, server_name, server_version}}.
argv[1] is a JSON object: {"mode": "auto" | "legacy", "command", "args", "cwd", "env",
"roots": [uri, ...]}. "auto" uses mcp.Client (server/discover: protocol 2026-07-28),
"legacy" a ClientSession with the initialize handshake (2025-11-25), offering roots.
Everything the SDK validates (results against output schemas) fails loudly here.
"""

import asyncio
import json
import sys
import traceback

from mcp import Client, ClientSession, MCPError, StdioServerParameters, stdio_client
from mcp.types import ListRootsResult, Root, TextContent


def text_of(content) -> str:
    return "\n".join(b.text for b in content if isinstance(b, TextContent))


def send(obj) -> None:
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


async def read_request():
    line = await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)
    if not line:
        return None
    return json.loads(line)


async def serve(c) -> None:
    while True:
        request = await read_request()
        if request is None or request.get("op") == "close":
            return
        op = request.get("op")
        try:
            if op == "list_tools":
                tools = await c.list_tools()
                send({"tools": [
                    {"name": t.name, "description": t.description,
                     "input_schema": t.input_schema, "output_schema": t.output_schema}
                    for t in tools.tools]})
            elif op == "call_tool":
                progress = []

                async def on_progress(value, total, message):
                    progress.append(message)

                r = await c.call_tool(request["name"], request.get("arguments") or {},
                                      progress_callback=on_progress if request.get("progress") else None)
                send({"is_error": bool(r.is_error), "text": text_of(r.content),
                      "structured": r.structured_content, "progress": progress})
            elif op == "list_prompts":
                prompts = await c.list_prompts()
                send({"prompts": [
                    {"name": p.name, "arguments": [
                        {"name": a.name, "required": bool(a.required)} for a in (p.arguments or [])]}
                    for p in prompts.prompts]})
            elif op == "get_prompt":
                p = await c.get_prompt(request["name"], request.get("arguments") or {})
                send({"description": p.description, "messages": [
                    {"role": m.role, "text": getattr(m.content, "text", "")} for m in p.messages]})
            else:
                send({"exception": f"ValueError: unknown op {op!r}"})
        except MCPError as e:
            send({"mcp_error": {"code": e.code, "message": e.message}})
        except Exception as e:  # reported to the Rust test, which fails with it
            send({"exception": f"{type(e).__name__}: {e}",
                  "traceback": traceback.format_exc()})


async def main() -> int:
    config = json.loads(sys.argv[1])
    params = StdioServerParameters(
        command=config["command"], args=config.get("args", []),
        env=config.get("env", {}), cwd=config.get("cwd"))
    mode = config.get("mode", "auto")
    if mode == "auto":
        async with Client(params, mode="auto", read_timeout_seconds=120, cache=None) as c:
            info = c.server_info
            send({"connected": {"protocol_version": str(c.protocol_version),
                                "server_name": info.name if info else None,
                                "server_version": info.version if info else None}})
            await serve(c)
        return 0
    roots = [Root(uri=u, name="project") for u in config.get("roots", [])]

    async def list_roots(context) -> ListRootsResult:
        return ListRootsResult(roots=roots)

    async with stdio_client(params) as (read, write):
        async with ClientSession(read, write, list_roots_callback=list_roots if roots else None) as s:
            init = await s.initialize()
            send({"connected": {"protocol_version": str(init.protocol_version),
                                "server_name": init.server_info.name,
                                "server_version": init.server_info.version}})
            await serve(s)
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
