-- Adds a batch's trips to one window, each trip once (HSETNX on the window's trip hash: a redelivered or
-- replayed trip changes nothing), then the sums in one increment each. The indexes and TTLs are written when the
-- window is created or opens again, not for every trip. Keys are built here from ZoneWindowStore's layout
-- (single Redis, no cluster slots to respect).
-- ARGV: zone, label, start_seconds, close_millis, ttl_seconds, now_millis, open set (<source>:<partition>),
--       then (trip_id, fare, duration, distance_km) per trip.
-- Returns, per trip, 1 when it was new in this window and 0 when it was there already.
local zone, label, startSec = ARGV[1], ARGV[2], ARGV[3]
local closeAt, ttl, now, source = ARGV[4], tonumber(ARGV[5]), ARGV[6], ARGV[7]
local base = 'chillflow:win:' .. zone .. ':' .. label .. ':' .. startSec
local trips = base .. ':trips'
local added = {}
local n, fare, duration, distance = 0, 0, 0, 0
for i = 8, #ARGV, 4 do
  local a = redis.call('HSETNX', trips, ARGV[i], ARGV[i + 2])
  added[#added + 1] = a
  if a == 1 then
    n = n + 1
    fare = fare + tonumber(ARGV[i + 1])
    duration = duration + tonumber(ARGV[i + 2])
    distance = distance + tonumber(ARGV[i + 3])
  end
end
if n == 0 then
  return added
end
local count = redis.call('HINCRBY', base, 'count', n)
redis.call('HINCRBYFLOAT', base, 'fare_sum', string.format('%.17g', fare))
redis.call('HINCRBYFLOAT', base, 'distance_sum', string.format('%.17g', distance))
redis.call('HINCRBY', base, 'duration_sum', string.format('%d', duration))
local reopened
if count == n then
  -- a new window
  redis.call('HSET', base, 'updated_at', now, 'final', '0')
  redis.call('EXPIRE', base, ttl)
  redis.call('EXPIRE', trips, ttl)
  local index = 'chillflow:win:idx:' .. zone .. ':' .. label
  redis.call('ZADD', index, startSec, startSec)
  redis.call('EXPIRE', index, ttl)
  local zones = 'chillflow:win:zones:' .. label .. ':' .. startSec
  redis.call('SADD', zones, zone)
  redis.call('EXPIRE', zones, ttl)
  local starts = 'chillflow:win:starts:' .. label
  redis.call('ZADD', starts, startSec, startSec)
  redis.call('EXPIRE', starts, ttl)
  reopened = true
else
  -- new trips in a window that was final open it again until the watermark passes once more
  reopened = redis.call('HGET', base, 'final') == '1'
  if reopened then
    redis.call('HDEL', base, 'final_at')
    redis.call('HSET', base, 'updated_at', now, 'final', '0')
  else
    redis.call('HSET', base, 'updated_at', now)
  end
end
if reopened then
  local open = 'chillflow:win:open:' .. source
  redis.call('ZADD', open, closeAt, zone .. ':' .. label .. ':' .. startSec)
  redis.call('EXPIRE', open, ttl)
end
return added
