#!/usr/bin/env bash
# A throwaway PostgreSQL cluster on loopback, for the store tests and the replica test.
#
#   eval "$(tools/pg/throwaway.sh start)"   # prints export lines: TANSO_TEST_POSTGRES_URL, TANSO_PG_DIR
#   tools/pg/throwaway.sh stop "$TANSO_PG_DIR"
#
# Uses Debian's PostgreSQL (installs the `postgresql` package with apt-get when no server
# binaries are found and this runs as root). The cluster lives in a fresh directory under
# $TMPDIR (or /tmp), listens on 127.0.0.1 on a free port and its unix socket in that
# directory, trusts local connections (a test cluster: no password), and keeps PostgreSQL's
# durability settings (fsync, synchronous_commit) as they ship. PostgreSQL refuses to run as
# root, so as root the cluster runs as the `postgres` user the package creates.
set -euo pipefail

bindir() {
    local d
    if command -v pg_config >/dev/null && d=$(pg_config --bindir 2>/dev/null) && [ -x "$d/initdb" ]; then
        echo "$d"; return
    fi
    d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
    if [ -n "$d" ] && [ -x "$d/initdb" ]; then echo "$d"; return; fi
    return 1
}

# A TCP port nothing listens on at 127.0.0.1.
free_port() {
    if command -v python3 >/dev/null; then
        python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
        return
    fi
    local p
    for _ in $(seq 1 100); do
        p=$((20000 + RANDOM % 40000))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return; fi
    done
    return 1
}

as_owner() {
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start() {
    local bin
    if ! bin=$(bindir); then
        if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
            echo "installing Debian's postgresql package" >&2
            apt-get update -qq >&2
            DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
            bin=$(bindir)
        else
            echo "no PostgreSQL server binaries (initdb, pg_ctl); install Debian's postgresql package" >&2
            exit 1
        fi
    fi
    if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
        useradd --system --home-dir /nonexistent --shell /usr/sbin/nologin postgres
    fi
    local dir port
    dir=$(mktemp -d "${TMPDIR:-/tmp}/tanso-pg.XXXXXX")
    chmod 700 "$dir"
    [ "$(id -u)" -eq 0 ] && chown postgres: "$dir"
    port=$(free_port)
    as_owner "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --no-sync >"$dir/initdb.log" 2>&1 || {
        cat "$dir/initdb.log" >&2; exit 1; }
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=200" start >/dev/null || {
        cat "$dir/server.log" >&2; exit 1; }
    echo "export TANSO_PG_DIR=$dir"
    echo "export TANSO_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:$port/postgres"
}

stop() {
    local dir=${1:-${TANSO_PG_DIR:-}}
    [ -n "$dir" ] && [ -d "$dir/data" ] || { echo "no cluster at '$dir'" >&2; exit 1; }
    local bin
    bin=$(bindir)
    as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
    rm -rf "$dir"
}

case "${1:-}" in
    start) start ;;
    stop) stop "${2:-}" ;;
    *) echo "usage: $0 start | stop DIR" >&2; exit 2 ;;
esac
