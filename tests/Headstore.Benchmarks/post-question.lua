-- POST /api/questions as a signed-in customer, a different question each time.
local counter = 0
local token = os.getenv("TOKEN")
request = function()
  counter = counter + 1
  local body = string.format('{"categoryId":"computers-it","title":"Benchmark question number %d about a printer","body":"My printer shows offline after update %d. What should I check?","language":"en"}', counter, counter)
  return wrk.format("POST", "/api/questions", { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token }, body)
end
