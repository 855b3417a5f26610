"""The Lua scripts that make Redis session writes atomic.

A script runs alone on the server, so checking the version and writing the record, the
transcript, the client message ids and the sweep indexes happen as one step: no other client
can read or write in between, and a refused save writes nothing.

Keys: 1 session hash, 2 transcript (sorted by seq), 3 client message ids, 4 timers index,
5 active-sessions index (by last update), 6 ended-sessions index (by end time), then the
status indexes (by last update): 7 the saved status's, 8 and on the other statuses'. A
successful save is announced as `saved:<id>` on the news channel (the argument after the
messages), so live streams on every node hear of it at once.
"""

from __future__ import annotations

SAVE = """
local current = redis.call('HGET', KEYS[1], 'version')
local expected = tonumber(ARGV[1])
if expected == 0 then
  if current then return 'exists' end
else
  if not current then return 'missing' end
  if tonumber(current) ~= expected then return 'stale:' .. current end
end
local count = tonumber(ARGV[8])
local seen = {}
for i = 0, count - 1 do
  local cid = ARGV[9 + 3 * i]
  if cid ~= '' then
    if seen[cid] or redis.call('HEXISTS', KEYS[3], cid) == 1 then return 'duplicate' end
    seen[cid] = true
  end
end
redis.call('HSET', KEYS[1], 'version', ARGV[2], 'status', ARGV[3], 'updated_at', ARGV[4],
           'record', ARGV[6])
for i = 0, count - 1 do
  local cid = ARGV[9 + 3 * i]
  local seq = ARGV[10 + 3 * i]
  local body = ARGV[11 + 3 * i]
  redis.call('ZADD', KEYS[2], seq, body)
  if cid ~= '' then redis.call('HSET', KEYS[3], cid, body) end
end
if ARGV[5] == '' then
  redis.call('ZREM', KEYS[4], ARGV[7])
else
  redis.call('ZADD', KEYS[4], ARGV[5], ARGV[7])
end
if ARGV[3] == 'ended' then
  redis.call('ZREM', KEYS[5], ARGV[7])
  redis.call('ZADD', KEYS[6], ARGV[4], ARGV[7])
else
  redis.call('ZADD', KEYS[5], ARGV[4], ARGV[7])
  redis.call('ZREM', KEYS[6], ARGV[7])
end
redis.call('ZADD', KEYS[7], ARGV[4], ARGV[7])
for i = 8, #KEYS do redis.call('ZREM', KEYS[i], ARGV[7]) end
local channel = ARGV[9 + 3 * count]
if channel and channel ~= '' then redis.call('PUBLISH', channel, 'saved:' .. ARGV[7]) end
return 'ok'
"""

PURGE = """
local status = redis.call('HGET', KEYS[1], 'status')
local updated = tonumber(redis.call('HGET', KEYS[1], 'updated_at') or '0')
if status and (status ~= 'ended' or updated >= tonumber(ARGV[1])) then return 0 end
redis.call('DEL', KEYS[1], KEYS[2], KEYS[3])
redis.call('ZREM', KEYS[4], ARGV[2])
redis.call('ZREM', KEYS[5], ARGV[2])
for i = 6, #KEYS do redis.call('ZREM', KEYS[i], ARGV[2]) end
if status then return 1 end
return 0
"""
