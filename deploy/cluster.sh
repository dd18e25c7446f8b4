#!/usr/bin/env bash
# Several app servers on one PostgreSQL database, behind nginx with sticky sessions (issue 16; README "Meerdere
# servers (PostgreSQL)").
#
#   deploy/cluster.sh start     # PostgreSQL (local cluster) + N streamlit processes + nginx in front
#   deploy/cluster.sh stop      # stops what `start` started (by the pids it wrote), never anything else
#   deploy/cluster.sh status
#
# Settings (environment):
#   WTH_DATABASE_URL   postgresql://user:password@host:5432/database   (required)
#   WTH_CLUSTER_PORTS  ports of the app servers, default "8621 8622 8623"
#   WTH_PROXY_PORT     the port nginx listens on, default 8620
#   WTH_PROXY_ADDRESS  the address nginx listens on, default 127.0.0.1
#   WTH_CLUSTER_DIR    pids, logs and the nginx configuration, default var/cluster
#   WTH_MODE           demo | productie (productie also needs WTH_COOKIE_KEY and the signers' secrets)
#   WTH_COOKIE_KEY     ONE key for every app server (a cookie made by one is checked by another); in demo mode a
#                      key is made once in $WTH_CLUSTER_DIR/cookie-key when it is not set
#
# Sticky sessions: a Streamlit session is a WebSocket held by one process. nginx gives every new browser a cookie
# wth_srv (random) and hashes it consistently over the app servers, so the page, its static files and its WebSocket
# all reach the same process. When a process dies nginx sends its browsers to the others (max_fails); they log in
# again there (the login session lives in the database) and find their drafts (also in the database).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
DIR=${WTH_CLUSTER_DIR:-var/cluster}
PORTS=${WTH_CLUSTER_PORTS:-"8621 8622 8623"}
PROXY_PORT=${WTH_PROXY_PORT:-8620}
PROXY_ADDRESS=${WTH_PROXY_ADDRESS:-127.0.0.1}
NGINX=${NGINX:-/usr/sbin/nginx}
PYTHON=${PYTHON:-python}

die() { echo "cluster: $*" >&2; exit 1; }

start_postgres() {
    # Only for a database on this machine: start the Debian cluster if it is down.
    local host
    host=$("$PYTHON" -c 'import sys; from urllib.parse import urlsplit; print(urlsplit(sys.argv[1]).hostname or "localhost")' "$WTH_DATABASE_URL")
    case "$host" in
        localhost|127.0.0.1|::1) ;;
        *) return 0 ;;
    esac
    command -v pg_lsclusters >/dev/null || die "PostgreSQL is not installed (apt-get install postgresql)"
    pg_lsclusters -h | while read -r ver name _ status _; do
        if [ "$status" != "online" ]; then
            pg_ctlcluster "$ver" "$name" start
        fi
    done
}

healthy() { curl -fs -o /dev/null --max-time 2 "http://127.0.0.1:$1/_stcore/health"; }

