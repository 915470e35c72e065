#pragma once

// Helpers shared by the row-level operations (MERGE, DELETE, UPDATE): copy-on-write planning
// over a snapshot's data files. Internal to src/delta/ops.
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "delta/log/actions.h"
#include "delta/log/schema.h"
#include "delta/ops/constraints.h"
#include "delta/ops/deletion_vector_writer.h"
#include "delta/snapshot/snapshot.h"
#include "delta/txn/commit.h"
#include "delta/txn/log_store.h"
#include "storage/type_fwd.h"

namespace ingot::duck {
class Connection;
}

namespace ingot::delta::dml {

// The column of a file scan that carries each row's local file path.
inline constexpr char kPathColumn[] = "__ingot_path";
// The column of a file scan that carries each row's physical position in its file (0-based, the
// row index deletion vectors use).
inline constexpr char kRowColumn[] = "__ingot_row";
// The column of a file scan (when asked for) that carries the index of the row's file in the
// scan's list of files: a BIGINT, cheaper to keep per row than kPathColumn.
inline constexpr char kFileColumn[] = "__ingot_file";

class TempTables;

// A DuckDB query over `files` returning every column of `schema` with its table type (columns a
// file lacks read as NULL, partition columns come from the log) plus kPathColumn, the local path
// of the row's file (as Add::LocalPath gives it), and kRowColumn. With `deleted_rows` (a table of
// (path VARCHAR, row BIGINT), see DeletedRowsTable) those rows are left out. With
// `file_column`, kFileColumn follows.
Result<std::string> FileScanSql(const std::string& root, const DataType& schema,
                                const std::vector<std::string>& partition_columns,
                                const std::vector<const Add*>& files,
                                const std::string& deleted_rows = "", bool file_column = false);

// A temp table (dropped with `temps`) holding (path, row) for every row the deletion vectors of
// `files` delete, path being the local path; "" when none of them has a DV.
Result<std::string> DeletedRowsTable(duck::Connection* con, const std::string& root,
                                     const std::vector<const Add*>& files, TempTables* temps);

// FileScanSql over the rows of `files` that are live (not deleted by their deletion vectors).
Result<std::string> LiveFileScanSql(duck::Connection* con, TempTables* temps,
                                    const std::string& root, const DataType& schema,
                                    const std::vector<std::string>& partition_columns,
                                    const std::vector<const Add*>& files, bool file_column = false);

// Indexes into snapshot.files() of the files whose partition values satisfy `predicate`, or
// nullopt when the predicate is not over partition columns only (it does not bind against them:
// it names a data column, or is not valid SQL; the data scan then reports the error).
Result<std::optional<std::vector<size_t>>> FilesMatchingPartitionPredicate(
    duck::Connection* con, const Snapshot& snapshot, const std::string& predicate);

// The top-level AND conjuncts of a SQL predicate ("a = 1 AND (b OR c)" -> {"a = 1", "(b OR c)"}),
// split outside quotes, brackets, CASE ... END and BETWEEN ... AND. A predicate without a
// top-level AND is returned as its only conjunct.
std::vector<std::string> SplitConjuncts(const std::string& predicate);

// Indexes into snapshot.files() of the files that may hold a row satisfying `predicate`: those
// whose partition values satisfy every conjunct that is over partition columns only. Files
// outside cannot match and need not be read. All files when no conjunct is partition-only.
Result<std::vector<size_t>> FilesPassingPartitionConjuncts(duck::Connection* con,
                                                           const Snapshot& snapshot,
                                                           const std::string& predicate);

// add.stats numRecords, or nullopt when the file has no usable stats.
std::optional<int64_t> NumRecords(const Add& add);

// Deletes the data files of `adds` (best effort: after a commit that did not land).
void DeleteDataFiles(const std::string& root, const std::vector<Add>& adds);

// Writes a checkpoint when `version` is a multiple of the table's delta.checkpointInterval
// (default 10), then cleans up the log files that expired (delta.logRetentionDuration, unless
// delta.enableExpiredLogCleanup=false; see CleanupExpiredLogs). A failure is only logged (the
// commit landed).
void MaybeCheckpoint(duck::Connection* con, const LogStore& store, storage::FileSystem& fs,
                     const std::string& root, const Snapshot& before, int64_t version);

// A metric value as Spark writes it: a JSON string holding the number ("\"42\"").
std::string MetricJson(int64_t value);

// A name for a session temp table that no other operation on this connection uses.
std::string UniqueTempName(const std::string& prefix);

// Drops the temp tables it names when it goes out of scope (errors ignored).
class TempTables {
 public:
  explicit TempTables(duck::Connection* con) : con_(con) {}
  ~TempTables();
  TempTables(const TempTables&) = delete;
  TempTables& operator=(const TempTables&) = delete;
  // A fresh name (UniqueTempName) that is dropped with this object.
  std::string NewName(const std::string& prefix);

