#include "delta/ops/deletion_vector_writer.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <iterator>
#include <memory>
#include <system_error>

#include "common/macros.h"
#include "delta/log/deletion_vector.h"
#include "delta/log/deletion_vector_reader.h"
#include "delta/log/file_stats.h"
#include "delta/txn/txn_id.h"
#include "duck/connection.h"
#include "storage/local_fs.h"

namespace ingot::delta::dml {
namespace {

void AppendBe32(std::string* out, uint32_t value) {
  for (int shift = 24; shift >= 0; shift -= 8) {
    out->push_back(static_cast<char>((value >> shift) & 0xff));
  }
}

// 16 random bytes (a version 4 UUID), most significant first.
std::string NewUuidBytes() {
  std::string hex;
  for (char c : NewTxnId()) {
    if (c != '-') hex += c;
  }
  std::string bytes;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) {
    bytes.push_back(static_cast<char>(std::strtol(hex.substr(i, 2).c_str(), nullptr, 16)));
  }
  return bytes;
}

// The stats of a file that now has a DV: numRecords kept (physical rows), bounds loose.
Result<std::string> LooseStats(duck::Connection* con, const std::string& root, const Add& add,
                               int64_t* num_records) {
  FileStats stats;
  if (add.stats) {
    auto parsed = FileStats::Parse(*add.stats);
    if (parsed.ok()) stats = std::move(*parsed);
  }
  if (!stats.num_records) {
    INGOT_ASSIGN_OR_RAISE(std::string path, add.LocalPath(root));
    INGOT_ASSIGN_OR_RAISE(
        std::string rows,
        con->QueryScalar("SELECT CAST(sum(num_rows) AS BIGINT) FROM parquet_file_metadata(" +
                         duck::QuoteFilePath(path) + ")"));
    stats.num_records = std::strtoll(rows.c_str(), nullptr, 10);
  }
  *num_records = *stats.num_records;
  stats.tight_bounds = false;
  return stats.ToJson();
}

}  // namespace

bool WritesDeletionVectors(const Snapshot& snapshot) {
  if (snapshot.Config("delta.enableDeletionVectors") != "true") return false;
  const Protocol& protocol = snapshot.protocol();
  return protocol.reader_features && protocol.reader_features->count("deletionVectors") &&
         protocol.writer_features && protocol.writer_features->count("deletionVectors");
}

Result<std::vector<uint64_t>> ExistingDeletedRows(const std::string& root, const Add& add) {
  if (!add.deletion_vector) return std::vector<uint64_t>();
  storage::LocalFileSystem fs;
  auto rows = ReadDeletionVector(&fs, root, *add.deletion_vector);
  if (!rows.ok()) {
    return rows.status().WithContext("table ", root, ", data file ", add.path, ": deletion vector ",
                                     DescribeDeletionVector(*add.deletion_vector));
  }
  return rows;
}

std::optional<int64_t> LiveRecords(const Add& add) {
  if (!add.stats) return std::nullopt;
  auto stats = FileStats::Parse(*add.stats);
  if (!stats.ok() || !stats->num_records) return std::nullopt;
  return *stats->num_records - (add.deletion_vector ? add.deletion_vector->cardinality : 0);
}

Result<DeletionVectorUpdate> WriteDeletionVectors(
    duck::Connection* con, const std::string& root, const Snapshot& snapshot,
    const std::map<size_t, std::vector<uint64_t>>& deleted) {
  DeletionVectorUpdate out;
  std::string bytes(1, '\x01');
  const std::string uuid = NewUuidBytes();
  INGOT_ASSIGN_OR_RAISE(std::string uuid_z85, Z85Encode(uuid));
  for (const auto& [index, rows] : deleted) {
    if (rows.empty()) continue;
    const Add& add = snapshot.files()[index];
    INGOT_ASSIGN_OR_RAISE(std::vector<uint64_t> existing, ExistingDeletedRows(root, add));
    std::vector<uint64_t> all;
    all.reserve(existing.size() + rows.size());
    std::set_union(existing.begin(), existing.end(), rows.begin(), rows.end(),
                   std::back_inserter(all));
    Add replaced = add;
    int64_t num_records = 0;
    INGOT_ASSIGN_OR_RAISE(replaced.stats, LooseStats(con, root, add, &num_records));
    if (static_cast<int64_t>(all.size()) >= num_records) {
      out.removed.push_back(index);
      continue;
    }
    std::string bitmap = EncodeDeletionVectorBitmap(all);
    DeletionVectorDescriptor dv{.storage_type = "u",
                                .path_or_inline_dv = uuid_z85,
                                .offset = static_cast<int32_t>(bytes.size()),
                                .size_in_bytes = static_cast<int32_t>(bitmap.size()),
                                .cardinality = static_cast<int64_t>(all.size())};
    AppendBe32(&bytes, static_cast<uint32_t>(bitmap.size()));
    bytes += bitmap;
    AppendBe32(&bytes, Crc32(bitmap));
    replaced.deletion_vector = std::move(dv);
    replaced.data_change = true;
    out.replaced.push_back(index);
    out.adds.push_back(std::move(replaced));
  }
  if (out.adds.empty()) return out;
  DeletionVectorDescriptor named{.storage_type = "u", .path_or_inline_dv = uuid_z85};
  INGOT_ASSIGN_OR_RAISE(out.dv_file, DeletionVectorFilePath(named, root));
  storage::LocalFileSystem fs;
  Status written = fs.PutIfAbsent(out.dv_file, bytes);
  if (!written.ok()) return written.WithContext("writing deletion vector file ", out.dv_file);
  return out;
}

void DiscardDeletionVectors(const DeletionVectorUpdate& update) {
  if (update.dv_file.empty()) return;
  std::error_code ignored;
  std::filesystem::remove(update.dv_file, ignored);
}

}  // namespace ingot::delta::dml
