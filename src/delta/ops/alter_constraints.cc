#include "delta/ops/alter_constraints.h"

#include <algorithm>
#include <cctype>
#include <memory>

#include "common/ascii.h"
#include "common/macros.h"
#include "delta/log/json_writer.h"
#include "delta/ops/constraints.h"
#include "delta/ops/dml_internal.h"
#include "delta/ops/table_protocol.h"
#include "delta/scan/deletion_vector_scan.h"
#include "delta/scan/snapshot_scan.h"
#include "delta/snapshot/snapshot_loader.h"
#include "duck/connection.h"
#include "storage/local_fs.h"

namespace ingot::delta {
namespace {

// The protocol with CHECK constraints allowed, or nullopt when it already allows them.
std::optional<Protocol> WithCheckConstraints(const Protocol& protocol) {
  if (protocol.writer_features) return WithWriterFeature(protocol, "checkConstraints");
  if (protocol.min_writer_version >= 3) return std::nullopt;
  Protocol upgraded = protocol;
  upgraded.min_writer_version = 3;
  return upgraded;
}

// Commits `metadata` (and `protocol`) as `operation` on top of `snapshot`, reading the whole
// table.
Result<int64_t> CommitMetadata(duck::Connection* con, LogStore& store, const Snapshot& snapshot,
                               Metadata metadata, std::optional<Protocol> protocol,
                               std::string operation, JsonFields parameters,
                               const CommitOptions& options) {
  CommitRequest request;
  request.read_version = snapshot.version();
  request.read_set.whole_table = true;
  if (protocol) request.actions.push_back(*protocol);
  request.actions.push_back(std::move(metadata));
  request.operation = std::move(operation);
  request.operation_parameters = std::move(parameters);
  INGOT_ASSIGN_OR_RAISE(CommitResult committed, Commit(store, std::move(request), options));
  dml::MaybeCheckpoint(con, store, *store.file_system(), store.table_root(), snapshot,
                       committed.version);
  return committed.version;
}

}  // namespace

Result<int64_t> AddConstraint(duck::Connection* con, const AddConstraintOptions& options) {
  const std::string& root = options.table_root;
  bool valid_name = !options.name.empty();
  for (char c : options.name) {
    valid_name = valid_name && (std::isalnum(static_cast<unsigned char>(c)) || c == '_');
  }
  if (!valid_name) {
    return Status::InvalidArgument("table ", root, ": constraint name '", options.name,
                                   "' must be letters, digits and '_'");
  }
  const std::string name = AsciiLower(options.name);
  LogStore store(std::make_shared<storage::LocalFileSystem>(), root);
  INGOT_ASSIGN_OR_RAISE(auto snapshot, LoadSnapshot(store, con));
  INGOT_RETURN_NOT_OK(CheckWritable(*snapshot, root));
  const std::string key = kConstraintPropertyPrefix + name;
  if (auto existing = snapshot->Config(key)) {
    return Status::AlreadyExists("table ", root, " already has a constraint ", name, " (",
                                 *existing, "); drop it first");
  }
  // Every current row must satisfy it (deleted rows excluded).
  Metadata metadata = snapshot->metadata();
  metadata.configuration[key] = options.expression;
  INGOT_RETURN_NOT_OK(EnsureDeletionVectorFunction(con));
  INGOT_ASSIGN_OR_RAISE(std::string rows, SnapshotScanSql(*snapshot, root));
  Metadata only_new = snapshot->metadata();
  for (auto it = only_new.configuration.begin(); it != only_new.configuration.end();) {
    it = it->first.starts_with(kConstraintPropertyPrefix) ? only_new.configuration.erase(it)
                                                          : std::next(it);
  }
  only_new.configuration[key] = options.expression;
  Status checked = CheckRowsSatisfyConstraints(con, root, only_new, DataType::Struct({}), rows);
  if (!checked.ok()) {
    return checked.WithContext("cannot add constraint ", name, ": existing rows must satisfy it");
  }
  return CommitMetadata(
      con, store, *snapshot, std::move(metadata), WithCheckConstraints(snapshot->protocol()),
      "ADD CONSTRAINT",
      {{"name", QuoteJsonString(name)}, {"expr", QuoteJsonString(options.expression)}},
      options.commit);
}

Result<int64_t> DropConstraint(duck::Connection* con, const std::string& table_root,
                               const std::string& name, const CommitOptions& commit) {
  LogStore store(std::make_shared<storage::LocalFileSystem>(), table_root);
  INGOT_ASSIGN_OR_RAISE(auto snapshot, LoadSnapshot(store, con));
  INGOT_RETURN_NOT_OK(CheckWritable(*snapshot, table_root));
  Metadata metadata = snapshot->metadata();
  const std::string lower = AsciiLower(name);
  if (metadata.configuration.erase(kConstraintPropertyPrefix + lower) == 0) {
    std::string names;
    for (const Constraint& constraint : CheckConstraints(metadata)) {
      names += (names.empty() ? "" : ", ") + constraint.name;
    }
    return Status::NotFound("table ", table_root, " has no constraint ", lower,
                            " (constraints: ", names.empty() ? "none" : names, ")");
  }
  return CommitMetadata(con, store, *snapshot, std::move(metadata), std::nullopt, "DROP CONSTRAINT",
                        {{"name", QuoteJsonString(lower)}}, commit);
}

}  // namespace ingot::delta
