-- wrk script: what-if requests on renca-solar that are never alike (tilt, azimuth and
-- capacity vary with a per-connection counter), so every one runs the hourly chain and no
-- memo can answer it. Used by tools/speed/load.sh.
local threads = {}
local n = 0

function setup(thread)
  n = n + 1
  thread:set("tid", n)
end

function init(args)
  count = 0
end

function request()
  count = count + 1
  local k = tid * 1000003 + count
  local tilt = 3 + (k * 7919 % 1700) / 100          -- 3.00 to 19.99 deg
  local azimuth = -45 + (k * 104729 % 9000) / 100   -- -45.00 to 44.99 deg
  local capacity = 1.5 + (k % 100000) / 100000      -- 1.50000 to 2.49999 MW
  local body = string.format(
    '{"project":"renca-solar","parameters":{"tilt":"%.2f deg","azimuth":"%.2f deg","capacity":"%.5f MW"}}',
    tilt, azimuth, capacity)
  return wrk.format("POST", "/v1/estimates", {["Content-Type"] = "application/json"}, body)
end
