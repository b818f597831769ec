-- One event into a trip's partial state, atomically. Called pipelined, many per round trip.
-- KEYS[1] trip:{key} (hash: event type -> event JSON, plus _mask and _last), KEYS[2] trip-done:{key}: both carry
-- the trip key as their hash tag, so on a Redis Cluster they live in one slot (the script touches nothing else).
-- ARGV[1] event type, ARGV[2] event JSON, ARGV[3] the type's bit, ARGV[4] required mask, ARGV[5] TTL seconds,
-- ARGV[6] now (epoch millis): kept as _last, the score PartialTripStore then gives the trip in trip-partials
-- Returns {'done'} for a trip already settled (a duplicate or a redelivery), {'partial'}, or
-- {'complete', type1, json1, type2, json2, ...} when the required events are all there.
if redis.call('EXISTS', KEYS[2]) == 1 then
  return {'done'}
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2], '_last', ARGV[6])
local mask = bit.bor(tonumber(redis.call('HGET', KEYS[1], '_mask') or '0'), tonumber(ARGV[3]))
redis.call('HSET', KEYS[1], '_mask', mask)
redis.call('EXPIRE', KEYS[1], tonumber(ARGV[5]))
local required = tonumber(ARGV[4])
if bit.band(mask, required) ~= required then
  return {'partial'}
end
local result = {'complete'}
local all = redis.call('HGETALL', KEYS[1])
for i = 1, #all, 2 do
  if string.sub(all[i], 1, 1) ~= '_' then
    result[#result + 1] = all[i]
    result[#result + 1] = all[i + 1]
  end
end
return result
