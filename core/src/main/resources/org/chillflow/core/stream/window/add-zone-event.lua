-- Adds one zone event to its window of every size, once per trip id (HSETNX on the window's trip hash: a
-- redelivered or replayed trip changes nothing). Keys are built here from ZoneWindowKeys' layout (single Redis,
-- no cluster slots to respect).
-- ARGV: trip_id, zone, event_millis, fare, duration, distance_km, ttl_seconds, now_millis, source,
--       lateness_millis, then (label, size_millis) per window size, smallest first.
-- Returns 1 when the trip was new in its smallest window, 0 when it was a duplicate.
local trip, zone, t = ARGV[1], ARGV[2], tonumber(ARGV[3])
local ttl, now, source, lateness = tonumber(ARGV[7]), ARGV[8], ARGV[9], tonumber(ARGV[10])
local first = -1
for i = 11, #ARGV, 2 do
  local label, size = ARGV[i], tonumber(ARGV[i + 1])
  local start = math.floor(t / size) * size
  local startSec = string.format('%d', start / 1000)
  local base = 'chillflow:win:' .. zone .. ':' .. label .. ':' .. startSec
  local added = redis.call('HSETNX', base .. ':trips', trip, ARGV[5])
  if first == -1 then first = added end
  if added == 1 then
    redis.call('HINCRBY', base, 'count', 1)
    redis.call('HINCRBYFLOAT', base, 'fare_sum', ARGV[4])
    redis.call('HINCRBYFLOAT', base, 'distance_sum', ARGV[6])
    redis.call('HINCRBY', base, 'duration_sum', ARGV[5])
    -- a new trip in a window that was final opens it again until the watermark passes once more
    redis.call('HSET', base, 'updated_at', now, 'final', '0')
    redis.call('HDEL', base, 'final_at')
    redis.call('EXPIRE', base, ttl)
    redis.call('EXPIRE', base .. ':trips', ttl)
    local index = 'chillflow:win:idx:' .. zone .. ':' .. label
    redis.call('ZADD', index, startSec, startSec)
    redis.call('EXPIRE', index, ttl)
    local zones = 'chillflow:win:zones:' .. label .. ':' .. startSec
    redis.call('SADD', zones, zone)
    redis.call('EXPIRE', zones, ttl)
    local starts = 'chillflow:win:starts:' .. label
    redis.call('ZADD', starts, startSec, startSec)
    redis.call('EXPIRE', starts, ttl)
    local open = 'chillflow:win:open:' .. source
    redis.call('ZADD', open, start + size + lateness, zone .. ':' .. label .. ':' .. startSec)
    redis.call('EXPIRE', open, ttl)
  end
end
return first
