#include "delta/scan/deletion_vector_scan.h"

#include <cstdlib>

#include "common/macros.h"
#include "delta/log/deletion_vector.h"
#include "delta/scan/deletion_vector_reader.h"
#include "duck/connection.h"
#include "duck/table_function.h"
#include "storage/file_system.h"

namespace ingot::delta {
namespace {

constexpr char kFunctionName[] = "ingot_deletion_vector_rows";
constexpr size_t kArity = 8;

Result<int64_t> ParseInt(const std::optional<std::string>& text, const char* what) {
  if (!text) return Status::InvalidArgument(kFunctionName, ": ", what, " is NULL");
  char* end = nullptr;
  long long value = std::strtoll(text->c_str(), &end, 10);
  if (end == text->c_str() || *end != '\0') {
    return Status::InvalidArgument(kFunctionName, ": ", what, " '", *text, "' is not an integer");
  }
  return static_cast<int64_t>(value);
}

// args: table_root, version, data file, storageType, pathOrInlineDv, offset, sizeInBytes,
// cardinality.
Result<std::vector<int64_t>> DeletedRows(storage::FileSystem* fs,
                                         const std::vector<std::optional<std::string>>& args) {
  for (size_t i : {0, 1, 2, 3, 4}) {
    if (!args[i]) return Status::InvalidArgument(kFunctionName, ": argument ", i + 1, " is NULL");
  }
  DeletionVectorDescriptor dv{.storage_type = *args[3], .path_or_inline_dv = *args[4]};
  if (args[5]) {
    INGOT_ASSIGN_OR_RAISE(int64_t offset, ParseInt(args[5], "offset"));
    dv.offset = static_cast<int32_t>(offset);
  }
  INGOT_ASSIGN_OR_RAISE(int64_t size, ParseInt(args[6], "sizeInBytes"));
  dv.size_in_bytes = static_cast<int32_t>(size);
  INGOT_ASSIGN_OR_RAISE(dv.cardinality, ParseInt(args[7], "cardinality"));
  Result<std::vector<uint64_t>> rows = ReadDeletionVector(fs, *args[0], dv);
  if (!rows.ok()) {
    return rows.status().WithContext("table '", *args[0], "' version ", *args[1], ", data file ",
                                     *args[2], ": deletion vector ", DescribeDeletionVector(dv));
  }
  return std::vector<int64_t>(rows->begin(), rows->end());
}

}  // namespace

std::string DeletionVectorFromClause(const std::string& table_root, int64_t version, const Add& add,
                                     const std::string& local_path,
                                     const std::string& read_parquet_options) {
  const DeletionVectorDescriptor& dv = *add.deletion_vector;
  auto lit = [](std::string_view text) { return duck::QuoteLiteral(text); };
  return "read_parquet([" + duck::QuoteFilePath(local_path) + "], file_row_number=true" +
         read_parquet_options + ") AS _f ANTI JOIN " + kFunctionName + "(" + lit(table_root) +
         ", " + lit(std::to_string(version)) + ", " + lit(add.path) + ", " + lit(dv.storage_type) +
         ", " + lit(dv.path_or_inline_dv) + ", " +
         (dv.offset ? lit(std::to_string(*dv.offset)) : std::string("NULL")) + ", " +
         lit(std::to_string(dv.size_in_bytes)) + ", " + lit(std::to_string(dv.cardinality)) +
         ") AS _dv ON _f.file_row_number = _dv.row_index";
}

Status RegisterDeletionVectorFunction(duck::Connection* con,
                                      std::shared_ptr<storage::FileSystem> fs) {
  return duck::RegisterInt64RowsFunction(con, kFunctionName, kArity, "row_index",
                                         [fs](const std::vector<std::optional<std::string>>& args) {
                                           return DeletedRows(fs.get(), args);
                                         });
}

}  // namespace ingot::delta
