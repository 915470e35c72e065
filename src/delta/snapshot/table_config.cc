#include "delta/snapshot/table_config.h"

#include <cctype>
#include <charconv>
#include <limits>
#include <string>
#include <vector>

#include "common/ascii.h"

namespace ingot::delta {
namespace {

std::vector<std::string> Words(std::string_view text) {
  std::vector<std::string> words;
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    size_t start = i;
    while (i < text.size() && !std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    if (i > start) words.push_back(AsciiLower(text.substr(start, i - start)));
  }
  return words;
}

// Milliseconds per unit; 0 for an unknown unit. Microseconds are handled by the caller.
int64_t UnitMillis(std::string unit) {
  if (unit.size() > 1 && unit.back() == 's') unit.pop_back();
  if (unit == "week") return 7LL * 24 * 60 * 60 * 1000;
  if (unit == "day") return 24LL * 60 * 60 * 1000;
  if (unit == "hour") return 60LL * 60 * 1000;
  if (unit == "minute") return 60LL * 1000;
  if (unit == "second") return 1000;
  if (unit == "millisecond") return 1;
  return 0;
}

}  // namespace

Result<int64_t> ParseIntervalMillis(std::string_view text) {
  auto invalid = [&text](std::string_view why) {
    return Status::InvalidArgument("invalid interval '", text, "': ", why,
                                   " (expected e.g. 'interval 1 week' or 'interval 36 hours')");
  };
  std::vector<std::string> words = Words(text);
  size_t i = 0;
  if (i < words.size() && words[i] == "interval") ++i;
  if (i == words.size()) return invalid("no amount");
  if ((words.size() - i) % 2 != 0) return invalid("expected pairs of amount and unit");
  int64_t total_micros = 0;
  for (; i < words.size(); i += 2) {
    const std::string& number = words[i];
    int64_t amount = 0;
    auto [end, error] = std::from_chars(number.data(), number.data() + number.size(), amount);
    if (error != std::errc() || end != number.data() + number.size()) {
      return invalid("'" + number + "' is not an integer");
    }
    std::string unit = words[i + 1];
    int64_t unit_micros;
    if (unit == "microsecond" || unit == "microseconds") {
      unit_micros = 1;
    } else if (int64_t millis = UnitMillis(unit); millis > 0) {
      unit_micros = millis * 1000;
    } else {
      return invalid("unsupported unit '" + unit + "'");
    }
    if (amount != 0 && (amount > std::numeric_limits<int64_t>::max() / unit_micros ||
                        amount < std::numeric_limits<int64_t>::min() / unit_micros)) {
      return invalid("too large");
    }
    total_micros += amount * unit_micros;
  }
  return total_micros / 1000;
}

Result<int64_t> DeletedFileRetentionMillis(const Metadata& metadata) {
  auto it = metadata.configuration.find(std::string(kDeletedFileRetentionDurationKey));
  if (it == metadata.configuration.end()) return kDefaultDeletedFileRetentionMillis;
  Result<int64_t> millis = ParseIntervalMillis(it->second);
  if (!millis.ok()) return millis.status().WithContext(kDeletedFileRetentionDurationKey);
  return millis;
}

std::optional<int64_t> InCommitTimestampsSince(const Metadata& metadata) {
  auto enabled = metadata.configuration.find(std::string(kEnableInCommitTimestampsKey));
  if (enabled == metadata.configuration.end() || AsciiLower(enabled->second) != "true") {
    return std::nullopt;
  }
  auto since = metadata.configuration.find(std::string(kInCommitTimestampEnablementVersionKey));
  if (since == metadata.configuration.end()) return 0;
  int64_t version = 0;
  const std::string& text = since->second;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), version);
  if (error != std::errc() || end != text.data() + text.size() || version < 0) return 0;
  return version;
}

}  // namespace ingot::delta