cmd_start() {
    [ -n "${WTH_DATABASE_URL:-}" ] || die "WTH_DATABASE_URL is not set (postgresql://user:password@host:5432/database)"
    case "$WTH_DATABASE_URL" in postgresql://*|postgres://*) ;; *) die "WTH_DATABASE_URL must be a postgresql:// URL";; esac
    [ -x "$NGINX" ] || die "nginx is missing (apt-get install nginx)"
    mkdir -p "$DIR"
    chmod 700 "$DIR"
    DIR=$(cd "$DIR" && pwd)
    [ -f "$DIR/nginx.pid" ] && die "already running? ($DIR/nginx.pid exists; deploy/cluster.sh stop first)"
    start_postgres
    export WTH_MODE=${WTH_MODE:-demo}
    if [ -z "${WTH_COOKIE_KEY:-}" ]; then
        [ "$WTH_MODE" = demo ] || die "WTH_COOKIE_KEY is not set (one key for every app server)"
        [ -f "$DIR/cookie-key" ] || (umask 077; "$PYTHON" -c 'import secrets; print(secrets.token_urlsafe(48))' > "$DIR/cookie-key")
        WTH_COOKIE_KEY=$(cat "$DIR/cookie-key")
        export WTH_COOKIE_KEY
    fi
    # Migrations (and in demo mode the demo data) once, before the app servers start: they never race for it.
    "$PYTHON" - <<'EOF'
import os
from store.db import Database
db = Database(os.environ["WTH_DATABASE_URL"])
if os.environ.get("WTH_MODE") == "demo":
    from data.seed import create_demo, demo_exists
    if not demo_exists(db):
        create_demo(db)
else:
    from data.reference import load_reference
    load_reference(db)
db.close()
EOF
    upstreams=""
    for port in $PORTS; do
        WTH_DATABASE_URL="$WTH_DATABASE_URL" setsid "$PYTHON" -m streamlit run app.py --server.headless=true \
            --server.address=127.0.0.1 --server.port="$port" --server.fileWatcherType=none \
            --browser.gatherUsageStats=false >"$DIR/app-$port.log" 2>&1 &
        echo $! >"$DIR/app-$port.pid"
        upstreams+="    server 127.0.0.1:$port max_fails=1 fail_timeout=10s;"$'\n'
    done
    mkdir -p "$DIR/nginx"
    cat >"$DIR/nginx.conf" <<EOF
worker_processes 1;
pid $DIR/nginx.pid;
error_log $DIR/nginx/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $DIR/nginx/body; proxy_temp_path $DIR/nginx/proxy; fastcgi_temp_path $DIR/nginx/fcgi;
  uwsgi_temp_path $DIR/nginx/uwsgi; scgi_temp_path $DIR/nginx/scgi;
  map \$http_upgrade \$connection_upgrade { default upgrade; '' close; }
  # sticky sessions: the browser's wth_srv cookie picks the app server; a new browser gets one
  map \$cookie_wth_srv \$wth_srv { "" \$request_id; default \$cookie_wth_srv; }
  map \$cookie_wth_srv \$wth_srv_set { "" "wth_srv=\$request_id; Path=/; HttpOnly; SameSite=Lax"; default ""; }
  upstream wth_app {
    hash \$wth_srv consistent;
$upstreams  }
  server {
    listen $PROXY_ADDRESS:$PROXY_PORT;
    location / {
      proxy_pass http://wth_app;
      proxy_http_version 1.1;
      proxy_set_header Upgrade \$http_upgrade;
      proxy_set_header Connection \$connection_upgrade;
      proxy_set_header Host \$host;
      proxy_set_header X-Forwarded-For \$remote_addr;
      proxy_read_timeout 3600;
      proxy_next_upstream error timeout http_502 http_503;
      add_header Set-Cookie \$wth_srv_set;
      add_header X-Wth-Upstream \$upstream_addr;
    }
  }
}
EOF
    for port in $PORTS; do
        for _ in $(seq 1 240); do
            healthy "$port" && break
            kill -0 "$(cat "$DIR/app-$port.pid")" 2>/dev/null || die "app server on port $port stopped; see $DIR/app-$port.log"
            sleep 0.5
        done
        healthy "$port" || die "app server on port $port not healthy; see $DIR/app-$port.log"
    done
    "$NGINX" -p "$DIR/nginx" -c "$DIR/nginx.conf"
    for _ in $(seq 1 40); do healthy "$PROXY_PORT" && break; sleep 0.25; done
    healthy "$PROXY_PORT" || die "nginx not answering on port $PROXY_PORT; see $DIR/nginx/error.log"
    echo "cluster: $(echo $PORTS | wc -w) app servers ($PORTS) behind http://$PROXY_ADDRESS:$PROXY_PORT"
}

cmd_stop() {
    DIR=$(cd "$DIR" 2>/dev/null && pwd) || { echo "cluster: nothing to stop"; return 0; }
    if [ -f "$DIR/nginx.pid" ]; then
        "$NGINX" -p "$DIR/nginx" -c "$DIR/nginx.conf" -s stop 2>/dev/null || kill "$(cat "$DIR/nginx.pid")" 2>/dev/null || true
        rm -f "$DIR/nginx.pid"
    fi
    for f in "$DIR"/app-*.pid; do
        [ -f "$f" ] || continue
        pid=$(cat "$f")
        # the streamlit process leads its own session (setsid): stop that process group
        kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
        for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
        kill -KILL -- "-$pid" 2>/dev/null || true
        rm -f "$f"
    done
    echo "cluster: stopped"
}

cmd_status() {
    for f in "$DIR"/app-*.pid; do
        [ -f "$f" ] || continue
        port=${f##*/app-}; port=${port%.pid}
        if healthy "$port"; then echo "app $port: ok (pid $(cat "$f"))"; else echo "app $port: DOWN"; fi
    done
    if healthy "$PROXY_PORT"; then echo "proxy $PROXY_PORT: ok"; else echo "proxy $PROXY_PORT: DOWN"; fi
}

case "${1:-}" in
    start) cmd_start ;;
    stop) cmd_stop ;;
    status) cmd_status ;;
    *) echo "usage: deploy/cluster.sh start|stop|status" >&2; exit 2 ;;
esac
