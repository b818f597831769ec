-- Marks one window final (its open set's watermark passed its close time), unless it expired meanwhile (writing
-- would make a hash without a TTL) or is final already (a close retried after a crash keeps the first final_at).
-- KEYS[1] chillflow:win:{zone:day}:size:start; ARGV[1] now_millis. Returns 1 when it became final here.
if redis.call('EXISTS', KEYS[1]) == 1 and redis.call('HGET', KEYS[1], 'final') ~= '1' then
  redis.call('HSET', KEYS[1], 'final', '1', 'final_at', ARGV[1])
  return 1
end
return 0
