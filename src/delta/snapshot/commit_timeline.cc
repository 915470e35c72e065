#include "delta/snapshot/commit_timeline.h"

#include <string>

#include "common/clock.h"
#include "common/macros.h"
#include "delta/log/actions_codec.h"
#include "delta/txn/log_store.h"

namespace ingot::delta {

std::vector<int64_t> MakeMonotonic(std::vector<int64_t> times) {
  for (size_t i = 1; i < times.size(); ++i) {
    if (times[i] <= times[i - 1]) times[i] = times[i - 1] + 1;
  }
  return times;
}

Result<int64_t> FindVersionAtTimestamp(const std::vector<int64_t>& versions,
                                       const std::function<Result<int64_t>(int64_t)>& time_of,
                                       int64_t timestamp_millis, std::string_view table_name) {
  if (versions.empty()) {
    return Status::NotFound("table '", table_name, "' has no version to travel to");
  }
  int64_t first = versions.front();
  int64_t last = versions.back();
  INGOT_ASSIGN_OR_RAISE(int64_t first_time, time_of(first));
  INGOT_ASSIGN_OR_RAISE(int64_t last_time, time_of(last));
  auto available = [&]() {
    return ::ingot::internal::StrCat(
        "; versions ", first, " to ", last, " are available, committed from ",
        FormatIso8601Millis(first_time), " to ", FormatIso8601Millis(last_time));
  };
  std::string requested =
      ::ingot::internal::StrCat(FormatIso8601Millis(timestamp_millis), " (", timestamp_millis, ")");
  if (timestamp_millis < first_time) {
    return Status::InvalidArgument(
        "timestamp ", requested, " is before the earliest available version ", first, " of table '",
        table_name, "', committed at ", FormatIso8601Millis(first_time), available());
  }
  if (timestamp_millis > last_time) {
    return Status::InvalidArgument("timestamp ", requested, " is after the latest version ", last,
                                   " of table '", table_name, "', committed at ",
                                   FormatIso8601Millis(last_time), available());
  }
  // Invariant: time(versions[low]) <= T; the answer lies in [low, high].
  size_t low = 0;
  size_t high = versions.size() - 1;
  if (last_time <= timestamp_millis) low = high;
  while (low < high) {
    size_t mid = low + (high - low + 1) / 2;
    INGOT_ASSIGN_OR_RAISE(int64_t mid_time, time_of(versions[mid]));
    if (mid_time <= timestamp_millis) {
      low = mid;
    } else {
      high = mid - 1;
    }
  }
  return versions[low];
}

}  // namespace ingot::delta
