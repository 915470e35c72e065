// ingot validate <pipeline.yaml> and ingot run <pipeline.yaml> [...]
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "cli/commands_internal.h"
#include "cli/progress_view.h"
#include "common/macros.h"
#include "duck/connection.h"
#include "duck/database.h"
#include "pipeline/runner.h"
#include "pipeline/spec_parser.h"

namespace ingot::cli {
namespace {

struct PipelineArgs {
  std::string file;
  std::string warehouse;
  std::string profile;
  std::vector<std::string> vars;
  std::vector<std::string> select;
  bool full_refresh = false;
  bool dry_run = false;
  bool json = false;
  int parallelism = 2;
};

// Parses the file, printing every spec error (file:line:column: message) to stderr.
Result<pipeline::PipelineSpec> LoadSpec(const PipelineArgs& args) {
  pipeline::SpecOptions options;
  options.profile = args.profile;
  options.warehouse = args.warehouse;
  for (const std::string& var : args.vars) {
    size_t eq = var.find('=');
    if (eq == std::string::npos || eq == 0) {
      return Status::InvalidArgument("--var '", var, "' must be name=value");
    }
    options.variables[var.substr(0, eq)] = var.substr(eq + 1);
  }
  std::FILE* f = std::fopen(args.file.c_str(), "rb");
  if (f == nullptr) return Status::NotFound("cannot read pipeline file '", args.file, "'");
  std::string text;
  char buf[65536];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof(buf), f)) > 0) text.append(buf, n);
  std::fclose(f);
  pipeline::SpecParse parsed = pipeline::ParsePipelineSpec(text, args.file, options);
  if (parsed.errors.empty()) return std::move(parsed.spec);
  for (const pipeline::SpecError& e : parsed.errors) {
    std::fprintf(stderr, "%s\n", e.ToString().c_str());
  }
  return Status::InvalidArgument(
      parsed.errors.size(), parsed.errors.size() == 1 ? " error" : " errors", " in ", args.file);
}

std::string Pad(const std::string& s, size_t width, bool right) {
  if (s.size() >= width) return s;
  return right ? std::string(width - s.size(), ' ') + s : s + std::string(width - s.size(), ' ');
}

