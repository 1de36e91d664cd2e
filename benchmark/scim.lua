-- The SCIM load of one benchmark phase, for wrk (https://github.com/wg/wrk). benchmark/run sets:
--   BENCH_PHASE    create | get | filter | deactivate | entra | group-members | group-lookup
--   BENCH_TARGETS  "slug:token slug:token ...": the tenants, taken in turn request after request
--   BENCH_OUT      where created users are noted (users-<slug>-<thread>.txt: "id userName" lines)
--                  and read from (users-<slug>.txt) by the read and deactivate phases
--   BENCH_RUN      a word that makes this run's userNames new
--   BENCH_COUNT    create: stop after this many users in all (0: until the duration ends)
--   BENCH_THREADS  wrk's -t, to split BENCH_COUNT and the users between threads
--   BENCH_GROUP    group-members: the id of the group that PATCHes add members to (of the first tenant);
--                  group-lookup: the displayName it looks up
--   BENCH_MEMBERS  group-members: the file of the user ids to add (one a line), each once
--   BENCH_BATCH    group-members: member values per PATCH (1000); thread k sends batches k, k + threads, ...
--   BENCH_TICKS    1: the creates answered 201 in each second, noted in BENCH_OUT/ticks-<thread>.txt
--                  ("<epoch second> <count>" lines; a second without any answer has none)
-- A thread that has sent its share (create with a count, deactivate) notes it in BENCH_OUT/finished-<n>.

local phase = os.getenv("BENCH_PHASE")
local out = os.getenv("BENCH_OUT")
local run = os.getenv("BENCH_RUN") or "run"
local threadCount = tonumber(os.getenv("BENCH_THREADS") or "1")
local count = tonumber(os.getenv("BENCH_COUNT") or "0")
local group = os.getenv("BENCH_GROUP")
local batch = tonumber(os.getenv("BENCH_BATCH") or "1000")

local tenants = {}
for slug, token in string.gmatch(os.getenv("BENCH_TARGETS") or "", "([%w-]+):(%S+)") do
  table.insert(tenants, { slug = slug, base = "/api/" .. slug .. "/scim/v2", auth = "Bearer " .. token })
end

local scimJson = "application/scim+json"
local issued = 0
-- globals, so that done() can read them from each thread (thread:get)
answered, share = 0, 0
local users = {}       -- per tenant: list of {id, userName}, for the read and deactivate phases
local members = {}     -- group-members: the user ids to add
local notes = {}       -- per tenant: file noting created users

-- threadNumber: a global of each thread's script, 1..threads, set here before the thread starts
local threads = {}
function setup(thread)
  table.insert(threads, thread)
  thread:set("threadNumber", #threads)
end

local function userNameOf(n)
  return string.format("bench-%s-%d-%d@example.com", run, threadNumber, n)
end

local function createBody(userName)
  return '{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"' .. userName ..
      '","externalId":"' .. userName .. '","displayName":"Bench User","name":{"givenName":"Bench","familyName":"User"},' ..
      '"emails":[{"value":"' .. userName .. '","type":"work","primary":true}],"active":true}'
end

local function create(tenant, userName)
  return wrk.format("POST", tenant.base .. "/Users",
      { ["Authorization"] = tenant.auth, ["Content-Type"] = scimJson }, createBody(userName))
end

local function lookup(tenant, userName)
  return wrk.format("GET", tenant.base .. "/Users?filter=userName%20eq%20%22" .. userName .. "%22",
      { ["Authorization"] = tenant.auth })
end

local function loadUsers(tenant)
  local list = {}
  for line in io.lines(out .. "/users-" .. tenant.slug .. ".txt") do
    local id, userName = string.match(line, "^(%S+) (%S+)$")
    table.insert(list, { id = id, userName = userName })
  end
  return list
end

function init(args)
  -- wrk calls request() once on the first thread to check it, before the thread runs: that request is never
  -- sent, so it is this thread's request number 0 and the requests sent are numbered from 1
  if threadNumber == 1 then
    issued = -1
  end
  if phase == "get" or phase == "filter" or phase == "deactivate" then
    for i, tenant in ipairs(tenants) do
      users[i] = loadUsers(tenant)
    end
  end
  if phase == "create" and count > 0 then
    share = math.ceil(count / threadCount)
  elseif phase == "deactivate" then
    -- each user once: thread k takes users k, k + threads, ...
    for i in ipairs(tenants) do
      share = share + math.ceil((#users[i] - threadNumber + 1) / threadCount)
    end
  elseif phase == "group-members" then
    for line in io.lines(os.getenv("BENCH_MEMBERS")) do
      table.insert(members, line)
    end
    -- each batch once: thread k takes batches k, k + threads, ... (benchmark/run gives every thread one at least)
    share = math.ceil((math.ceil(#members / batch) - threadNumber + 1) / threadCount)
  end
end

-- the PATCH adding the b-th batch of members (from 0), in Entra's dialect
local function addMembers(tenant, b)
  local values = {}
  for i = b * batch + 1, math.min((b + 1) * batch, #members) do
    values[#values + 1] = '{"value":"' .. members[i] .. '"}'
  end
  return wrk.format("PATCH", tenant.base .. "/Groups/" .. group,
      { ["Authorization"] = tenant.auth, ["Content-Type"] = scimJson },
      '{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],' ..
      '"Operations":[{"op":"Add","path":"members","value":[' .. table.concat(values, ",") .. ']}]}')
end

-- the n-th request of this thread: tenants in turn, each tenant's users from this thread's offset
local function pick(n)
  local tenant = ((n - 1) % #tenants) + 1
  local list = users[tenant]
  local index = ((threadNumber - 1 + math.floor((n - 1) / #tenants) * threadCount) % #list) + 1
  return tenants[tenant], list[index]
end

function request()
  issued = issued + 1
  local n = issued
  if share > 0 and n > share then
    -- the thread's share is sent; keep the connection busy with a cheap request until the last answers arrive
    return wrk.format("GET", tenants[1].base .. "/ServiceProviderConfig", { ["Authorization"] = tenants[1].auth })
  end
  if phase == "create" then
    return create(tenants[((n - 1) % #tenants) + 1], userNameOf(n))
  elseif phase == "get" then
    local tenant, user = pick(n)
    return wrk.format("GET", tenant.base .. "/Users/" .. user.id, { ["Authorization"] = tenant.auth })
  elseif phase == "filter" then
    local tenant, user = pick(n)
    return lookup(tenant, user.userName)
  elseif phase == "deactivate" then
    local tenant, user = pick(n)
    return wrk.format("PATCH", tenant.base .. "/Users/" .. user.id,
        { ["Authorization"] = tenant.auth, ["Content-Type"] = scimJson },
        '{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],' ..
        '"Operations":[{"op":"Replace","path":"active","value":"False"}]}')
  elseif phase == "entra" then
    -- Entra's cycle for a new user: look it up by userName, then create it
    local user = math.floor((n + 1) / 2)
    local tenant = tenants[((user - 1) % #tenants) + 1]
    if n % 2 == 1 then
      return lookup(tenant, userNameOf(user))
    end
    return create(tenant, userNameOf(user))
  elseif phase == "group-members" then
    -- (request 0, wrk's check before the thread runs, is never sent: it builds the first batch's)
    return addMembers(tenants[1], (threadNumber - 1) + (math.max(n, 1) - 1) * threadCount)
  elseif phase == "group-lookup" then
    -- Entra's lookup of a group before it creates or updates one: by displayName, without the members
    local tenant = tenants[((n - 1) % #tenants) + 1]
    return wrk.format("GET", tenant.base .. "/Groups?excludedAttributes=members&filter=displayName%20eq%20%22" ..
        group .. "%22", { ["Authorization"] = tenant.auth })
  end
  error("unknown BENCH_PHASE " .. tostring(phase))
end

local function note(body)
  local slug, id = string.match(body, '/api/([%w-]+)/scim/v2/Users/([%w-]+)"')
  local userName = string.match(body, '"userName":"([^"]+)"')
  if slug and id and userName then
    if not notes[slug] then
      notes[slug] = io.open(out .. "/users-" .. slug .. "-" .. threadNumber .. ".txt", "a")
      notes[slug]:setvbuf("line")
    end
    notes[slug]:write(id, " ", userName, "\n")
  end
end

-- BENCH_TICKS: a second's count is noted by the first answer of a later second
local ticks = os.getenv("BENCH_TICKS") == "1"
local tickSecond, tickCount, tickFile = nil, 0, nil
local function tick(status)
  local now = os.time()
  if now ~= tickSecond then
    if tickSecond then
      if not tickFile then
        tickFile = io.open(out .. "/ticks-" .. threadNumber .. ".txt", "a")
        tickFile:setvbuf("line")
      end
      tickFile:write(tickSecond, " ", tickCount, "\n")
    end
    tickSecond, tickCount = now, 0
  end
  if status == 201 then
    tickCount = tickCount + 1
  end
end

if phase == "create" or phase == "entra" or phase == "deactivate" or phase == "group-members" then
  function response(status, headers, body)
    if ticks then
      tick(status)
    end
    if share > 0 and string.find(body, ":ServiceProviderConfig\"", 1, true) then
      return -- the answer to a cheap request sent after the share: not one of the phase's requests
    end
    answered = answered + 1
    if status == 201 then
      note(body)
    end
    if share > 0 and answered == share then
      -- wrk itself runs until its duration ends: benchmark/run stops it once every thread has said so
      io.open(out .. "/finished-" .. threadNumber, "w"):close()
      wrk.thread:stop()
    end
  end
end

function done(summary, latency, requests)
  local errors = summary.errors
  -- a phase with a share per thread counts the answers to its own requests, not the cheap ones after the share
  local answers, counted = 0, false
  for _, thread in ipairs(threads) do
    if (thread:get("share") or 0) > 0 then
      counted = true
    end
    answers = answers + (thread:get("answered") or 0)
  end
  io.write(string.format("RESULT requests=%d seconds=%.3f p50=%.2f p99=%.2f max=%.2f errors=%d\n",
      counted and answers or summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000,
      latency:percentile(99) / 1000, latency.max / 1000, errors.status + errors.connect + errors.read + errors.write + errors.timeout))
end
