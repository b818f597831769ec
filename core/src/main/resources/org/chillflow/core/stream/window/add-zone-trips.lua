-- Adds a batch's trips to one window, each trip once (HSETNX on the window's trip hash: a redelivered or
-- replayed trip changes nothing), then the sums in one increment each. Only the window's two keys, which share
-- the window's hash tag (one slot on a Redis Cluster): the indexes and the open set live in other slots, so a new
-- window, or a final one that new trips open again, is marked 'pending' here and ZoneWindowStore writes those
-- entries next and then clears the mark. A batch retried after a crash between the two finds the mark still set.
-- KEYS[1] chillflow:win:{zone:size:start}, KEYS[2] the same with :trips
-- ARGV: ttl_seconds, now_millis, then (trip_id, fare, duration, distance_km) per trip.
-- Returns {pending (1/0), then per trip 1 when it was new in this window and 0 when it was there already}.
local base, trips = KEYS[1], KEYS[2]
local ttl, now = tonumber(ARGV[1]), ARGV[2]
local result = {0}
local n, fare, duration, distance = 0, 0, 0, 0
for i = 3, #ARGV, 4 do
  local a = redis.call('HSETNX', trips, ARGV[i], ARGV[i + 2])
  result[#result + 1] = a
  if a == 1 then
    n = n + 1
    fare = fare + tonumber(ARGV[i + 1])
    duration = duration + tonumber(ARGV[i + 2])
    distance = distance + tonumber(ARGV[i + 3])
  end
end
if n > 0 then
  local count = redis.call('HINCRBY', base, 'count', n)
  redis.call('HINCRBYFLOAT', base, 'fare_sum', string.format('%.17g', fare))
  redis.call('HINCRBYFLOAT', base, 'distance_sum', string.format('%.17g', distance))
  redis.call('HINCRBY', base, 'duration_sum', string.format('%d', duration))
  if count == n then
    -- a new window
    redis.call('HSET', base, 'updated_at', now, 'final', '0', 'pending', '1')
    redis.call('EXPIRE', base, ttl)
    redis.call('EXPIRE', trips, ttl)
  elseif redis.call('HGET', base, 'final') == '1' then
    -- new trips in a window that was final open it again until the watermark passes once more
    redis.call('HDEL', base, 'final_at')
    redis.call('HSET', base, 'updated_at', now, 'final', '0', 'pending', '1')
  else
    redis.call('HSET', base, 'updated_at', now)
  end
end
if redis.call('HGET', base, 'pending') == '1' then
  result[1] = 1
end
return result
