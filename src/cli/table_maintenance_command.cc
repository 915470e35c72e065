// ingot table optimize|vacuum|restore: keeping Delta tables healthy.
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>

#include <CLI/CLI.hpp>

#include "cli/commands_internal.h"
#include "common/macros.h"
#include "delta/ops/alter_constraints.h"
#include "delta/ops/optimize_table.h"
#include "delta/ops/restore_table.h"
#include "delta/ops/vacuum_table.h"
#include "delta/scan/delta_functions.h"
#include "delta/snapshot/table_config.h"
#include "duck/connection.h"
#include "duck/database.h"

namespace ingot::cli {
namespace {

long long L(int64_t value) { return static_cast<long long>(value); }

// "168h", "7d", "30m", "90s", "500ms", or a Delta interval ("interval 2 days", "36 hours").
Result<int64_t> ParseRetention(const std::string& text) {
  size_t digits = 0;
  while (digits < text.size() && std::isdigit(static_cast<unsigned char>(text[digits]))) {
    ++digits;
  }
  if (digits > 0 && digits < text.size() && digits + 2 >= text.size()) {
    int64_t value = std::strtoll(text.substr(0, digits).c_str(), nullptr, 10);
    std::string unit = text.substr(digits);
    if (unit == "ms") return value;
    if (unit == "s") return value * 1000;
    if (unit == "m") return value * 60 * 1000;
    if (unit == "h") return value * 60 * 60 * 1000;
    if (unit == "d") return value * 24 * 60 * 60 * 1000;
  }
  auto interval = delta::ParseIntervalMillis(text);
  if (!interval.ok()) {
    return Status::InvalidArgument("--retain '", text,
                                   "' is not a duration: use e.g. 168h, 7d, 30m or \"interval 2 "
                                   "weeks\"");
  }
  return *interval;
}

struct OptimizeArgs {
  std::string path;
  std::string zorder_by;
  std::string where;
  std::optional<int64_t> target_size;
};

Status RunOptimize(const OptimizeArgs& args, const GlobalOptions& global) {
  INGOT_ASSIGN_OR_RAISE(Session session, OpenSession(global));
  INGOT_ASSIGN_OR_RAISE(
      delta::OptimizeTableResult r,
      delta::OptimizeTable(session.con.get(), {.table_root = args.path,
                                               .partition_filter = args.where,
                                               .zorder_by = SplitList(args.zorder_by),
                                               .target_file_size = args.target_size}));
  if (!r.committed) {
    std::printf("nothing to optimize in %s (version %lld): %lld files, %lld bytes\n",
                args.path.c_str(), L(r.version), L(r.files_before), L(r.bytes_before));
    return Status::OK();
  }
  std::printf(
      "optimized %s: version %lld; files %lld -> %lld, bytes %lld -> %lld; %lld removed, %lld "
      "added in %lld batches\n",
      args.path.c_str(), L(r.version), L(r.files_before), L(r.files_after), L(r.bytes_before),
      L(r.bytes_after), L(r.files_removed), L(r.files_added), L(r.batches));
  return Status::OK();
}

struct VacuumArgs {
  std::string path;
  std::string retain;
  bool dry_run = false;
  bool force = false;
};

Status RunVacuum(const VacuumArgs& args, const GlobalOptions& global) {
  delta::VacuumTableOptions options{
      .table_root = args.path, .dry_run = args.dry_run, .force = args.force};
  if (!args.retain.empty()) {
    INGOT_ASSIGN_OR_RAISE(options.retention_millis, ParseRetention(args.retain));
  }
  INGOT_ASSIGN_OR_RAISE(Session session, OpenSession(global));
  INGOT_ASSIGN_OR_RAISE(delta::VacuumTableResult r, delta::VacuumTable(session.con.get(), options));
  if (args.dry_run) {
    for (const std::string& file : r.files) std::printf("%s\n", file.c_str());
    for (const std::string& file : r.log_files) std::printf("_delta_log/%s\n", file.c_str());
    std::printf(
        "vacuum dry run of %s (version %lld, retention %.1f hours): %zu files (%lld bytes) and "
        "%zu expired log files would be deleted\n",
        args.path.c_str(), L(r.version), static_cast<double>(r.retention_millis) / 3600000.0,
        r.files.size(), L(r.bytes), r.log_files.size());
    return Status::OK();
  }
  std::printf(
      "vacuumed %s (retention %.1f hours): %zu files (%lld bytes) deleted, %lld directories "
      "removed, %zu expired log files deleted; versions %lld (VACUUM START) and %lld (VACUUM "
      "END)\n",
      args.path.c_str(), static_cast<double>(r.retention_millis) / 3600000.0, r.files.size(),
      L(r.bytes), L(r.directories_removed), r.log_files.size(), L(r.start_version.value_or(-1)),
      L(r.end_version.value_or(-1)));
  return Status::OK();
}

struct RestoreArgs {
  std::string path;
  std::optional<int64_t> version;
  std::string timestamp;
};

Status RunRestore(const RestoreArgs& args, const GlobalOptions& global) {
  delta::RestoreTableOptions options{.table_root = args.path, .version = args.version};
  if (!args.timestamp.empty()) {
    INGOT_ASSIGN_OR_RAISE(options.timestamp_millis, delta::ParseTimestampMillis(args.timestamp));
  }
  if (options.version.has_value() == options.timestamp_millis.has_value()) {
    return Status::InvalidArgument("table restore needs one of --version and --timestamp");
  }
  INGOT_ASSIGN_OR_RAISE(Session session, OpenSession(global));
  INGOT_ASSIGN_OR_RAISE(delta::RestoreTableResult r,
                        delta::RestoreTable(session.con.get(), options));
  if (!r.committed) {
    std::printf("%s already has the state of version %lld: nothing to restore\n", args.path.c_str(),
                L(r.restored_version));
    return Status::OK();
  }
  std::printf(
      "restored %s to version %lld as version %lld: %lld files restored (%lld bytes), %lld "
      "removed (%lld bytes); %lld files, %lld bytes now\n",
      args.path.c_str(), L(r.restored_version), L(r.version), L(r.num_restored_files),
      L(r.restored_files_size), L(r.num_removed_files), L(r.removed_files_size),
      L(r.num_files_after), L(r.table_size_after));
  return Status::OK();
}

struct ConstraintArgs {
  std::string path;
  std::string name;
  std::string expression;
};

Status RunConstraintAdd(const ConstraintArgs& args, const GlobalOptions& global) {
  INGOT_ASSIGN_OR_RAISE(Session session, OpenSession(global));
  INGOT_ASSIGN_OR_RAISE(int64_t version,
                        delta::AddConstraint(session.con.get(), {.table_root = args.path,
                                                                 .name = args.name,
                                                                 .expression = args.expression}));
  std::printf("added constraint %s (%s) to %s: version %lld\n", args.name.c_str(),
              args.expression.c_str(), args.path.c_str(), L(version));
  return Status::OK();
}

Status RunConstraintDrop(const ConstraintArgs& args, const GlobalOptions& global) {
  INGOT_ASSIGN_OR_RAISE(Session session, OpenSession(global));
  INGOT_ASSIGN_OR_RAISE(int64_t version,
                        delta::DropConstraint(session.con.get(), args.path, args.name));
  std::printf("dropped constraint %s from %s: version %lld\n", args.name.c_str(), args.path.c_str(),
              L(version));
  return Status::OK();
}

}  // namespace

void AddTableMaintenanceCommands(CLI::App* table, const GlobalOptions* global,
                                 CommandOutcome* outcome) {
  auto optimize = std::make_shared<OptimizeArgs>();
  CLI::App* o = table->add_subcommand(
      "optimize", "Compact small files (bin-packing) or cluster rows by Z-order");
  o->add_option("path", optimize->path, "Table directory")->required();
  o->add_option("--zorder-by", optimize->zorder_by,
                "Cluster rows by the Z-order of these data columns: c1,c2 (rewrites every file "
                "of the selected partitions)");
  o->add_option("--where", optimize->where,
                "Only the partitions matching this predicate on partition columns");
  o->add_option("--target-size", optimize->target_size,
                "Target file size in bytes (default: delta.targetFileSize or 128 MiB)")
      ->check(CLI::PositiveNumber);
  o->callback([optimize, global, outcome] { outcome->status = RunOptimize(*optimize, *global); });

  auto vacuum = std::make_shared<VacuumArgs>();
  CLI::App* v = table->add_subcommand(
      "vacuum", "Delete files no version within the retention needs, and expired log files");
  v->add_option("path", vacuum->path, "Table directory")->required();
  v->add_option("--retain", vacuum->retain,
                "Retention: 168h, 7d, ... (default: delta.deletedFileRetentionDuration or 7 "
                "days)");
  v->add_flag("--dry-run", vacuum->dry_run, "List the files that would be deleted");
  v->add_flag("--force", vacuum->force, "Allow a retention below 168 hours");
  v->callback([vacuum, global, outcome] { outcome->status = RunVacuum(*vacuum, *global); });

  auto restore = std::make_shared<RestoreArgs>();
  CLI::App* r = table->add_subcommand(
      "restore", "Restore the table to an earlier version or time (a new version)");
  r->add_option("path", restore->path, "Table directory")->required();
  CLI::Option* version = r->add_option("--version", restore->version, "The version to restore");
  r->add_option("--timestamp", restore->timestamp,
                "Restore the version current at this time (ISO-8601, UTC)")
      ->excludes(version);
  r->callback([restore, global, outcome] { outcome->status = RunRestore(*restore, *global); });

  CLI::App* constraint =
      table->add_subcommand("constraint", "Add or drop CHECK constraints (checked on every write)");
  constraint->require_subcommand(1);
  auto add = std::make_shared<ConstraintArgs>();
  CLI::App* a = constraint->add_subcommand(
      "add", "Add a CHECK constraint after checking every current row against it");
  a->add_option("path", add->path, "Table directory")->required();
  a->add_option("name", add->name, "Constraint name (letters, digits, _)")->required();
  a->add_option("expression", add->expression, "SQL boolean every row must make true")->required();
  a->callback([add, global, outcome] { outcome->status = RunConstraintAdd(*add, *global); });
  auto drop = std::make_shared<ConstraintArgs>();
  CLI::App* d = constraint->add_subcommand("drop", "Drop a CHECK constraint");
  d->add_option("path", drop->path, "Table directory")->required();
  d->add_option("name", drop->name, "Constraint name")->required();
  d->callback([drop, global, outcome] { outcome->status = RunConstraintDrop(*drop, *global); });
}

}  // namespace ingot::cli
