#include "delta/scan/deletion_vector_scan.h"

#include <charconv>
#include <string_view>
#include <vector>

#include "common/macros.h"
#include "delta/log/deletion_vector.h"
#include "delta/log/deletion_vector_reader.h"
#include "delta/scan/deleted_rows.h"
#include "duck/connection.h"
#include "duck/scalar_function.h"
#include "storage/file_system.h"
#include "storage/local_fs.h"

namespace ingot::delta {
namespace {

constexpr char kFunctionName[] = "ingot_dv_keep";
// Decoded DVs kept across the queries of a database (a 10M-row file with half its rows deleted
// takes 1.25 MB as a bitmap).
constexpr size_t kCacheBytes = size_t{256} << 20;

// The key: table root, version, data file, storageType, pathOrInlineDv, offset ("" when
// absent), sizeInBytes, cardinality; each as <length>:<text>.
enum KeyField { kRoot, kVersion, kDataFile, kType, kPath, kOffset, kSize, kCardinality, kFields };

std::string EncodeKey(const std::vector<std::string>& fields) {
  std::string key;
  for (const std::string& field : fields) key += std::to_string(field.size()) + ":" + field;
  return key;
}

Result<std::vector<std::string_view>> DecodeKey(std::string_view key) {
  std::vector<std::string_view> fields;
  while (!key.empty()) {
    size_t colon = key.find(':');
    size_t length = 0;
    if (colon == std::string_view::npos ||
        std::from_chars(key.data(), key.data() + colon, length).ptr != key.data() + colon ||
        colon + 1 + length > key.size()) {
      break;
    }
    fields.push_back(key.substr(colon + 1, length));
    key.remove_prefix(colon + 1 + length);
  }
  if (!key.empty() || fields.size() != kFields) {
    return Status::InvalidArgument(kFunctionName, ": malformed deletion vector key");
  }
  return fields;
}

Result<int64_t> ParseInt(std::string_view text, const char* what) {
  int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) {
    return Status::InvalidArgument(kFunctionName, ": ", what, " '", text, "' is not an integer");
  }
  return value;
}

Result<DeletedRows> Load(storage::FileSystem* fs, std::string_view key) {
  INGOT_ASSIGN_OR_RAISE(std::vector<std::string_view> f, DecodeKey(key));
  DeletionVectorDescriptor dv{.storage_type = std::string(f[kType]),
                              .path_or_inline_dv = std::string(f[kPath])};
  if (!f[kOffset].empty()) {
    INGOT_ASSIGN_OR_RAISE(int64_t offset, ParseInt(f[kOffset], "offset"));
    dv.offset = static_cast<int32_t>(offset);
  }
  INGOT_ASSIGN_OR_RAISE(int64_t size, ParseInt(f[kSize], "sizeInBytes"));
  dv.size_in_bytes = static_cast<int32_t>(size);
  INGOT_ASSIGN_OR_RAISE(dv.cardinality, ParseInt(f[kCardinality], "cardinality"));
  const std::string root(f[kRoot]);
  Result<std::vector<uint64_t>> rows = ReadDeletionVector(fs, root, dv);
  if (!rows.ok()) {
    return rows.status().WithContext("table '", root, "' version ", f[kVersion], ", data file ",
                                     f[kDataFile], ": deletion vector ",
                                     DescribeDeletionVector(dv));
  }
  return DeletedRows::FromSorted(std::move(*rows));
}

}  // namespace

std::string DeletionVectorFromClause(const std::string& table_root, int64_t version, const Add& add,
                                     const std::string& local_path,
                                     const std::string& read_parquet_options) {
  const DeletionVectorDescriptor& dv = *add.deletion_vector;
  const std::string key =
      EncodeKey({table_root, std::to_string(version), add.path, dv.storage_type,
                 dv.path_or_inline_dv, dv.offset ? std::to_string(*dv.offset) : std::string(),
                 std::to_string(dv.size_in_bytes), std::to_string(dv.cardinality)});
  return "(SELECT * FROM read_parquet([" + duck::QuoteFilePath(local_path) +
         "], file_row_number=true" + read_parquet_options + ") WHERE " + kFunctionName + "(" +
         duck::QuoteLiteral(key) + ", " + std::string(kFileRowNumberColumn) + ")) AS _f";
}

Status RegisterDeletionVectorFunction(duck::Connection* con,
                                      std::shared_ptr<storage::FileSystem> fs) {
  auto cache = std::make_shared<DeletedRowsCache>(kCacheBytes);
  return duck::RegisterInt64FilterFunction(
      con, kFunctionName,
      [fs, cache](std::string_view key, const int64_t* rows, size_t count, bool* keep) -> Status {
        INGOT_ASSIGN_OR_RAISE(std::shared_ptr<const DeletedRows> deleted,
                              cache->Get(std::string(key), [&]() { return Load(fs.get(), key); }));
        deleted->Keep(rows, count, keep);
        return Status::OK();
      });
}

Status EnsureDeletionVectorFunction(duck::Connection* con) {
  INGOT_ASSIGN_OR_RAISE(std::string count,
                        con->QueryScalar(std::string("SELECT count(*) FROM duckdb_functions() "
                                                     "WHERE function_name = '") +
                                         kFunctionName + "'"));
  if (count != "0") return Status::OK();
  return RegisterDeletionVectorFunction(con, std::make_shared<storage::LocalFileSystem>());
}

}  // namespace ingot::delta
