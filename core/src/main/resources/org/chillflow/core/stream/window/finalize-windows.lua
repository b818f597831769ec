-- Marks windows final (their open set's watermark passed their close time): all the windows of one call share a hash
-- tag ({zone:day}: one slot on a Redis Cluster), so a close makes one call per zone and day instead of one per window
-- (each call cost Redis more than the commands it ran). A window that expired meanwhile is left alone (writing would
-- make a hash without a TTL: an existing window always has its count), and one already final keeps its first final_at
-- (a close retried after a crash).
-- KEYS: chillflow:win:{zone:day}:size:start, one per window; ARGV[1] now_millis.
-- Returns how many became final here.
local made = 0
for i = 1, #KEYS do
  local h = redis.call('HMGET', KEYS[i], 'count', 'final')
  if h[1] and h[2] ~= '1' then
    redis.call('HSET', KEYS[i], 'final', '1', 'final_at', ARGV[1])
    made = made + 1
  end
end
return made
