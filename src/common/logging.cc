#include "common/logging.h"

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <mutex>

#include <nlohmann/json.hpp>

#include "common/clock.h"

namespace ingot {
namespace {

std::atomic<int> g_level{static_cast<int>(LogLevel::kWarn)};
std::atomic<int> g_format{static_cast<int>(LogFormat::kText)};
std::atomic<Logger::Sink> g_sink{nullptr};
std::mutex g_write_mutex;

std::string_view LevelName(LogLevel level) {
  switch (level) {
    case LogLevel::kDebug:
      return "debug";
    case LogLevel::kInfo:
      return "info";
    case LogLevel::kWarn:
      return "warn";
    case LogLevel::kError:
      return "error";
    case LogLevel::kOff:
      return "off";
  }
  return "unknown";
}

bool NeedsQuoting(const std::string& value) {
  if (value.empty()) return true;
  for (char c : value) {
    if (c == ' ' || c == '"' || c == '=' || static_cast<unsigned char>(c) < 0x20) return true;
  }
  return false;
}

}  // namespace

void Logger::SetLevel(LogLevel level) { g_level = static_cast<int>(level); }
LogLevel Logger::level() { return static_cast<LogLevel>(g_level.load()); }
void Logger::SetFormat(LogFormat format) { g_format = static_cast<int>(format); }
LogFormat Logger::format() { return static_cast<LogFormat>(g_format.load()); }
void Logger::SetSinkForTesting(Sink sink) { g_sink = sink; }

bool ParseLogLevel(std::string_view text, LogLevel* level) {
  if (text == "debug") {
    *level = LogLevel::kDebug;
  } else if (text == "info") {
    *level = LogLevel::kInfo;
  } else if (text == "warn" || text == "warning") {
    *level = LogLevel::kWarn;
  } else if (text == "error") {
    *level = LogLevel::kError;
  } else if (text == "off") {
    *level = LogLevel::kOff;
  } else {
    return false;
  }
  return true;
}

void Logger::ConfigureFromEnvironment() {
  if (const char* level_env = std::getenv("INGOT_LOG_LEVEL")) {
    LogLevel level;
    if (ParseLogLevel(level_env, &level)) SetLevel(level);
  }
  if (const char* format_env = std::getenv("INGOT_LOG_FORMAT")) {
    std::string_view format(format_env);
    if (format == "json") SetFormat(LogFormat::kJson);
    if (format == "text") SetFormat(LogFormat::kText);
  }
}

void Logger::Log(LogLevel level, std::string_view message, std::initializer_list<LogField> fields) {
  std::string ts = FormatIso8601Millis(SystemClock::Default()->NowMillis());
  std::string line;
  if (format() == LogFormat::kJson) {
    nlohmann::ordered_json j;
    j["ts"] = ts;
    j["level"] = LevelName(level);
    j["msg"] = message;
    for (const auto& [key, value] : fields) j[std::string(key)] = value;
    line = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  } else {
    std::string name(LevelName(level));
    for (char& c : name) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    line = ts + " " + name + (name.size() < 5 ? std::string(5 - name.size(), ' ') : "") + " ";
    line += message;
    for (const auto& [key, value] : fields) {
      line += " ";
      line += key;
      line += "=";
      line += NeedsQuoting(value) ? nlohmann::json(value).dump(
                                        -1, ' ', false, nlohmann::json::error_handler_t::replace)
                                  : value;
    }
  }
  if (Sink sink = g_sink.load()) {
    sink(line);
    return;
  }
  line += "\n";
  std::lock_guard<std::mutex> lock(g_write_mutex);
  std::fwrite(line.data(), 1, line.size(), stderr);
}

}  // namespace ingot
