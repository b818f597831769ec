-- Adds a batch's trips to the windows of one zone that start on one day, each trip once per window: the zone's windows
-- of that day are fields of one hash and their trips members of one set, both with the hash tag {zone:day} (one slot
-- on a Redis Cluster). A trip of an as-fast-as-possible replay is usually alone in each of its windows, and Redis's
-- time in this script went mostly to the interpreter per command and argument (profiled with perf: each redis.call,
-- each ARGV string, each tonumber costs more than the command's own work): with a key per window a call ran about five
-- commands for each of its windows; with one hash a zone and day it runs about six whatever their number.
-- A trip's windows of every size are in the same call, and every call writes all of them, so a trip is in its smallest
-- window exactly when it is in all its windows: the set decides for the smallest windows (member '<start>:<trip id>':
-- one SMISMEMBER for the call's trips, one SADD for the new ones; a redelivered or replayed trip changes nothing), and
-- the larger windows take the trips found new there.
-- The hash's fields, per window ('<size>:<start>', start in epoch seconds): the window's sums as one value
-- 'count,fare_sum,distance_sum,duration_sum,updated_at,final,final_at' (final_at empty while open; one field, read and
-- written back whole), for a window of the smallest size '<size>:<start>:d' its trips' durations, each followed by a
-- comma (its percentiles; a larger window's are those of the smallest windows it is made of, which the reads take from
-- the same hash: written once, not once a size, and a small string rewritten, not a larger window's growing one), and
-- '<size>:<start>:p' = 1 while its index and open-set entries are being written (a new window, or a final one that new
-- trips open again): those entries live in other slots, ZoneWindowStore writes them next and then deletes the mark, so
-- a batch retried after a crash between the two finds the mark still set.
-- The caller orders the trips so that every window's trips are one run of positions (by open set, then event time:
-- windows are time intervals); a window of two open sets comes once per open set, and the second sees the first's
-- writes (the state is kept here by field until the one HSET).
-- KEYS: chillflow:win:{zone:day}, chillflow:win:{zone:day}:trips.
-- ARGV: ttl_seconds, now_millis, the number of trips T, the number of windows of the smallest size S, (trip_id, fare,
-- duration, distance_km) per trip, then per window its field '<size>:<start>', the position (1..T) of its first trip
-- and the number of its trips, the smallest size's S windows first; every trip is in one smallest window.
-- Returns, per window in ARGV's order, pending (1/0); then per trip (1..T) 1 when it was new in its smallest window and
-- 0 when it was there already (or came twice in the batch).
local W, T = KEYS[1], KEYS[2]
local ttl, now = ARGV[1], ARGV[2]
local trips = tonumber(ARGV[3])
local smallest = tonumber(ARGV[4])
local at = 5 + 4 * trips
local windows = (#ARGV - at + 1) / 3
-- one command's values: Lua's unpack takes a few thousand at most
local CHUNK = 1000
local function chunked(command, key, values)
  local replies = {}
  for i = 1, #values, CHUNK do
    local reply = redis.call(command, key, unpack(values, i, math.min(i + CHUNK - 1, #values)))
    if type(reply) == 'table' then
      for j = 1, #reply do
        replies[#replies + 1] = reply[j]
      end
    end
  end
  return replies
end
local function window(w)
  local a = at + 3 * (w - 1)
  local first = tonumber(ARGV[a + 1])
  return ARGV[a], first, first + tonumber(ARGV[a + 2]) - 1
end

-- which trips the smallest windows have
local members = {}
for w = 1, smallest do
  local field, first, last = window(w)
  local start = string.sub(field, string.find(field, ':', 1, true) + 1)
  for p = first, last do
    members[p] = start .. ':' .. ARGV[4 * p + 1]
  end
end
local had = chunked('SMISMEMBER', T, members)
local isNew, seen, fresh = {}, {}, {}
for p = 1, trips do
  local m = members[p]
  if had[p] == 1 or seen[m] then
    isNew[p] = 0
  else
    seen[m] = true
    isNew[p] = 1
    fresh[#fresh + 1] = m
  end
end
if #fresh > 0 then
  chunked('SADD', T, fresh)
end

-- each window's new trips: count, sums, durations (a trip's numbers read once whatever the number of its windows)
local fare, duration, distance = {}, {}, {}
local added = {}
local wanted, index = {}, {} -- the fields to read, and where each window's are among them
for w = 1, windows do
  local field, first, last = window(w)
  local n, fareSum, durationSum, distanceSum, durations = 0, 0, 0, 0, {}
  for p = first, last do
    if isNew[p] == 1 then
      if fare[p] == nil then
        local t = 4 * p + 1
        fare[p], duration[p], distance[p] = tonumber(ARGV[t + 1]), tonumber(ARGV[t + 2]), tonumber(ARGV[t + 3])
      end
      n = n + 1
      fareSum = fareSum + fare[p]
      durationSum = durationSum + duration[p]
      distanceSum = distanceSum + distance[p]
      if w <= smallest then
        durations[#durations + 1] = ARGV[4 * p + 3]
      end
    end
  end
  added[w] = {n, fareSum, durationSum, distanceSum, durations}
  if index[field] == nil then
    index[field] = #wanted + 1
    wanted[#wanted + 1] = field
    wanted[#wanted + 1] = field .. ':p'
    if w <= smallest then
      wanted[#wanted + 1] = field .. ':d'
    end
  end
end
local current = chunked('HMGET', W, wanted)

-- the windows' state by field, as this call leaves it
local state = {}
local result = {}
local created = false
for w = 1, windows do
  local field = window(w)
  local s = state[field]
  if s == nil then
    local i = index[field]
    s = {value = current[i], pending = current[i + 1] == '1', changed = false}
    if w <= smallest then
      s.durations = current[i + 2] or ''
    end
    state[field] = s
  end
  local a = added[w]
  local n = a[1]
  if n > 0 then
    local count, fareSum, distanceSum, durationSum, final = 0, 0, 0, 0, '0'
    if s.value then
      local c, f, d, u, _, fin = string.match(s.value, '^([^,]*),([^,]*),([^,]*),([^,]*),([^,]*),([^,]*),')
      count, fareSum, distanceSum, durationSum, final = tonumber(c), tonumber(f), tonumber(d), tonumber(u), fin
    else
      created = true
    end
    if not s.value or final == '1' then
      -- a new window, or new trips in a final one: open (again) until the watermark passes its close time
      s.pending = true
      s.markPending = true
    end
    s.value = string.format('%d,%.17g,%.17g,%d,%s,0,', count + n, fareSum + a[2], distanceSum + a[4],
      durationSum + a[3], now)
    if w <= smallest then
      s.durations = s.durations .. table.concat(a[5], ',') .. ','
    end
    s.changed = true
  end
  result[w] = s.pending and 1 or 0
end
local writes = {}
for field, s in pairs(state) do
  if s.changed then
    writes[#writes + 1] = field
    writes[#writes + 1] = s.value
    if s.durations then
      writes[#writes + 1] = field .. ':d'
      writes[#writes + 1] = s.durations
    end
    if s.markPending then
      writes[#writes + 1] = field .. ':p'
      writes[#writes + 1] = '1'
    end
  end
end
if #writes > 0 then
  -- pairs: a chunk must not split a field from its value
  for i = 1, #writes, 2 * CHUNK do
    redis.call('HSET', W, unpack(writes, i, math.min(i + 2 * CHUNK - 1, #writes)))
  end
end
if created then
  -- the day's windows expire together, ttl after the newest of them was made (the trips' set with them)
  redis.call('EXPIRE', W, ttl)
  redis.call('EXPIRE', T, ttl)
end
for p = 1, trips do
  result[windows + p] = isNew[p]
end
return result
