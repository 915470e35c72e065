// ingot table merge|delete|update: row-level changes to Delta tables (copy-on-write).
#include <cstdio>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "cli/commands_internal.h"
#include "common/macros.h"
#include "delta/ops/delete_table.h"
#include "delta/ops/merge_table.h"
#include "delta/ops/update_table.h"
#include "duck/connection.h"
#include "duck/database.h"

namespace ingot::cli {
namespace {

long long L(int64_t value) { return static_cast<long long>(value); }

// ", N deletion vectors" when the statement wrote some (merge-on-read), else nothing.
std::string DeletionVectors(int64_t count) {
  return count > 0 ? ", " + std::to_string(count) + " deletion vectors" : "";
}

struct MergeArgs {
  std::string path;
  std::string source;
  std::string on;
  std::string sequence_by;
  std::string when_matched = "update";
  std::string matched_condition;
  std::string update_set;
  std::string when_not_matched = "insert";
  std::string not_matched_condition;
  std::string when_not_matched_by_source = "ignore";
  std::string not_matched_by_source_condition;
  bool merge_schema = false;
};

Status RunMerge(const MergeArgs& args, const GlobalOptions& global) {
  delta::MergeTableOptions options;
  options.table_root = args.path;
  options.source_sql = args.source;
  options.keys = SplitList(args.on);
  if (options.keys.empty()) return Status::InvalidArgument("--on needs at least one key column");
  options.sequence_by = args.sequence_by;
  options.matched_condition = args.matched_condition;
  options.update_set = args.update_set;
  options.not_matched_condition = args.not_matched_condition;
  options.not_matched_by_source_condition = args.not_matched_by_source_condition;
  options.merge_schema = args.merge_schema;
  options.when_matched = args.when_matched == "delete"   ? delta::MatchedAction::kDelete
                         : args.when_matched == "ignore" ? delta::MatchedAction::kIgnore
                                                         : delta::MatchedAction::kUpdate;
  options.when_not_matched = args.when_not_matched == "ignore" ? delta::NotMatchedAction::kIgnore
                                                               : delta::NotMatchedAction::kInsert;
  options.when_not_matched_by_source = args.when_not_matched_by_source == "delete"
                                           ? delta::NotMatchedBySourceAction::kDelete
                                           : delta::NotMatchedBySourceAction::kIgnore;
  INGOT_ASSIGN_OR_RAISE(Session session, OpenSession(global));
  INGOT_ASSIGN_OR_RAISE(delta::MergeTableResult r, delta::MergeTable(session.con.get(), options));
  std::printf(
      "merged into %s: version %lld, %lld rows inserted, %lld updated, %lld deleted, %lld "
      "copied; %lld of %lld files scanned, %lld added, %lld removed%s\n",
      args.path.c_str(), L(r.version), L(r.rows_inserted), L(r.rows_updated), L(r.rows_deleted),
      L(r.rows_copied), L(r.files_scanned), L(r.files_total), L(r.files_added), L(r.files_removed),
      DeletionVectors(r.deletion_vectors_added).c_str());
  return Status::OK();
}

struct DeleteArgs {
  std::string path;
  std::string where;
};

Status RunDelete(const DeleteArgs& args, const GlobalOptions& global) {
  INGOT_ASSIGN_OR_RAISE(Session session, OpenSession(global));
  INGOT_ASSIGN_OR_RAISE(delta::DeleteTableResult r,
                        delta::DeleteFromTable(session.con.get(),
                                               {.table_root = args.path, .predicate = args.where}));
  std::printf(
      "deleted from %s: version %lld, %lld rows deleted, %lld copied; %lld of %lld files "
      "scanned, %lld added, %lld removed%s\n",
      args.path.c_str(), L(r.version), L(r.rows_deleted), L(r.rows_copied), L(r.files_scanned),
      L(r.files_total), L(r.files_added), L(r.files_removed),
      DeletionVectors(r.deletion_vectors_added).c_str());
  return Status::OK();
}

struct UpdateArgs {
  std::string path;
  std::string set;
  std::string where;
};

Status RunUpdate(const UpdateArgs& args, const GlobalOptions& global) {
  INGOT_ASSIGN_OR_RAISE(Session session, OpenSession(global));
  INGOT_ASSIGN_OR_RAISE(delta::UpdateTableResult r,
                        delta::UpdateTable(session.con.get(), {.table_root = args.path,
                                                               .assignments = args.set,
                                                               .predicate = args.where}));
  std::printf(
      "updated %s: version %lld, %lld rows updated, %lld copied; %lld of %lld files scanned, "
      "%lld added, %lld removed%s\n",
      args.path.c_str(), L(r.version), L(r.rows_updated), L(r.rows_copied), L(r.files_scanned),
      L(r.files_total), L(r.files_added), L(r.files_removed),
      DeletionVectors(r.deletion_vectors_added).c_str());
  return Status::OK();
}

}  // namespace

void AddTableDmlCommands(CLI::App* table, const GlobalOptions* global, CommandOutcome* outcome) {
  auto merge = std::make_shared<MergeArgs>();
  CLI::App* m = table->add_subcommand(
      "merge", "MERGE rows of a query into the table by key (update, insert, delete)");
  m->add_option("path", merge->path, "Table directory")->required();
  m->add_option("--source", merge->source, "The source rows: a DuckDB query")->required();
  m->add_option("--on", merge->on, "Key columns: k1,k2 (target.k = source.k)")->required();
  m->add_option("--sequence-by", merge->sequence_by,
                "Among several source rows per key keep the greatest value of this column");
  m->add_option("--when-matched", merge->when_matched, "update (default), delete or ignore")
      ->check(CLI::IsMember({"update", "delete", "ignore"}));
  m->add_option("--matched-condition", merge->matched_condition,
                "Only matched rows where this SQL (over source.* and target.*) is true");
  m->add_option("--update-set", merge->update_set,
                "Update only these columns: \"c = source.c, n = target.n + 1\" (default: every "
                "source column)");
  m->add_option("--when-not-matched", merge->when_not_matched, "insert (default) or ignore")
      ->check(CLI::IsMember({"insert", "ignore"}));
  m->add_option("--not-matched-condition", merge->not_matched_condition,
                "Only insert source rows where this SQL (over source.*) is true");
  m->add_option("--when-not-matched-by-source", merge->when_not_matched_by_source,
                "delete or ignore (default): target rows no source row matches")
      ->check(CLI::IsMember({"delete", "ignore"}));
  m->add_option("--not-matched-by-source-condition", merge->not_matched_by_source_condition,
                "Only delete unmatched target rows where this SQL (over target.*) is true");
  m->add_flag("--merge-schema", merge->merge_schema, "Add source columns the table lacks");
  m->callback([merge, global, outcome] { outcome->status = RunMerge(*merge, *global); });

  auto del = std::make_shared<DeleteArgs>();
  CLI::App* d = table->add_subcommand("delete", "Delete the rows matching a predicate");
  d->add_option("path", del->path, "Table directory")->required();
  d->add_option("--where", del->where, "SQL predicate over the table's columns")->required();
  d->callback([del, global, outcome] { outcome->status = RunDelete(*del, *global); });

  auto update = std::make_shared<UpdateArgs>();
  CLI::App* u = table->add_subcommand("update", "Set columns of the rows matching a predicate");
  u->add_option("path", update->path, "Table directory")->required();
  u->add_option("--set", update->set, "Assignments: \"c = expr, d = expr\"")->required();
  u->add_option("--where", update->where, "SQL predicate (default: every row)");
  u->callback([update, global, outcome] { outcome->status = RunUpdate(*update, *global); });
}

}  // namespace ingot::cli
