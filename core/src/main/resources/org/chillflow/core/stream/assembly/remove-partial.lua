-- Takes a trip out of the expiry index unless an event moved its score since it was read (an event that arrived
-- after remove-expired.lua dropped the old state starts the trip anew, and keeps its entry).
-- KEYS[1] trip-partials; ARGV[1] the trip key, ARGV[2] the score read
local score = redis.call('ZSCORE', KEYS[1], ARGV[1])
if score and tonumber(score) == tonumber(ARGV[2]) then
  redis.call('ZREM', KEYS[1], ARGV[1])
end
return 1
