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
// and filtered by the vectorised scalar function ingot_dv_keep(<key>, file_row_number), whose
// constant key names the table, version, data file and DV. The first chunk that needs a DV
// reads, checks and decodes it into a bitmap (deleted_rows.h), kept in a bounded cache of the
// database (DV files are immutable) so that each DV is loaded once; each row then costs one bit
// test.
namespace ingot::delta {

// The columns file_row_number adds; the select list must drop it (EXCLUDE).
inline constexpr std::string_view kFileRowNumberColumn = "file_row_number";

// FROM clause text for one data file with a DV:
//   (SELECT * FROM read_parquet([<path>], file_row_number=true, <options>)
//    WHERE ingot_dv_keep('<key>', file_row_number)) AS _f
// `read_parquet_options` are appended to read_parquet's argument list (", union_by_name=..."),
// `local_path` is the file to read, `add` names it in errors.
std::string DeletionVectorFromClause(const std::string& table_root, int64_t version, const Add& add,
                                     const std::string& local_path,
                                     const std::string& read_parquet_options);

// Registers ingot_dv_keep on `con`'s database, reading DV files through `fs`. Its errors (raised
// while the query runs) name the table, version, data file and DV, e.g.
//   table '/t' version 3, data file part-0.parquet: deletion vector u:ab..@1: deletion vector
//   file /t/deletion_vector_....bin does not exist
Status RegisterDeletionVectorFunction(duck::Connection* con,
                                      std::shared_ptr<storage::FileSystem> fs);

// RegisterDeletionVectorFunction on the local file system unless the function is registered
// already (e.g. by RegisterDeltaFunctions): for operations that read files with DVs on a
// connection they are given.
Status EnsureDeletionVectorFunction(duck::Connection* con);

}  // namespace ingot::delta
