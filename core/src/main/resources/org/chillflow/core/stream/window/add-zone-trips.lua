-- Adds a batch's trips to windows of one zone that share a hash tag ({zone:day}: one slot on a Redis Cluster), each
-- trip once per window, then the window's sums, read and written back in one command each. One call for all of them:
-- a trip of an as-fast-as-possible replay is usually alone in each of its windows, and a call per window cost Redis
-- more than the commands it ran. A trip's windows of every size are in the same call, and every call writes all of
-- them, so a trip is in its smallest window exactly when it is in all its windows: the smallest windows come first
-- and decide (one HMGET of the window's trip hash for its trips, one HSET for those it did not have: a redelivered or
-- replayed trip changes nothing), and a larger window takes the trips found new there: their durations (for its
-- percentiles) appended to its durations string with one APPEND, instead of a hash field per trip and window.
-- Only the windows' own keys: the indexes and the open set live in other slots, so a new window, or a final one that
-- new trips open again, is marked 'pending' here and ZoneWindowStore writes those entries next and then clears the
-- mark. A batch retried after a crash between the two finds the mark still set.
-- Redis's time in this script was mostly the interpreter's and the hash fields' (profiled with perf): each
-- redis.call, each ARGV string, each tonumber (a strtod) and each field costs more than the command's own work. So
-- the caller orders the trips so that every window's trips are one run of positions (by open set, then event time:
-- windows are time intervals), a window is sent as its run's first position and length, a trip's numbers are read
-- once, a smallest window costs two commands, not one per trip, and a larger window one.
-- KEYS: per window, chillflow:win:{zone:day}:size:start, then for a window of the smallest size its trip hash (the
-- same with :trips), for a larger one its durations (chillflow:win:durations:{zone:day}:size:start); the smallest
-- size's windows first.
-- ARGV: ttl_seconds, now_millis, the number of trips T, the number of windows of the smallest size S (the first S in
-- KEYS), (trip_id, fare, duration, distance_km) per trip, then per window (in KEYS' order) the position (1..T) of its
-- first trip and the number of its trips; every trip is in one smallest window.
-- Returns, per window in KEYS' order, pending (1/0); then per trip (1..T) 1 when it was new in its smallest window
-- and 0 when it was there already (or came twice in the batch).
local ttl, now = tonumber(ARGV[1]), ARGV[2]
local trips = tonumber(ARGV[3])
local deciding = 2 * tonumber(ARGV[4])
local at = 5 + 4 * trips
local windows = #KEYS / 2
local result = {}
-- by a trip's position: 1 when its smallest window did not have it yet, 0 when it did
local isNew = {}
-- a new trip's fare, duration and distance, read once whatever the number of its windows
local fare, duration, distance = {}, {}, {}
local function read(p)
  local t = 4 * p + 1
  fare[p], duration[p], distance[p] = tonumber(ARGV[t + 1]), tonumber(ARGV[t + 2]), tonumber(ARGV[t + 3])
end
-- one command's fields or names: Lua's unpack takes a few thousand values at most
local CHUNK = 1000
local function hset(key, fields)
  for i = 1, #fields, 2 * CHUNK do
    redis.call('HSET', key, unpack(fields, i, math.min(i + 2 * CHUNK - 1, #fields)))
  end
end
for w = 1, windows do
  local base, second = KEYS[2 * w - 1], KEYS[2 * w]
  result[w] = 0
  local first = tonumber(ARGV[at])
  local last = first + tonumber(ARGV[at + 1]) - 1
  at = at + 2
  local n, fareSum, durationSum, distanceSum = 0, 0, 0, 0
  local fields = {}
  local larger = 2 * w > deciding
  if not larger then
    -- which of its trips the window has: one HMGET per chunk; a trip twice in the batch is new once
    local seen = {}
    for from = first, last, CHUNK do
      local to = math.min(from + CHUNK - 1, last)
      local ids = {}
      for p = from, to do
        ids[#ids + 1] = ARGV[4 * p + 1]
      end
      local had = redis.call('HMGET', second, unpack(ids))
      for p = from, to do
        local id = ARGV[4 * p + 1]
        if had[p - from + 1] or seen[id] then
          isNew[p] = 0
        else
          seen[id] = true
          isNew[p] = 1
          fields[#fields + 1] = id
          fields[#fields + 1] = ARGV[4 * p + 3]
        end
      end
    end
  end
  local durations = {} -- a larger window's new trips' durations
  for p = first, last do
    if isNew[p] == 1 then
      if fare[p] == nil then
        read(p)
      end
      n = n + 1
      fareSum = fareSum + fare[p]
      durationSum = durationSum + duration[p]
      distanceSum = distanceSum + distance[p]
      if larger then
        durations[#durations + 1] = ARGV[4 * p + 3]
      end
    end
  end
  if #fields > 0 then
    hset(second, fields)
  elseif larger and n > 0 then
    -- a string of comma-terminated durations; made here when new, with the window's TTL
    local text = table.concat(durations, ',') .. ','
    if redis.call('APPEND', second, text) == #text then
      redis.call('EXPIRE', second, ttl)
    end
  end
  if n > 0 then
    -- the sums read and written back whole: one HMGET and one HSET replace four increments and two reads
    local h = redis.call('HMGET', base, 'count', 'fare_sum', 'distance_sum', 'duration_sum', 'final', 'pending')
    local total = (tonumber(h[1]) or 0) + n
    local sums = {'count', string.format('%d', total),
      'fare_sum', string.format('%.17g', (tonumber(h[2]) or 0) + fareSum),
      'distance_sum', string.format('%.17g', (tonumber(h[3]) or 0) + distanceSum),
      'duration_sum', string.format('%d', (tonumber(h[4]) or 0) + durationSum),
      'updated_at', now}
    if total == n then
      -- a new window
      table.insert(sums, 'final'); table.insert(sums, '0'); table.insert(sums, 'pending'); table.insert(sums, '1')
      redis.call('HSET', base, unpack(sums))
      redis.call('EXPIRE', base, ttl)
      if not larger then
        redis.call('EXPIRE', second, ttl)
      end
      result[w] = 1
    elseif h[5] == '1' then
      -- new trips in a window that was final open it again until the watermark passes once more
      redis.call('HDEL', base, 'final_at')
      table.insert(sums, 'final'); table.insert(sums, '0'); table.insert(sums, 'pending'); table.insert(sums, '1')
      redis.call('HSET', base, unpack(sums))
      result[w] = 1
    else
      redis.call('HSET', base, unpack(sums))
      if h[6] == '1' then
        result[w] = 1
      end
    end
  elseif redis.call('HGET', base, 'pending') == '1' then
    result[w] = 1
  end
end
for p = 1, trips do
  result[windows + p] = isNew[p] or 0
end
return result
