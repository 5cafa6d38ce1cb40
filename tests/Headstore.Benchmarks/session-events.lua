-- Call events through the local call sandbox: each request moves one session's expert off or back onto the call, so
-- every request is one new ParticipantsUpdated event through the same handler as ACS callbacks (a write of the
-- session). Each wrk thread owns its own share of the sessions, so two requests never race for one session.
local threads = 0
setup = function(thread)
  thread:set("tid", threads)
  threads = threads + 1
end

local mine = {}
local counter = 0
init = function()
  local count = tonumber(os.getenv("THREADS") or "1")
  local index = 0
  for line in io.lines(os.getenv("SESSIONS_FILE")) do
    local id, customer, expert = line:match("(%S+) (%S+) (%S+)")
    if index % count == tid then
      mine[#mine + 1] = { id = id, expert = expert, away = false }
    end
    index = index + 1
  end
end

request = function()
  counter = counter + 1
  local s = mine[(counter % #mine) + 1]
  s.away = not s.away
  local action = s.away and "leave" or "join"
  return wrk.format("POST", "/api/local-calls/" .. s.id .. "/" .. action,
    { ["Authorization"] = "Bearer " .. s.expert, ["Content-Type"] = "application/json" }, '{"participant":"expert"}')
end
