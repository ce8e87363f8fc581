-- wrk script: requests every page path of one host in turn (the file named after `--`), each thread
-- starting at a different place, so that nginx serves the corpus rather than one cached page.
local paths = {}
local next_index = 1
local thread_counter = 0

function setup(thread)
    thread_counter = thread_counter + 1
    thread:set("offset", thread_counter)
end

function init(args)
    for line in io.lines(args[1]) do
        if #line > 0 then paths[#paths + 1] = line end
    end
    next_index = ((offset or 1) * 7919) % #paths + 1
end

function request()
    local path = paths[next_index]
    next_index = next_index % #paths + 1
    return wrk.format("GET", path)
end