void PrintSummary(const pipeline::RunReport& report) {
  std::vector<std::vector<std::string>> rows = {{"table", "mode", "status", "rows in", "written",
                                                 "dropped", "quarantined", "seconds", "version"}};
  for (const pipeline::TableReport& t : report.tables) {
    char seconds[32];
    std::snprintf(seconds, sizeof(seconds), "%.2f", t.seconds);
    rows.push_back({t.id, t.mode, t.status, std::to_string(t.rows_in),
                    std::to_string(t.rows_written), std::to_string(t.rows_dropped),
                    std::to_string(t.rows_quarantined), seconds,
                    t.version >= 0 ? std::to_string(t.version) : "-"});
  }
  std::vector<size_t> widths(rows[0].size(), 0);
  for (const auto& row : rows) {
    for (size_t c = 0; c < row.size(); ++c) widths[c] = std::max(widths[c], row[c].size());
  }
  for (size_t r = 0; r < rows.size(); ++r) {
    std::string line;
    for (size_t c = 0; c < rows[r].size(); ++c) {
      line += (c == 0 ? "" : "  ") + Pad(rows[r][c], widths[c], c >= 3);
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    std::printf("%s\n", line.c_str());
    if (r == 0) {
      std::string rule;
      for (size_t c = 0; c < widths.size(); ++c)
        rule += (c == 0 ? "" : "  ") + std::string(widths[c], '-');
      std::printf("%s\n", rule.c_str());
    }
  }
  char footer[256];
  std::snprintf(footer, sizeof(footer), "run %s %s in %.2fs", report.run_id.c_str(),
                report.dry_run       ? "(dry run) planned"
                : report.status.ok() ? "succeeded"
                                     : "failed",
                report.seconds);
  std::printf("%s\n", footer);
}

void PrintJson(const pipeline::RunReport& report) {
  nlohmann::json tables = nlohmann::json::array();
  for (const pipeline::TableReport& t : report.tables) {
    nlohmann::json expectations = nlohmann::json::array();
    for (const auto& e : t.expectations) {
      expectations.push_back(
          {{"name", e.name}, {"action", e.action}, {"failed_rows", e.failed_rows}});
    }
    tables.push_back({{"table", t.id},
                      {"mode", t.mode},
                      {"status", t.status},
                      {"note", t.note},
                      {"rows_in", t.rows_in},
                      {"rows_written", t.rows_written},
                      {"rows_dropped", t.rows_dropped},
                      {"rows_quarantined", t.rows_quarantined},
                      {"rows_warned", t.rows_warned},
                      {"files_read", t.files_read},
                      {"seconds", t.seconds},
                      {"version", t.version >= 0 ? nlohmann::json(t.version) : nlohmann::json()},
                      {"expectations", expectations}});
  }
  nlohmann::json doc = {
      {"run_id", report.run_id},
      {"pipeline", report.pipeline},
      {"started_at", report.started_at},
      {"status", report.dry_run       ? "dry run"
                 : report.status.ok() ? "succeeded"
                                      : "failed"},
      {"error", report.status.ok() ? nlohmann::json() : nlohmann::json(report.status.message())},
      {"seconds", report.seconds},
      {"tables", tables}};
  std::printf("%s\n", doc.dump(2).c_str());
}

// DuckDB's limits for a run unless given: half the machine's memory (DuckDB's own default is
// 80%, too much for a job that shares its host), and spilling under <warehouse>/_ingot/spill
// rather than into the current directory.
GlobalOptions RunSessionOptions(const GlobalOptions& global, const pipeline::PipelineSpec& spec) {
  GlobalOptions options = global;
  if (options.memory_limit.empty()) {
    long pages = sysconf(_SC_PHYS_PAGES);
    long page_size = sysconf(_SC_PAGE_SIZE);
    if (pages > 0 && page_size > 0) {
      int64_t mb = static_cast<int64_t>(pages) * page_size / 2 / (1024 * 1024);
      options.memory_limit = std::to_string(std::max<int64_t>(mb, 256)) + "MB";
    }
  }
  if (options.temp_dir.empty() && !spec.warehouse.empty()) {
    options.temp_dir = (std::filesystem::path(spec.warehouse) / "_ingot" / "spill").string();
    std::error_code ec;
    std::filesystem::create_directories(options.temp_dir, ec);
  }
  return options;
}

Status RunValidate(const PipelineArgs& args) {
  INGOT_ASSIGN_OR_RAISE(auto spec, LoadSpec(args));
  std::printf("OK: pipeline '%s': %zu sources, %zu tables\n", spec.name.c_str(),
              spec.sources.size(), spec.tables.size());
  return Status::OK();
}

Status RunRun(const PipelineArgs& args, const GlobalOptions& global) {
  INGOT_ASSIGN_OR_RAISE(auto spec, LoadSpec(args));
  GlobalOptions session_options = RunSessionOptions(global, spec);
  INGOT_ASSIGN_OR_RAISE(Session session, OpenSession(session_options));
  pipeline::RunOptions options;
  options.select = args.select;
  options.full_refresh = args.full_refresh;
  options.dry_run = args.dry_run;
  options.parallelism = args.parallelism;
  pipeline::RunReport report;
  {
    ProgressView view(stderr, IsLiveTerminal(stderr));
    options.observer = &view;
    report = pipeline::RunPipeline(session.db.get(), spec, options);
  }
  // DuckDB deletes its spill files when it closes; the folder made for them goes too if empty.
  session.con.reset();
  session.db.reset();
  if (global.temp_dir.empty() && !session_options.temp_dir.empty()) {
    std::error_code ec;
    std::filesystem::remove(session_options.temp_dir, ec);
  }
  if (args.json) {
    PrintJson(report);
  } else {
    PrintSummary(report);
  }
  std::fflush(stdout);
  return report.status;
}

void AddPipelineOptions(CLI::App* cmd, PipelineArgs* args) {
  cmd->add_option("pipeline", args->file, "The pipeline YAML file")->required();
  cmd->add_option("--var", args->vars, "Override a variable: name=value (repeatable)");
  cmd->add_option("--profile", args->profile,
                  "Apply a profile's variables (dev, staging, prod, ...)");
  cmd->add_option("--warehouse", args->warehouse, "The warehouse directory (overrides the file's)");
}

}  // namespace

void AddRunCommand(CLI::App* app, const GlobalOptions* global, CommandOutcome* outcome) {
  auto validate_args = std::make_shared<PipelineArgs>();
  CLI::App* validate =
      app->add_subcommand("validate", "Check a pipeline file and print OK or every error");
  AddPipelineOptions(validate, validate_args.get());
  validate->callback([validate_args, outcome] {
    outcome->status = RunValidate(*validate_args);
    if (!outcome->status.ok() && outcome->status.IsInvalidArgument()) {
      outcome->hint = "fix the lines above; the format is described in docs/pipeline.md";
    }
  });

  auto args = std::make_shared<PipelineArgs>();
  CLI::App* run =
      app->add_subcommand("run", "Run a pipeline once: stage every table, then commit them");
  AddPipelineOptions(run, args.get());
  run->add_option("--select", args->select,
                  "Run only these tables: layer.name, layer.name+ (and downstream), +layer.name "
                  "(and upstream), or a layer");
  run->add_flag("--full-refresh", args->full_refresh,
                "Ignore incremental state: re-read everything");
  run->add_flag("--dry-run", args->dry_run, "Show what would run; write nothing");
  run->add_flag("--json", args->json, "Print the run report as JSON");
  run->add_option("--parallelism", args->parallelism, "Tables staged at once (default 2)")
      ->check(CLI::PositiveNumber);
  run->footer(
      "Examples:\n"
      "  ingot run examples/ecommerce/pipeline.yaml --warehouse wh --var data_dir=data\n"
      "  ingot run pipeline.yaml --select silver.orders+ --dry-run");
  run->callback([args, global, outcome] {
    outcome->status = RunRun(*args, *global);
    if (!outcome->status.ok() && outcome->status.IsInvalidArgument()) {
      outcome->hint = "no table was written; fix the problem and run again";
    }
  });
}

}  // namespace ingot::cli
