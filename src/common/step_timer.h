#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace ingot {

// Logs at debug level (INGOT_LOG_LEVEL=debug) how long each step of a job took, wall and CPU
// (user + system, every thread of the process):
//   "<message> table=silver.orders step=read seconds=1.234 cpu_seconds=2.100"
// Costs nothing beyond two clock reads per step when debug logging is off.
class StepTimer {
 public:
  // `message` names the job ("pipeline step", "merge step"), `table` what it works on.
  StepTimer(std::string message, std::string table);
  // Logs the time since the previous Done (or the construction) under `step`.
  void Done(const char* step);

 private:
  std::string message_;
  std::string table_;
  std::chrono::steady_clock::time_point last_;
  int64_t last_cpu_micros_;
};

}  // namespace ingot
