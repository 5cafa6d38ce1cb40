-- GET /api/questions/{id} over ids read from the file the seeder wrote.
local ids = {}
for line in io.lines(os.getenv("IDS_FILE")) do ids[#ids + 1] = line end
local counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", "/api/questions/" .. ids[(counter % #ids) + 1])
end
