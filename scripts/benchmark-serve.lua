-- wrk script for scripts/benchmark-serve.sh: one-click POSTs (RFC 8058), each to the next valid
-- token of the list in $TOKENS (one token a line), cycling.
local tokens = {}
for line in io.lines(os.getenv("TOKENS")) do tokens[#tokens + 1] = line end
local counter = 0
local headers = { ["Content-Type"] = "application/x-www-form-urlencoded" }

function init(args)
    counter = math.random(#tokens)
end

function request()
    counter = counter % #tokens + 1
    return wrk.format("POST", "/unsubscribe/" .. tokens[counter], headers, "List-Unsubscribe=One-Click")
end

function done(summary, latency, requests)
    local non2xx = summary.errors.status
    io.write(string.format("errors: connect %d, read %d, write %d, timeout %d, non-2xx %d\n",
        summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout, non2xx))
end
