// The fleet's one server-side step, model/fleet-budget.ts's recordEnd / decideFleetRetry in Lua, so
// that every client's read-decide-write of a service's window is atomic.
// KEYS[1] the service's hash, KEYS[2] the services seen (a sorted set by last use; absent on a cluster)
// ARGV op (end | retry | read), now in ms ('' = the server's clock), windowMs, ratio, floor, cooldownMs,
//      tripShare, tripMin, service, then for end: first, transient, success (1 or 0); for retry: the
//      category of the failure that asks ('' = none)
// Returns verdict (recorded, granted, probe, budget, circuit), firsts, retries, refused, ended,
// transient (the window's estimates), circuit state, until, now, the window, ratio and floor in force,
// flaky runs, circuit trips, then category, retries asked pairs (the flaky report).
// The hash holds c<count>/p<count> (current and previous bucket) and cc:<category>/pc:<category>.
export const FLEET_SCRIPT = `
local op = ARGV[1]
local now = tonumber(ARGV[2])
if not now then local t = redis.call('TIME'); now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) end
local win, ratio, floor, cool = tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6])
local share, tripMin = tonumber(ARGV[7]), tonumber(ARGV[8])
local names = {'f', 'r', 'x', 'n', 't', 'y', 'o'}
local h = {}
local raw = redis.call('HGETALL', KEYS[1])
for i = 1, #raw, 2 do h[raw[i]] = raw[i + 1] end
-- a reader (xrun fleet) sees the window as the service's writers keep it
if op == 'read' and h.w then win, ratio, floor = tonumber(h.w), tonumber(h.ra), tonumber(h.fl) end
local function num(k) return tonumber(h[k] or '0') end
local b, s, u = tonumber(h.b or '-1'), h.s or 'closed', num('u')
local c, p, cc, pc = {}, {}, {}, {}
for _, k in ipairs(names) do c[k] = num('c' .. k); p[k] = num('p' .. k) end
-- a category's field at 0 is one of a bucket gone (HSET alone, no HDEL: the ACL a fleet user needs stays as it was)
local kept = {}
for k, v in pairs(h) do
  local side, name = string.sub(k, 1, 3), string.sub(k, 4)
  if side == 'cc:' or side == 'pc:' then kept[k] = 0 end
  if side == 'cc:' and tonumber(v) > 0 then cc[name] = tonumber(v) end
  if side == 'pc:' and tonumber(v) > 0 then pc[name] = tonumber(v) end
end
local bucket = math.floor(now / win)
if bucket ~= b then
  for _, k in ipairs(names) do
    if bucket == b + 1 then p[k] = c[k] else p[k] = 0 end
    c[k] = 0
  end
  if bucket == b + 1 then pc = cc else pc = {} end
  cc = {}
  b = bucket
end
local weight = 1 - (now - bucket * win) / win
local function count(k) return c[k] + p[k] * weight end
local circuit = s
if s == 'open' and now >= u then circuit = 'half-open' end
local verdict = 'recorded'
if op == 'end' then
  if ARGV[10] == '1' then c.f = c.f + 1 end
  c.n = c.n + 1
  if ARGV[11] == '1' then c.t = c.t + 1 end
  if ARGV[12] == '1' and ARGV[10] ~= '1' then c.y = c.y + 1 end
  if circuit == 'half-open' and ARGV[12] == '1' then
    s, u = 'closed', 0
    c.n, c.t, p.n, p.t = 0, 0, 0, 0
  elseif circuit == 'half-open' and ARGV[11] == '1' and s == 'half-open' then
    s, u = 'open', now + cool; c.o = c.o + 1
  elseif circuit == 'closed' and count('n') >= tripMin and count('t') >= share * count('n') then
    s, u = 'open', now + cool; c.o = c.o + 1
  end
elseif op == 'retry' then
  local cause = ARGV[10]
  if cause and cause ~= '' then cc[cause] = (cc[cause] or 0) + 1 end
  if circuit == 'open' or (s == 'half-open' and now < u) then
    verdict = 'circuit'; c.x = c.x + 1
  elseif circuit == 'half-open' then
    verdict = 'probe'; s, u = 'half-open', now + cool; c.r = c.r + 1
  elseif count('r') + 1 > ratio * count('f') + floor then
    verdict = 'budget'; c.x = c.x + 1
  else
    verdict = 'granted'; c.r = c.r + 1
  end
end
if op ~= 'read' then
  local fields = {'b', b, 's', s, 'u', u, 'w', win, 'ra', ratio, 'fl', floor}
  for _, k in ipairs(names) do
    table.insert(fields, 'c' .. k); table.insert(fields, c[k])
    table.insert(fields, 'p' .. k); table.insert(fields, p[k])
  end
  for k, v in pairs(cc) do kept['cc:' .. k] = v end
  for k, v in pairs(pc) do kept['pc:' .. k] = v end
  for k, v in pairs(kept) do table.insert(fields, k); table.insert(fields, v) end
  redis.call('HSET', KEYS[1], unpack(fields))
  redis.call('PEXPIRE', KEYS[1], 2 * win + cool)
  if KEYS[2] then
    redis.call('ZADD', KEYS[2], now, ARGV[9])
    redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - 86400000)
    redis.call('PEXPIRE', KEYS[2], 86400000)
  end
end
if not h.b and op == 'read' then return {'none'} end
if s == 'open' and now >= u then s = 'half-open' end
local reply = {verdict, tostring(count('f')), tostring(count('r')), tostring(count('x')), tostring(count('n')), tostring(count('t')), s, tostring(u), tostring(now), tostring(win), tostring(ratio), tostring(floor), tostring(count('y')), tostring(count('o'))}
local causes = {}
for k, v in pairs(pc) do causes[k] = v * weight end
for k, v in pairs(cc) do causes[k] = (causes[k] or 0) + v end
for k, v in pairs(causes) do table.insert(reply, k); table.insert(reply, tostring(v)) end
return reply
`;

// The script's SHA-1, as EVALSHA names it; written out (test/unit/process/fleet/script.test.ts checks
// it) so that a fleet run does not load node:crypto for it.
export const FLEET_SCRIPT_SHA = 'fcd6e13f7a47ecaa1aada96219f75e848c333e85';

// Sends one Redis command (the client's raw sendCommand).
export type SendCommand = (args: string[]) => Promise<unknown>;

// Runs the script by its digest, loading it with EVAL the first time a server has not seen it.
export async function runFleetScript(
  send: SendCommand,
  keys: readonly string[],
  args: readonly string[],
): Promise<string[]> {
  try {
    return (await send(['EVALSHA', FLEET_SCRIPT_SHA, String(keys.length), ...keys, ...args])) as string[];
  } catch (error) {
    if (!(error instanceof Error && error.message.startsWith('NOSCRIPT'))) throw error;
    return (await send(['EVAL', FLEET_SCRIPT, String(keys.length), ...keys, ...args])) as string[];
  }
}
