#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

namespace ingot {

// Wall-clock time, injectable so that code stamping commits, events and retention can be tested
// deterministically. Implementations are thread-safe.
class Clock {
 public:
  virtual ~Clock() = default;
  // Milliseconds since the Unix epoch.
  virtual int64_t NowMillis() const = 0;
  // Microseconds since the Unix epoch.
  virtual int64_t NowMicros() const = 0;
  // Monotonic nanoseconds, for measuring durations only.
  virtual int64_t MonotonicNanos() const = 0;
  // Blocks the caller for the given time (a ManualClock advances instead).
  virtual void SleepMillis(int64_t millis) = 0;
};

// The real clock. Default() is a process-wide instance.
class SystemClock final : public Clock {
 public:
  static Clock* Default();
  int64_t NowMillis() const override;
  int64_t NowMicros() const override;
  int64_t MonotonicNanos() const override;
  void SleepMillis(int64_t millis) override;
};

// A clock that only moves when told to. SleepMillis advances it.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(int64_t start_micros = 0) : micros_(start_micros) {}
  int64_t NowMillis() const override { return micros_.load() / 1000; }
  int64_t NowMicros() const override { return micros_.load(); }
  int64_t MonotonicNanos() const override { return micros_.load() * 1000; }
  void SleepMillis(int64_t millis) override { AdvanceMicros(millis * 1000); }
  void AdvanceMicros(int64_t micros) { micros_ += micros; }
  void SetMicros(int64_t micros) { micros_ = micros; }

 private:
  std::atomic<int64_t> micros_;
};

// Formats epoch milliseconds as ISO-8601 UTC with millisecond precision
// ("2026-11-21T23:40:59.123Z").
std::string FormatIso8601Millis(int64_t epoch_millis);

}  // namespace ingot
