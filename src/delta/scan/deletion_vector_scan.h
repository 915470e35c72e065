#pragma once

#include <memory>
#include <string>

#include "common/result.h"
#include "delta/log/actions.h"
#include "storage/type_fwd.h"

namespace ingot::duck {
class Connection;
}

// Deletion vectors in generated scans: a data file with a DV is read with file_row_number=true
// and anti-joined with the table function ingot_deletion_vector_rows(...), which reads and checks
// the DV while DuckDB binds the query and returns its deleted row indexes as a BIGINT column
// (a hash anti-join: cost linear in rows + deleted rows, whatever the DV's size).
namespace ingot::delta {

// The columns file_row_number adds; the select list must drop it (EXCLUDE).
inline constexpr std::string_view kFileRowNumberColumn = "file_row_number";

// FROM clause text for one data file with a DV:
//   read_parquet([<path>], file_row_number=true, <options>) AS _f ANTI JOIN
//   ingot_deletion_vector_rows(<root>, <version>, <data file>, <dv...>) AS _dv
//   ON _f.file_row_number = _dv.row_index
// `read_parquet_options` are appended to read_parquet's argument list (", union_by_name=..."),
// `local_path` is the file to read, `add` names it in errors.
std::string DeletionVectorFromClause(const std::string& table_root, int64_t version, const Add& add,
                                     const std::string& local_path,
                                     const std::string& read_parquet_options);

// Registers ingot_deletion_vector_rows on `con`'s database, reading DV files through `fs`.
// Its errors name the table, version, data file and DV, e.g.
//   table '/t' version 3, data file part-0.parquet: deletion vector u:ab..@1: deletion vector
//   file /t/deletion_vector_....bin does not exist
Status RegisterDeletionVectorFunction(duck::Connection* con,
                                      std::shared_ptr<storage::FileSystem> fs);

}  // namespace ingot::delta
