#include "delta/snapshot/log_segment.h"

#include <algorithm>

#include "common/uri.h"
#include "delta/log/log_file_names.h"

namespace ingot::delta {

std::optional<int64_t> LogListing::LatestVersion() const {
  std::optional<int64_t> latest;
  if (!commits.empty()) latest = commits.rbegin()->first;
  if (!checkpoints.empty()) {
    latest = std::max(latest.value_or(checkpoints.back().version), checkpoints.back().version);
  }
  return latest;
}

std::optional<int64_t> LogListing::EarliestRecreatableVersion() const {
  std::optional<int64_t> earliest;
  if (commits.count(0) > 0) earliest = 0;
  if (!checkpoints.empty()) {
    int64_t first = checkpoints.front().version;
    earliest = std::min(earliest.value_or(first), first);
  }
  return earliest;
}

const CheckpointRef* LogListing::CheckpointAtOrBefore(int64_t version) const {
  auto it = std::upper_bound(checkpoints.begin(), checkpoints.end(), version,
                             [](int64_t v, const CheckpointRef& ref) { return v < ref.version; });
  if (it == checkpoints.begin()) return nullptr;
  return &*std::prev(it);
}

LogListing MakeLogListing(const std::vector<storage::FileInfo>& entries) {
  LogListing listing;
  std::vector<std::string> names;
  for (const storage::FileInfo& info : entries) {
    if (info.is_dir) continue;
    std::string name = BaseName(info.path);
    LogFileName parsed = ParseLogFileName(name);
    if (parsed.kind == LogFileKind::kCommit) listing.commits[parsed.version] = info;
    if (parsed.is_checkpoint()) names.push_back(name);
    listing.files[name] = info;
  }
  listing.checkpoints = FindCompleteCheckpoints(names);
  return listing;
}

Result<LogListing> ListLog(storage::FileSystem& fs, const std::string& log_dir) {
  Result<std::vector<storage::FileInfo>> entries = fs.List(log_dir, {.recursive = false});
  if (!entries.ok()) return entries.status().WithContext("list '", log_dir, "'");
  return MakeLogListing(*entries);
}

std::string DescribeCommitVersions(const LogListing& listing, size_t max_ranges) {
  if (listing.commits.empty()) return "none";
  std::string out;
  size_t ranges = 0;
  auto it = listing.commits.begin();
  while (it != listing.commits.end()) {
    if (ranges == max_ranges) {
      out += ", ...";
      break;
    }
    int64_t first = it->first;
    int64_t last = first;
    for (++it; it != listing.commits.end() && it->first == last + 1; ++it) last = it->first;
    if (!out.empty()) out += ", ";
    out += std::to_string(first);
    if (last != first) out += (last == first + 1 ? ", " : "..") + std::to_string(last);
    ++ranges;
  }
  return out;
}

Result<LogSegment> PlanLogSegment(const LogListing& listing, std::optional<int64_t> version,
                                  std::string_view table_name) {
  std::optional<int64_t> latest = listing.LatestVersion();
  if (!latest.has_value()) {
    return Status::NotFound("'", table_name,
                            "' is not a Delta table: its _delta_log holds no commit or checkpoint");
  }
  if (version.has_value() && *version < 0) {
    return Status::InvalidArgument("invalid version ", *version, " of table '", table_name, "'");
  }
  LogSegment segment;
  segment.version = version.value_or(*latest);
  if (segment.version > *latest) {
    return Status::NotFound("version ", segment.version, " of table '", table_name,
                            "' does not exist: the latest version is ", *latest);
  }
  const CheckpointRef* checkpoint = listing.CheckpointAtOrBefore(segment.version);
  if (checkpoint != nullptr) segment.checkpoint = *checkpoint;
  int64_t next = checkpoint != nullptr ? checkpoint->version + 1 : 0;
  auto it = listing.commits.lower_bound(next);
  for (; next <= segment.version; ++next, ++it) {
    if (it != listing.commits.end() && it->first == next) {
      segment.commits.push_back(next);
      continue;
    }
    bool has_older = checkpoint != nullptr ||
                     (!listing.commits.empty() && listing.commits.begin()->first < next);
    if (has_older) {
      return Status::Corruption("versions are not contiguous: commit ", next,
                                " is missing from the log of table '", table_name,
                                "' (needed for version ", segment.version, "; found commits ",
                                DescribeCommitVersions(listing), ")");
    }
    std::optional<int64_t> earliest = listing.EarliestRecreatableVersion();
    if (earliest.has_value() && *earliest > segment.version) {
      return Status::NotFound("version ", segment.version, " of table '", table_name,
                              "' cannot be reconstructed: its commits were removed from the log;"
                              " the earliest available version is ",
                              *earliest, " and the latest ", *latest);
    }
    return Status::Corruption("version ", segment.version, " of table '", table_name,
                              "' cannot be reconstructed: there is no checkpoint at or before it"
                              " and commit ",
                              next, " is missing (found commits ", DescribeCommitVersions(listing),
                              ")");
  }
  return segment;
}

}  // namespace ingot::delta
