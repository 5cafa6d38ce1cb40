-- GET /api/sessions/{id}/meter as each session's customer, round-robin over the set-up sessions.
local threads = 0
setup = function(thread)
  thread:set("tid", threads)
  threads = threads + 1
end

local sessions = {}
local counter = 0
init = function()
  for line in io.lines(os.getenv("SESSIONS_FILE")) do
    local id, customer = line:match("(%S+) (%S+)")
    sessions[#sessions + 1] = { id = id, customer = customer }
  end
  counter = tid * 499
end

request = function()
  counter = counter + 1
  local s = sessions[(counter % #sessions) + 1]
  return wrk.format("GET", "/api/sessions/" .. s.id .. "/meter", { ["Authorization"] = "Bearer " .. s.customer })
end
