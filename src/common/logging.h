#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

namespace ingot {

enum class LogLevel : int { kDebug = 0, kInfo = 1, kWarn = 2, kError = 3, kOff = 4 };
enum class LogFormat : int { kText = 0, kJson = 1 };

// One structured field of a log line: key and already-formatted value.
using LogField = std::pair<std::string_view, std::string>;

// Process-wide logger writing one line per event to stderr. Thread-safe.
// Text:  2026-11-21T23:40:59.123Z INFO  committed table=/t version=3
// JSON:
// {"ts":"2026-11-21T23:40:59.123Z","level":"info","msg":"committed","table":"/t","version":"3"}
class Logger {
 public:
  static void SetLevel(LogLevel level);
  static LogLevel level();
  static void SetFormat(LogFormat format);
  static LogFormat format();
  // Reads INGOT_LOG_LEVEL (debug|info|warn|error|off) and INGOT_LOG_FORMAT (text|json).
  // Unknown values are ignored (the defaults, warn and text, stay).
  static void ConfigureFromEnvironment();
  static bool Enabled(LogLevel level) { return level >= Logger::level(); }
  static void Log(LogLevel level, std::string_view message,
                  std::initializer_list<LogField> fields = {});
  // Redirects output (tests); nullptr restores stderr. The callback receives whole lines.
  using Sink = void (*)(const std::string& line);
  static void SetSinkForTesting(Sink sink);
};

// Parses "debug", "info", "warn"/"warning", "error", "off". Returns false when unknown.
bool ParseLogLevel(std::string_view text, LogLevel* level);

}  // namespace ingot

#define INGOT_LOG(level, ...)                                      \
  do {                                                             \
    if (::ingot::Logger::Enabled(::ingot::LogLevel::level)) {      \
      ::ingot::Logger::Log(::ingot::LogLevel::level, __VA_ARGS__); \
    }                                                              \
  } while (false)
