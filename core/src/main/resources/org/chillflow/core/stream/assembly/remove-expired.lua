-- Drops an expired partial trip's state once its events are in the dead-letter topic, unless an event arrived
-- since it was read (the trip's _last moved): then the trip lives on. Only the trip's own hash (one slot on a
-- Redis Cluster); PartialTripStore then takes the trip out of trip-partials with remove-partial.lua.
-- KEYS[1] trip:{key}; ARGV[1] the time of its last event read with the events (its score in trip-partials)
local last = redis.call('HGET', KEYS[1], '_last')
if last and tonumber(last) ~= tonumber(ARGV[1]) then
  return 0
end
redis.call('DEL', KEYS[1])
return 1
