#include "delta/ops/file_stats_builder.h"

#include <charconv>

#include <nlohmann/json.hpp>

#include "common/clock.h"
#include "delta/log/file_stats.h"
#include "delta/log/partition_path.h"

namespace ingot::delta {
namespace {

using nlohmann::json;

constexpr size_t kMaxStringStatLength = 32;

// Splits DuckDB's quoted path "a"."b ""c""" into {"a", "b \"c\""}.
std::vector<std::string> SplitQuotedPath(const std::string& text) {
  std::vector<std::string> parts;
  std::string current;
  bool quoted = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        current += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        current += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == '.') {
      parts.push_back(std::move(current));
      current.clear();
    } else {
      current += c;
    }
  }
  parts.push_back(std::move(current));
  return parts;
}

// The Delta type at `path` in the schema, or nullptr (arrays and maps have no leaf stats).
const DataType* LeafType(const DataType& schema, const std::vector<std::string>& path) {
  const DataType* type = &schema;
  for (const std::string& name : path) {
    if (type->kind() != TypeKind::kStruct) return nullptr;
    const StructField* field = type->FindField(name);
    if (field == nullptr) return nullptr;
    type = &field->type;
  }
  return type->is_nested() ? nullptr : type;
}

size_t CodePoints(const std::string& text) {
  size_t n = 0;
  for (char c : text) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

std::string CutToCodePoints(const std::string& text, size_t limit) {
  size_t n = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80 && n++ == limit)
      return text.substr(0, i);
  }
  return text;
}

int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  auto yoe = static_cast<unsigned>(y - era * 400);
  unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

// One bound as JSON text, or nullopt when it must be left out.
std::optional<std::string> StatLiteral(const std::string& value, const DataType& type,
                                       bool is_max) {
  switch (type.kind()) {
    case TypeKind::kLong:
    case TypeKind::kInteger:
    case TypeKind::kShort:
    case TypeKind::kByte:
    case TypeKind::kDecimal:
      return value;
    case TypeKind::kFloat:
    case TypeKind::kDouble:
      if (value.find_first_of("ni") != std::string::npos) return std::nullopt;  // nan, inf
      return value;
    case TypeKind::kBoolean:
      return value == "true" ? "true" : "false";
    case TypeKind::kDate:
      return json(value).dump();
    case TypeKind::kString:
      if (CodePoints(value) <= kMaxStringStatLength) return json(value).dump();
      if (is_max) return std::nullopt;
      return json(CutToCodePoints(value, kMaxStringStatLength)).dump();
    case TypeKind::kTimestamp:
    case TypeKind::kTimestampNtz: {
      auto micros = ParseTimestampMicros(value);
      if (!micros.ok()) return std::nullopt;
      int64_t millis = *micros / 1000 - (*micros % 1000 < 0 ? 1 : 0);
      if (is_max && *micros % 1000 != 0) millis += 1;
      std::string text = FormatIso8601Millis(millis);
      if (type.kind() == TypeKind::kTimestampNtz) text.pop_back();  // no 'Z'
      return json(text).dump();
    }
    default:
      return std::nullopt;
  }
}

}  // namespace

Result<int64_t> ParseTimestampMicros(std::string_view text) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0, consumed = 0;
  std::string copy(text);
  if (sscanf(copy.c_str(), "%d-%d-%d %d:%d:%d%n", &y, &mo, &d, &h, &mi, &s, &consumed) != 6) {
    return Status::InvalidArgument("not a timestamp: '", text, "'");
  }
  int64_t fraction = 0;
  size_t pos = static_cast<size_t>(consumed);
  if (pos < copy.size() && copy[pos] == '.') {
    int digits = 0;
    for (++pos; pos < copy.size() && std::isdigit(static_cast<unsigned char>(copy[pos])); ++pos) {
      if (digits < 6) {
        fraction = fraction * 10 + (copy[pos] - '0');
        ++digits;
      }
    }
    for (; digits < 6; ++digits) fraction *= 10;
  }
  int64_t days = DaysFromCivil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d));
  return ((days * 24 + h) * 60 + mi) * 60'000'000LL + s * 1'000'000LL + fraction;
}

Result<std::string> BuildStatsJson(int64_t num_records, const std::string& column_statistics,
                                   const DataType& schema) {
  json parsed = json::parse(column_statistics, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded() || (!parsed.is_object() && !parsed.is_null())) {
    return Status::Internal("unexpected column statistics from DuckDB: ", column_statistics);
  }
  FileStats stats;
  stats.num_records = num_records;
  if (parsed.is_object()) {
    for (const auto& [key, entry] : parsed.items()) {
      std::vector<std::string> path = SplitQuotedPath(key);
      const DataType* type = LeafType(schema, path);
      if (type == nullptr || !entry.is_object()) continue;
      ColumnStats column;
      if (entry.contains("null_count") && entry["null_count"].is_string()) {
        const std::string& text = entry["null_count"].get_ref<const std::string&>();
        int64_t n = 0;
        auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
        if (ec == std::errc() && end == text.data() + text.size()) column.null_count = n;
      }
      bool has_nan = entry.contains("has_nan") && entry["has_nan"] == "true";
      if (!has_nan && entry.contains("min") && entry["min"].is_string() && entry.contains("max") &&
          entry["max"].is_string()) {
        column.min = StatLiteral(entry["min"].get<std::string>(), *type, false);
        column.max = StatLiteral(entry["max"].get<std::string>(), *type, true);
      }
      stats.columns[path] = std::move(column);
    }
  }
  return stats.ToJson();
}

Status ParsePartitionKeys(const std::string& partition_keys,
                          const std::vector<std::string>& columns, PartitionValues* out) {
  json parsed = json::parse(partition_keys, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded() || !parsed.is_object()) {
    return Status::Internal("unexpected partition keys from DuckDB: ", partition_keys);
  }
  for (size_t i = 0; i < columns.size(); ++i) {
    std::string alias = "__ingot_p" + std::to_string(i);
    if (!parsed.contains(alias) || !parsed[alias].is_string()) {
      return Status::Internal("DuckDB returned no partition key ", alias, " in ", partition_keys);
    }
    std::string value = parsed[alias].get<std::string>();
    if (value == kHiveDefaultPartition) {
      (*out)[columns[i]] = std::nullopt;
    } else {
      (*out)[columns[i]] = std::move(value);
    }
  }
  return Status::OK();
}

}  // namespace ingot::delta
