-- GET /api/questions/similar with varied phrases.
local phrases = { "printer%20shows%20offline", "boiler%20no%20hot%20water", "tenancy%20deposit%20landlord%20refuses", "laptop%20keeps%20disconnecting%20wifi",
  "puppy%20not%20eating", "VAT%20registration%20threshold%20reached", "gearbox%20grinding%20noise", "roof%20tiles%20leaking%20water",
  "Excel%20crashes%20on%20start", "rental%20income%20allowable%20expenses", "older%20cat%20drinking%20more%20water", "clutch%20slipping" }
local counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", "/api/questions/similar?q=" .. phrases[(counter % #phrases) + 1])
end
