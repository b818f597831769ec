-- Marks windows final (their open set's watermark passed their close time): the windows of one call are fields of one
-- hash, a zone's windows that start on one day ({zone:day}: one slot on a Redis Cluster), so a close costs one HMGET
-- and one HSET per zone and day whatever the number of its windows. A window that expired meanwhile is left alone (its
-- field is gone with its day's hash: writing it would make a hash without a TTL), and one already final keeps its first
-- final_at (a close retried after a crash).
-- KEYS: chillflow:win:{zone:day}; ARGV: now_millis, then the windows' fields '<size>:<start>' (add-zone-trips.lua says
-- what their value holds: 'count,fare_sum,distance_sum,duration_sum,updated_at,final,final_at').
-- Returns how many became final here.
local W = KEYS[1]
local CHUNK = 1000
local made = 0
for i = 2, #ARGV, CHUNK do
  local fields = {}
  for j = i, math.min(i + CHUNK - 1, #ARGV) do
    fields[#fields + 1] = ARGV[j]
  end
  local values = redis.call('HMGET', W, unpack(fields))
  local writes = {}
  for j = 1, #fields do
    local v = values[j]
    if v then
      local sums, final = string.match(v, '^(.*),([01]),%d*$')
      if final == '0' then
        writes[#writes + 1] = fields[j]
        writes[#writes + 1] = sums .. ',1,' .. ARGV[1]
        made = made + 1
      end
    end
  end
  if #writes > 0 then
    redis.call('HSET', W, unpack(writes))
  end
end
return made