 private:
  duck::Connection* con_;
  std::vector<std::string> names_;
};

// The files of `snapshot` as a vector of pointers, in snapshot order, for the indexes given.
std::vector<const Add*> FilesAt(const Snapshot& snapshot, const std::vector<size_t>& indexes);

// Maps a local data file path (as FileScanSql reports it) to its index in snapshot.files().
Result<std::map<std::string, size_t>> PathIndex(const std::string& root, const Snapshot& snapshot);

// The number of rows satisfying `predicate` in each of `files` (indexes into snapshot.files());
// files without such rows are absent. The predicate is pushed into the Parquet reader. A
// predicate DuckDB rejects is kInvalidArgument naming `operation`, the table and the predicate.
Result<std::map<size_t, int64_t>> MatchingRowsPerFile(
    duck::Connection* con, const std::string& root, const Snapshot& snapshot,
    const std::vector<size_t>& files, const std::string& predicate, const std::string& operation);

// Writes the rows of `rows_sql` (columns by name; missing ones NULL) as new data files of the
// table of `snapshot`, in its schema and partitioning. No rows give no files.
Result<std::vector<Add>> WriteRows(duck::Connection* con, const std::string& root,
                                   const Snapshot& snapshot, const std::string& rows_sql,
                                   int64_t target_file_size, Clock* clock);

// The file changes of one row-level operation.
struct RewritePlan {
  // Indexes into snapshot.files() of the files removed (rows deleted or rewritten elsewhere).
  std::vector<size_t> removed;
  // New data files.
  std::vector<Add> adds;
  // Files re-added with a new deletion vector, and the DV file (merge-on-read).
  DeletionVectorUpdate deletion_vectors;
  // Change data files (_change_data/).
  std::vector<AddCDCFile> cdc;
  // The table schema after the commit, when the operation changes it (MERGE with merge_schema).
  std::optional<DataType> schema;
};

// Deletes the files `plan` wrote (best effort: the operation failed before its commit landed).
void DiscardPlanFiles(const std::string& root, const RewritePlan& plan);

// Adds to `request` a remove for each removed file and each file getting a new DV (all recorded
// as read), the adds, the re-added files and the cdc files, checks the new data files against
// the table's constraints, and commits it. When the commit does
// not land the files the plan wrote are deleted; after it landed a checkpoint may follow.
// Returns the version.
Result<int64_t> CommitRewrite(duck::Connection* con, const std::string& root,
                              const Snapshot& snapshot, const RewritePlan& plan,
                              CommitRequest request, const CommitOptions& options);

// The physical row positions listed by `positions_sql` (columns: local path as kPathColumn gives
// it, row position), per index into snapshot.files(), sorted and unique. `operation` names the
// operation in errors.
Result<std::map<size_t, std::vector<uint64_t>>> RowPositions(duck::Connection* con,
                                                             const std::string& root,
                                                             const Snapshot& snapshot,
                                                             const std::string& positions_sql,
                                                             const std::string& operation);

// Splits "a = 1, b = f(x, y)" into {column, expression} pairs at top-level commas (outside
// quotes and brackets). Column names may be double-quoted. kInvalidArgument naming the part that
// is not `column = expression`.
Result<std::vector<std::pair<std::string, std::string>>> ParseAssignments(
    const std::string& assignments);

}  // namespace ingot::delta::dml
