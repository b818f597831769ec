# Helpers the benchmarks share (sourced by bin/bench-*; CHILLFLOW_REDIS_PORT set by the caller, WINDOWS_REDIS_PORT by
# bench_services_up).

# Redis's append-only file compacted before a measured run (BGREWRITEAOF, waited for): otherwise the rewrite Redis
# starts by itself once the file has doubled, a child process taking one of the two cores for seconds, may fall into
# a run of a few seconds or not, and decide its figures. $1: another Redis's port (the windows' own).
redis_compacted() {
  local port=${1:-$CHILLFLOW_REDIS_PORT}
  redis-cli -p "$port" bgrewriteaof >/dev/null 2>&1 || true
  sleep 0.5
  while redis-cli -p "$port" info persistence | grep -qE '^aof_rewrite_(in_progress|scheduled):1'; do sleep 0.2; done
}

# An empty bench Redis, and the windows' own when they have one (isolated: CHILLFLOW_ENV=bench), for a benchmark whose
# figures must not depend on what ran before it in the clone. Called while the server is stopped, so no lane holds a
# copy of what goes; the topics' committed offsets stay in Kafka, so nothing is read twice.
redis_emptied() {
  redis-cli -p "$CHILLFLOW_REDIS_PORT" FLUSHALL >/dev/null
  if windows_apart; then redis-cli -p "$WINDOWS_REDIS_PORT" FLUSHALL >/dev/null; fi
}

# Trips the assemblers have completed: their counter in Redis, raised when a batch's trips are settled, after their
# rows are committed (a duplicate is not counted).
completed_trips() {
  local n
  n=$(redis-cli -p "$CHILLFLOW_REDIS_PORT" GET stream:completed)
  echo "${n:-0}"
}

# Redis's own account so far, as one JSON object: the main thread's CPU seconds and, per command, its calls and
# microseconds (INFO's commandstats; a script's commands are counted under EVALSHA and again under their own names).
# Two of these around a run give what Redis spent on it, by command. $1: another Redis's port (the windows' own).
redis_stats() {
  redis-cli -p "${1:-$CHILLFLOW_REDIS_PORT}" INFO all | tr -d '\r' | python3 -c '
import json, re, sys
out = {"cpu_s": 0.0, "commands": {}}
for line in sys.stdin:
    m = re.match(r"cmdstat_([^:]+):calls=(\d+),usec=(\d+)", line)
    if m:
        out["commands"][m.group(1)] = [int(m.group(2)), int(m.group(3))]
    m = re.match(r"used_cpu_(user|sys)_main_thread:([\d.]+)", line)
    if m:
        out["cpu_s"] += float(m.group(2))
print(json.dumps(out))'
}

# The PostgreSQL settings a run measured with, as one JSON object: the server's version and the settings that decide
# how a load's WAL, checkpoints and index builds go (docs/performance-history.md: max_wal_size moved a load by
# seconds); $1 is the database.
postgres_settings() {
  psql -h 127.0.0.1 -U chillflow -d "$1" -qtA -c "SELECT (jsonb_object_agg(name, current_setting(name)) || jsonb_build_object('version', current_setting('server_version')))::text FROM pg_settings WHERE name IN ('max_wal_size', 'shared_buffers', 'maintenance_work_mem', 'max_parallel_maintenance_workers')"
}

# The bench environment's services (bin/services, CHILLFLOW_ENV=bench): PostgreSQL, Kafka 9292, Redis 6381 and the
# zone windows' own Redis 6481, as the dev environment and the deployments have them; BENCH_WINDOWS_REDIS=shared puts
# the windows in the stream's Redis instead (the configuration without chillflow.windows.redis.*, what the test
# environment runs). Exports the windows' settings for the server started after this, and sets WINDOWS_REDIS_PORT
# (the stream's port when they share it).
bench_services_up() {
  case "${BENCH_WINDOWS_REDIS:-own}" in
    own) unset CHILLFLOW_WINDOWS_REDIS_HOST CHILLFLOW_WINDOWS_REDIS_PORT ;;
    shared) export CHILLFLOW_WINDOWS_REDIS_PORT= ;;
    *) echo "BENCH_WINDOWS_REDIS must be own or shared, was '$BENCH_WINDOWS_REDIS'" >&2; exit 2 ;;
  esac
  bin/services up
  eval "$(bin/services env | grep CHILLFLOW_WINDOWS_REDIS)"
  WINDOWS_REDIS_PORT=${CHILLFLOW_WINDOWS_REDIS_PORT:-$CHILLFLOW_REDIS_PORT}
}

# Whether the zone windows have a Redis of their own in this run.
windows_apart() { [ "$WINDOWS_REDIS_PORT" != "$CHILLFLOW_REDIS_PORT" ]; }

# Where the zone windows' keys were in this run, as the benchmarks' JSON records it ("windows_redis").
windows_redis_described() {
  if windows_apart; then echo "own (port $WINDOWS_REDIS_PORT)"; else echo "shared with the stream's (BENCH_WINDOWS_REDIS=shared)"; fi
}

# The zone windows' keys deleted, wherever they are.
windows_cleared() {
  redis-cli -p "$WINDOWS_REDIS_PORT" --scan --pattern 'chillflow:win*' | xargs -r -n 500 redis-cli -p "$WINDOWS_REDIS_PORT" del >/dev/null
}
