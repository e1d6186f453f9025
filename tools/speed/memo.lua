-- wrk script: the documented renca-solar estimate, unchanged (answered from the memo).
wrk.method = "POST"
wrk.path = "/v1/estimates"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"project":"renca-solar"}'
