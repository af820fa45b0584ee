# Starts and stops PostgreSQL clusters of our own. Sourced by scripts/test and scripts/db-up.
#
#   postgres_start DIR [PORT]  initdb (no fsync; POSTGRES_DURABLE=1 for the defaults) into DIR/data unless it is there, and start a server on PORT
#                              (a free loopback port when omitted); sets POSTGRES_URL. As root, the cluster
#                              belongs to the postgres user, because PostgreSQL refuses to run as root.
#   postgres_stop DIR          stop that server and remove DIR (the throwaway clusters of scripts/test).
#   postgres_halt DIR          stop that server and keep its data (the development cluster of scripts/db-up).

postgres_bin_dir() {
    local dir
    dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    [ -n "$dir" ] && [ -x "$dir/initdb" ] && echo "$dir"
}

postgres_install_if_missing() {
    if [ -z "$(postgres_bin_dir)" ]; then
        echo "==> PostgreSQL is not installed; installing Debian's postgresql package"
        if [ "$(id -u)" -eq 0 ]; then
            apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
        else
            sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
        fi
    fi
}

postgres_as_owner() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

postgres_free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

postgres_start() {
    local dir=$1 port=${2:-} bin
    postgres_install_if_missing
    bin=$(postgres_bin_dir)
    mkdir -p "$dir"
    if [ "$(id -u)" -eq 0 ]; then chown postgres "$dir"; fi
    if [ ! -f "$dir/data/PG_VERSION" ]; then
        postgres_as_owner "$bin/initdb" --no-sync --auth=trust --username=postgres --encoding=UTF8 --locale=C.UTF-8 \
            -D "$dir/data" >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log"; return 1; }
    fi
    [ -n "$port" ] || port=$(postgres_free_port)
    # fsync off: these clusters hold tests and development data, and should not wait for the disk. A benchmark
    # that must measure default durability sets POSTGRES_DURABLE=1.
    local durability="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    [ "${POSTGRES_DURABLE:-}" = "1" ] && durability="-c fsync=on -c synchronous_commit=on -c full_page_writes=on"
    postgres_as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-p $port -k $dir -c listen_addresses=127.0.0.1 $durability -c max_connections=1000" \
        start >/dev/null || { cat "$dir/server.log"; return 1; }
    POSTGRES_URL="postgres://postgres@127.0.0.1:$port/postgres"
    export POSTGRES_URL
}

postgres_halt() {
    local dir=$1 bin
    bin=$(postgres_bin_dir)
    if [ -n "$bin" ] && [ -f "$dir/data/postmaster.pid" ]; then
        postgres_as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    fi
}

postgres_stop() {
    local dir=$1 bin
    bin=$(postgres_bin_dir)
    if [ -n "$bin" ] && [ -f "$dir/data/postmaster.pid" ]; then
        postgres_as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
}
