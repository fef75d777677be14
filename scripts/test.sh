#!/usr/bin/env bash
# Runs every test: the workspace's unit, snapshot, replay, mock-server and end-to-end
# tests, and the real-model test against llama-cpp-python's server. What the tests need
# beyond Rust (a Python venv with the server, a small model and the MCP Python SDK) is installed into a cache
# outside the repo (${SPECWRIGHT_CACHE_DIR:-~/.cache/specwright}) and reused from there.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "==> Preparing the local model server (cached after the first run)"
scripts/llama-server.sh install >/dev/null
echo "==> Preparing the MCP client (the official Python SDK, cached after the first run)"
scripts/llama-server.sh mcp-client >/dev/null

echo "==> Running the tests"
cargo test --workspace --locked "$@"
