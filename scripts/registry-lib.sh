# Shell helpers shared by demo.sh and bench/: throwaway docker-registry instances on 127.0.0.1.
# Source it after setting WORK (a temp dir); call `stop_registries` on exit.

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# start_registry NAME -> prints HOST:PORT once the registry answers.
start_registry() {
  local name=$1 port
  port=$(free_port)
  mkdir -p "$WORK/$name"
  cat >"$WORK/$name/config.yml" <<YAML
version: 0.1
log: {level: warn, accesslog: {disabled: true}}
storage: {filesystem: {rootdirectory: $WORK/$name/data}, delete: {enabled: true}}
http: {addr: 127.0.0.1:$port}
YAML
  docker-registry serve "$WORK/$name/config.yml" >"$WORK/$name/log" 2>&1 &
  echo $! >"$WORK/$name/pid"   # a file, not a variable: callers use $(start_registry ...), a subshell
  for _ in $(seq 100); do
    curl -fs "http://127.0.0.1:$port/v2/" >/dev/null 2>&1 && { echo "127.0.0.1:$port"; return 0; }
    sleep 0.1
  done
  echo "registry $name did not start; its log:" >&2; cat "$WORK/$name/log" >&2; return 1
}

stop_registries() {
  local f pid
  for f in "$WORK"/*/pid; do
    [ -f "$f" ] || continue
    pid=$(cat "$f")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
    rm -f "$f"
  done
  return 0
}
