-- Drops an expired partial trip once its events are in the dead-letter topic, unless an event arrived since
-- it was read (its score in trip-partials moved): then the trip lives on.
-- KEYS[1] trip:{key}, KEYS[2] trip-partials; ARGV[1] the trip key, ARGV[2] the score read with the events
local score = redis.call('ZSCORE', KEYS[2], ARGV[1])
if score and tonumber(score) ~= tonumber(ARGV[2]) then
  return 0
end
redis.call('DEL', KEYS[1])
redis.call('ZREM', KEYS[2], ARGV[1])
return 1
