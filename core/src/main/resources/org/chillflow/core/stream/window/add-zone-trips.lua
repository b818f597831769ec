-- Adds a batch's trips to windows of one zone that share a hash tag ({zone:day}: one slot on a Redis Cluster), each
-- trip once per window, then the window's sums, read and written back in one command each. One call for all of them:
-- a trip of an as-fast-as-possible replay is usually alone in each of its windows, and a call per window cost Redis
-- more than the commands it ran. A trip's windows of every size are in the same call, and every call writes all of
-- them, so a trip is in its smallest window exactly when it is in all its windows: the smallest windows come first
-- and decide, trip by trip (HSETNX on the window's trip hash: a redelivered or replayed trip changes nothing), and a
-- larger window takes the trips found new there with one HSET for all of them instead of one HSETNX per trip. Only
-- the windows' own keys: the indexes and the open set live in other slots, so a new window, or a final one that new
-- trips open again, is marked 'pending' here and ZoneWindowStore writes those entries next and then clears the mark. A
-- batch retried after a crash between the two finds the mark still set.
-- KEYS: per window, chillflow:win:{zone:day}:size:start and the same with :trips; the smallest size's windows first.
-- ARGV: ttl_seconds, now_millis, the number of trips T, the number of windows of the smallest size S (the first S in
-- KEYS), (trip_id, fare, duration, distance_km) per trip, then per window (in KEYS' order) the number of its trips
-- and their positions (1..T) among the T.
-- Returns, per window in KEYS' order: pending (1/0), then per trip of the window 1 when it was new in the window
-- and 0 when it was there already.
local ttl, now = tonumber(ARGV[1]), ARGV[2]
local deciding = 2 * tonumber(ARGV[4])
local at = 5 + 4 * tonumber(ARGV[3])
local result = {}
-- by a trip's position: 1 when its smallest window did not have it yet, 0 when it did
local isNew = {}
-- one HSET's fields: Lua's unpack takes a few thousand values at most
local HSET_PAIRS = 1000
for w = 1, #KEYS, 2 do
  local base, trips = KEYS[w], KEYS[w + 1]
  local pendingAt = #result + 1
  result[pendingAt] = 0
  local n, fare, duration, distance = 0, 0, 0, 0
  local count = tonumber(ARGV[at])
  at = at + 1
  local fields = {}
  for _ = 1, count do
    local p = tonumber(ARGV[at])
    local t = 4 * p + 1
    at = at + 1
    local a
    if w <= deciding then
      a = redis.call('HSETNX', trips, ARGV[t], ARGV[t + 2])
      isNew[p] = a
    else
      a = isNew[p]
      if a == nil then
        -- not in a smallest window of this call (the caller always sends them): decided here, as there
        a = redis.call('HSETNX', trips, ARGV[t], ARGV[t + 2])
      elseif a == 1 then
        fields[#fields + 1] = ARGV[t]
        fields[#fields + 1] = ARGV[t + 2]
        if #fields == 2 * HSET_PAIRS then
          redis.call('HSET', trips, unpack(fields))
          fields = {}
        end
      end
    end
    result[#result + 1] = a
    if a == 1 then
      n = n + 1
      fare = fare + tonumber(ARGV[t + 1])
      duration = duration + tonumber(ARGV[t + 2])
      distance = distance + tonumber(ARGV[t + 3])
    end
  end
  if #fields > 0 then
    redis.call('HSET', trips, unpack(fields))
  end
  if n > 0 then
    -- the sums read and written back whole: Lua's redis.call costs Redis several microseconds each, more than the
    -- command itself, and one HMGET and one HSET replace four increments and two reads
    local h = redis.call('HMGET', base, 'count', 'fare_sum', 'distance_sum', 'duration_sum', 'final', 'pending')
    local total = (tonumber(h[1]) or 0) + n
    local sums = {'count', string.format('%d', total),
      'fare_sum', string.format('%.17g', (tonumber(h[2]) or 0) + fare),
      'distance_sum', string.format('%.17g', (tonumber(h[3]) or 0) + distance),
      'duration_sum', string.format('%d', (tonumber(h[4]) or 0) + duration),
      'updated_at', now}
    if total == n then
      -- a new window
      table.insert(sums, 'final'); table.insert(sums, '0'); table.insert(sums, 'pending'); table.insert(sums, '1')
      redis.call('HSET', base, unpack(sums))
      redis.call('EXPIRE', base, ttl)
      redis.call('EXPIRE', trips, ttl)
      result[pendingAt] = 1
    elseif h[5] == '1' then
      -- new trips in a window that was final open it again until the watermark passes once more
      redis.call('HDEL', base, 'final_at')
      table.insert(sums, 'final'); table.insert(sums, '0'); table.insert(sums, 'pending'); table.insert(sums, '1')
      redis.call('HSET', base, unpack(sums))
      result[pendingAt] = 1
    else
      redis.call('HSET', base, unpack(sums))
      if h[6] == '1' then
        result[pendingAt] = 1
      end
    end
  elseif redis.call('HGET', base, 'pending') == '1' then
    result[pendingAt] = 1
  end
end
return result
