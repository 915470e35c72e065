#include "delta/log/file_stats.h"

#include <utility>

#include "common/macros.h"
#include "delta/log/json_value.h"
#include "delta/log/json_writer.h"

namespace ingot::delta {
namespace {

enum class StatKind { kMin, kMax, kNullCount };

std::string PathString(std::string_view section, const ColumnPath& path) {
  std::string text(section);
  for (const std::string& name : path) {
    text += '.';
    text += name;
  }
  return text;
}

// Walks one of minValues / maxValues / nullCount, recording each leaf under its path.
Status Flatten(const JsonValue& node, std::string_view section, StatKind kind, ColumnPath* path,
               FileStats* stats) {
  for (const JsonMember& member : node.members) {
    path->push_back(member.key);
    const JsonValue& value = member.value;
    if (value.type == JsonType::kObject) {
      INGOT_RETURN_NOT_OK(Flatten(value, section, kind, path, stats));
    } else if (kind == StatKind::kNullCount) {
      Result<int64_t> count = value.ToInt64();
      if (!count.ok()) {
        return Status::Corruption("stats ", PathString(section, *path), ": ",
                                  count.status().message());
      }
      stats->columns[*path].null_count = *count;
    } else {
      std::string literal = value.ToJson();
      ColumnStats& column = stats->columns[*path];
      (kind == StatKind::kMin ? column.min : column.max) = std::move(literal);
    }
    path->pop_back();
  }
  return Status::OK();
}

bool Has(const ColumnStats& column, StatKind kind) {
  switch (kind) {
    case StatKind::kMin:
      return column.min.has_value();
    case StatKind::kMax:
      return column.max.has_value();
    case StatKind::kNullCount:
      return column.null_count.has_value();
  }
  return false;
}

// Writes the members of the object at `depth` for the entries in [begin, end), which all share
// the same first `depth` path elements and carry `kind`.
using Entry = std::map<ColumnPath, ColumnStats>::const_iterator;

void WriteLevel(JsonWriter* w, Entry begin, Entry end, size_t depth, StatKind kind) {
  Entry it = begin;
  while (it != end) {
    if (!Has(it->second, kind) || it->first.size() <= depth) {
      ++it;
      continue;
    }
    const std::string& name = it->first[depth];
    if (it->first.size() == depth + 1) {
      const ColumnStats& column = it->second;
      switch (kind) {
        case StatKind::kMin:
          w->RawField(name, *column.min);
          break;
        case StatKind::kMax:
          w->RawField(name, *column.max);
          break;
        case StatKind::kNullCount:
          w->Int64Field(name, *column.null_count);
          break;
      }
      ++it;
      continue;
    }
    // A nested struct: the run of entries whose path continues below `name`.
    Entry group_end = it;
    while (group_end != end && group_end->first.size() > depth + 1 &&
           group_end->first[depth] == name) {
      ++group_end;
    }
    bool any = false;
    for (Entry member = it; member != group_end; ++member) any = any || Has(member->second, kind);
    if (!any) {
      it = group_end;
      continue;
    }
    w->Key(name);
    w->BeginObject();
    WriteLevel(w, it, group_end, depth + 1, kind);
    w->EndObject();
    it = group_end;
  }
}

void WriteSection(JsonWriter* w, std::string_view key, const FileStats& stats, StatKind kind) {
  bool any = false;
  for (const auto& [path, column] : stats.columns) any = any || Has(column, kind);
  if (!any) return;
  w->Key(key);
  w->BeginObject();
  WriteLevel(w, stats.columns.begin(), stats.columns.end(), 0, kind);
  w->EndObject();
}

}  // namespace

Result<FileStats> FileStats::Parse(std::string_view json) {
  Result<JsonValue> parsed = JsonValue::Parse(json);
  if (!parsed.ok()) return parsed.status().WithContext("stats");
  const JsonValue& root = *parsed;
  if (root.type != JsonType::kObject) {
    return Status::Corruption("stats: expected an object, got ", JsonTypeName(root.type));
  }
  FileStats stats;
  for (const JsonMember& member : root.members) {
    const JsonValue& value = member.value;
    if (value.is_null()) continue;
    if (member.key == "numRecords") {
      Result<int64_t> count = value.ToInt64();
      if (!count.ok()) return count.status().WithContext("stats.numRecords");
      stats.num_records = *count;
      continue;
    }
    if (member.key == "tightBounds") {
      if (value.type != JsonType::kBool) {
        return Status::Corruption("stats.tightBounds: expected a boolean, got ",
                                  JsonTypeName(value.type));
      }
      stats.tight_bounds = value.bool_value;
      continue;
    }
    StatKind kind;
    if (member.key == "minValues") {
      kind = StatKind::kMin;
    } else if (member.key == "maxValues") {
      kind = StatKind::kMax;
    } else if (member.key == "nullCount") {
      kind = StatKind::kNullCount;
    } else {
      continue;  // unknown: ignored
    }
    if (value.type != JsonType::kObject) {
      return Status::Corruption("stats.", member.key, ": expected an object, got ",
                                JsonTypeName(value.type));
    }
    ColumnPath path;
    INGOT_RETURN_NOT_OK(Flatten(value, member.key, kind, &path, &stats));
  }
  return stats;
}

std::string FileStats::ToJson() const {
  JsonWriter w;
  w.BeginObject();
  if (num_records) w.Int64Field("numRecords", *num_records);
  WriteSection(&w, "minValues", *this, StatKind::kMin);
  WriteSection(&w, "maxValues", *this, StatKind::kMax);
  WriteSection(&w, "nullCount", *this, StatKind::kNullCount);
  if (tight_bounds) w.BoolField("tightBounds", *tight_bounds);
  w.EndObject();
  return w.Release();
}

const ColumnStats* FileStats::Find(const ColumnPath& path) const {
  auto it = columns.find(path);
  return it == columns.end() ? nullptr : &it->second;
}

}  // namespace ingot::delta
