-- Marks final the open windows of an open set (a source on one partition) whose close time (end + allowed
-- lateness) its watermark has passed.
-- ARGV: open set (<source>:<partition>), up_to (a score, or +inf), now_millis, limit.
-- Returns {windows closed, the highest close time among them (or false)}.
local open = 'chillflow:win:open:' .. ARGV[1]
local members = redis.call('ZRANGEBYSCORE', open, '-inf', ARGV[2], 'WITHSCORES', 'LIMIT', 0, tonumber(ARGV[4]))
local highest = false
for i = 1, #members, 2 do
  local key = 'chillflow:win:' .. members[i]
  if redis.call('EXISTS', key) == 1 then
    redis.call('HSET', key, 'final', '1', 'final_at', ARGV[3])
  end
  redis.call('ZREM', open, members[i])
  highest = members[i + 1]
end
return {#members / 2, highest}
