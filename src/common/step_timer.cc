#include "common/step_timer.h"

#include <cstdio>
#include <utility>

#include <sys/resource.h>

#include "common/logging.h"

namespace ingot {
namespace {

int64_t CpuMicros() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto micros = [](const timeval& t) { return int64_t{t.tv_sec} * 1000000 + t.tv_usec; };
  return micros(usage.ru_utime) + micros(usage.ru_stime);
}

std::string Seconds(double seconds) {
  char text[32];
  std::snprintf(text, sizeof(text), "%.3f", seconds);
  return text;
}

}  // namespace

StepTimer::StepTimer(std::string message, std::string table)
    : message_(std::move(message)),
      table_(std::move(table)),
      last_(std::chrono::steady_clock::now()),
      last_cpu_micros_(CpuMicros()) {}

void StepTimer::Done(const char* step) {
  if (!Logger::Enabled(LogLevel::kDebug)) return;
  auto now = std::chrono::steady_clock::now();
  int64_t cpu = CpuMicros();
  Logger::Log(LogLevel::kDebug, message_,
              {{"table", table_},
               {"step", step},
               {"seconds", Seconds(std::chrono::duration<double>(now - last_).count())},
               {"cpu_seconds", Seconds(static_cast<double>(cpu - last_cpu_micros_) / 1e6)}});
  last_ = now;
  last_cpu_micros_ = cpu;
}

}  // namespace ingot
