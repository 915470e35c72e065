#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "delta/log/actions.h"

namespace ingot::delta {

// Commit times made monotonic the way Spark and Kernel do before searching them: each time is
// raised to one more than its predecessor when it is not greater. `times` is in version order.
std::vector<int64_t> MakeMonotonic(std::vector<int64_t> times);

// Time travel by timestamp (PROTOCOL.md "Time travel"): the newest of `versions` (ascending,
// non-empty) whose commit time is <= `timestamp_millis`. `time_of(version)` yields commit times,
// which must be non-decreasing in version; it is called O(log n) times, so it may read files.
// Errors (kInvalidArgument) name `table_name`, the requested time and the available range when
// the time is before the first version's or after the last version's commit time:
//   "timestamp 2018-10-24T21:04:17.999Z (1540415057999) is before the earliest available version
//    0 of table '/t', committed at 2018-10-24T21:14:18.000Z; versions 0 to 2 are available,
//    committed from 2018-10-24T21:14:18.000Z to 2018-10-24T21:54:18.000Z"
Result<int64_t> FindVersionAtTimestamp(const std::vector<int64_t>& versions,
                                       const std::function<Result<int64_t>(int64_t)>& time_of,
                                       int64_t timestamp_millis, std::string_view table_name);

}  // namespace ingot::delta
