#!/usr/bin/env bash
# IRIS's services for the strict test IRIS, on loopback only: PostgreSQL (Debian's package, as
# IRIS's database) and RabbitMQ (IRIS's Celery broker), each in its own folder under $2, on free
# ports (IRIS_TEST_PG_PORT and IRIS_TEST_AMQP_PORT choose them).
#   .ci/services.sh start DIR   installs what is missing, starts both, writes DIR/env
#   .ci/services.sh stop DIR    stops both (safe to call twice, or after a failed start)
#   .ci/services.sh pg-stop|pg-start|rabbit-stop|rabbit-start DIR
#                               stops or starts one of them again, its data kept (the fault tests)
# DIR/env exports IRIS_TEST_DATABASE (SQLAlchemy URL of the server, no database name) and
# IRIS_TEST_BROKER (Celery broker URL), which tests/python/testiris reads, and IRIS_TEST_SERVICES
# (DIR, for the fault tests that restart a service).
set -euo pipefail

action=${1:?usage: services.sh start|stop DIR}
base=${2:?usage: services.sh start|stop DIR}

node=iristest@localhost

# Whether something listens on loopback port $1.
in_use() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# The first port from $1 up such that it and the $2 - 1 ports after it are free.
free_ports() {
    local port=$1 count=$2 offset
    while [ "$port" -lt 65000 ]; do
        for ((offset = 0; offset < count; offset++)); do
            in_use $((port + offset)) && break
        done
        [ "$offset" -eq "$count" ] && { echo "$port"; return 0; }
        port=$((port + count))
    done
    return 1
}

# The ports: the caller's, else free ones near IRIS's usual ones (saved in DIR for `stop`).
ports() {
    if [ -f "$base/ports" ]; then
        # shellcheck disable=SC1091
        . "$base/ports"
        return
    fi
    pg_port=${IRIS_TEST_PG_PORT:-$(free_ports 55432 1)}
    amqp_port=${IRIS_TEST_AMQP_PORT:-$(free_ports 55672 3)}
}

rabbit_env() {
    export RABBITMQ_NODENAME=$node RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 RABBITMQ_NODE_PORT=$amqp_port
    export RABBITMQ_DIST_PORT=$((amqp_port + 1)) ERL_EPMD_ADDRESS=127.0.0.1 ERL_EPMD_PORT=$((amqp_port + 2))
    export RABBITMQ_MNESIA_BASE=$base/rabbit/mnesia RABBITMQ_LOG_BASE=$base/rabbit/log
    export RABBITMQ_CONFIG_FILE=$base/rabbit/rabbitmq RABBITMQ_ENABLED_PLUGINS_FILE=$base/rabbit/plugins
    export RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
    export HOME=$base/rabbit
}

pg_bin() {
    ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

install_missing() {
    if [ -z "$(pg_bin)" ] || [ ! -x /usr/lib/rabbitmq/bin/rabbitmq-server ]; then
        echo "installing PostgreSQL and RabbitMQ (Debian packages)"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
            postgresql rabbitmq-server >/dev/null
    fi
}

# PostgreSQL's server, on its data folder (made by `start`).
pg_start() {
    runuser -u postgres -- "$(pg_bin)/pg_ctl" -D "$base/pg/data" -l "$base/pg/log" -w \
        -o "-c listen_addresses=127.0.0.1 -p $pg_port -k $base/pg" start >/dev/null
}

pg_stop() {
    if [ -f "$base/pg/data/postmaster.pid" ]; then
        runuser -u postgres -- "$(pg_bin)/pg_ctl" -D "$base/pg/data" -m fast -w stop >/dev/null || true
    fi
}

# RabbitMQ's node, on its folder (queues and persistent messages kept across a restart).
rabbit_start() (
    rabbit_env
    /usr/lib/rabbitmq/bin/rabbitmq-server -detached
    # The node registers a moment after it is launched; await_startup needs it registered.
    for _ in $(seq 120); do
        if /usr/lib/rabbitmq/bin/rabbitmqctl -q -n $node await_startup --timeout 120 >/dev/null 2>&1; then
            exit 0
        fi
        sleep 1
    done
    echo "RabbitMQ did not start; its log:" >&2
    tail -n 40 "$base"/rabbit/log/*.log >&2 || true
    exit 1
)

rabbit_stop() (
    rabbit_env
    if [ -d "$base/rabbit/mnesia" ]; then
        # `shutdown` returns once the node's VM has exited (`stop` returns before): a start right
        # after it would otherwise find the old node still registered, and not come up.
        /usr/lib/rabbitmq/bin/rabbitmqctl -q -n $node shutdown --timeout 60 2>/dev/null || true
    fi
)

start() {
    install_missing
    rm -rf "$base"
    mkdir -p "$base/pg" "$base/rabbit"
    ports
    printf 'pg_port=%s\namqp_port=%s\n' "$pg_port" "$amqp_port" >"$base/ports"
    chmod 755 "$base"
    chown postgres "$base/pg"
    runuser -u postgres -- "$(pg_bin)/initdb" -D "$base/pg/data" -A trust -U postgres >/dev/null
    pg_start
    for db in iris_db iris_tasks; do
        runuser -u postgres -- "$(pg_bin)/createdb" -h 127.0.0.1 -p "$pg_port" -U postgres "$db"
    done
    echo "[]." >"$base/rabbit/plugins"
    rabbit_start
    cat >"$base/env" <<EOF
export IRIS_TEST_DATABASE=postgresql+psycopg2://postgres@127.0.0.1:$pg_port/
export IRIS_TEST_BROKER=amqp://guest:guest@127.0.0.1:$amqp_port//
export IRIS_TEST_SERVICES=$base
EOF
    echo "PostgreSQL on 127.0.0.1:$pg_port, RabbitMQ on 127.0.0.1:$amqp_port ($base)"
}

stop() {
    [ -f "$base/ports" ] || return 0
    ports
    rabbit_stop
    (
        rabbit_env
        epmd -port "$ERL_EPMD_PORT" -kill >/dev/null 2>&1 || true
    )
    pg_stop
}

case "$action" in
    start) start ;;
    stop) stop ;;
    pg-stop | pg-start | rabbit-stop | rabbit-start)
        ports
        "${action/-/_}"
        ;;
    *) echo "usage: services.sh start|stop|pg-stop|pg-start|rabbit-stop|rabbit-start DIR" >&2; exit 2 ;;
esac
