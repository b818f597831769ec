-- One event into a trip's partial state, atomically. Called pipelined, many per round trip.
-- KEYS[1] trip:{key} (hash: event type -> event JSON, plus _mask), KEYS[2] trip-done:{key},
-- KEYS[3] trip-partials (sorted set: trip key -> time of its last event, for the expiry sweep)
-- ARGV[1] event type, ARGV[2] event JSON, ARGV[3] the type's bit, ARGV[4] required mask, ARGV[5] TTL seconds,
-- ARGV[6] the trip key, ARGV[7] now (epoch millis)
-- Returns {'done'} for a trip already settled (a duplicate or a redelivery), {'partial'}, or
-- {'complete', type1, json1, type2, json2, ...} when the required events are all there.
if redis.call('EXISTS', KEYS[2]) == 1 then
  return {'done'}
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
local mask = bit.bor(tonumber(redis.call('HGET', KEYS[1], '_mask') or '0'), tonumber(ARGV[3]))
redis.call('HSET', KEYS[1], '_mask', mask)
redis.call('EXPIRE', KEYS[1], tonumber(ARGV[5]))
redis.call('ZADD', KEYS[3], tonumber(ARGV[7]), ARGV[6])
local required = tonumber(ARGV[4])
if bit.band(mask, required) ~= required then
  return {'partial'}
end
local result = {'complete'}
local all = redis.call('HGETALL', KEYS[1])
for i = 1, #all, 2 do
  if all[i] ~= '_mask' then
    result[#result + 1] = all[i]
    result[#result + 1] = all[i + 1]
  end
end
return result
