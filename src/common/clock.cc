#include "common/clock.h"

#include <ctime>
#include <string>
#include <thread>

namespace ingot {

Clock* SystemClock::Default() {
  static SystemClock clock;
  return &clock;
}

int64_t SystemClock::NowMillis() const {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

int64_t SystemClock::NowMicros() const {
  using namespace std::chrono;
  return duration_cast<microseconds>(system_clock::now().time_since_epoch()).count();
}

int64_t SystemClock::MonotonicNanos() const {
  using namespace std::chrono;
  return duration_cast<nanoseconds>(steady_clock::now().time_since_epoch()).count();
}

void SystemClock::SleepMillis(int64_t millis) {
  std::this_thread::sleep_for(std::chrono::milliseconds(millis));
}

std::string FormatIso8601Millis(int64_t epoch_millis) {
  int64_t secs = epoch_millis / 1000;
  int64_t ms = epoch_millis % 1000;
  if (ms < 0) {
    ms += 1000;
    secs -= 1;
  }
  time_t t = static_cast<time_t>(secs);
  struct tm tm_utc;
  gmtime_r(&t, &tm_utc);
  char buf[40];
  size_t n = strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%S", &tm_utc);
  std::string out(buf, n);
  char frac[8];
  snprintf(frac, sizeof(frac), ".%03dZ", static_cast<int>(ms));
  out += frac;
  return out;
}

}  // namespace ingot
