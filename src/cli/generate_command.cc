// ingot generate ecommerce --out DIR [--transactions N] [--customers N] [--products N] [--days D]
//   [--start-date YYYY-MM-DD] [--files K] [--format csv|json] [--dirty-rate R] [--seed S]
//   [--append | --overwrite]
#include <cstdio>
#include <memory>
#include <string>

#include <CLI/CLI.hpp>

#include "cli/commands_internal.h"
#include "common/macros.h"
#include "connectors/generators/ecommerce_generator.h"
#include "storage/local_fs.h"

namespace ingot::cli {
namespace {

struct GenerateArgs {
  generators::EcommerceOptions options;
  std::string format = "csv";
  bool quiet = false;
};

// 1234567 -> "1,234,567".
std::string Grouped(int64_t value) {
  std::string digits = std::to_string(value < 0 ? -value : value);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return value < 0 ? "-" + out : out;
}

void PrintSummary(const generators::EcommerceOptions& options,
                  const generators::EcommerceStats& stats) {
  std::printf("generated batch %d into %s in %.2f s (%d threads)\n", stats.batch,
              options.out_dir.c_str(), stats.seconds, stats.threads);
  int64_t tx_files = 0, tx_bytes = 0;
  std::string first_file, last_file;
  for (const generators::GeneratedFile& file : stats.files) {
    if (file.kind != "transactions") {
      std::printf("  %-13s %12s rows  %s (%s bytes)\n", file.kind.c_str(),
                  Grouped(file.rows).c_str(), file.path.c_str(), Grouped(file.bytes).c_str());
      continue;
    }
    ++tx_files;
    tx_bytes += file.bytes;
    if (first_file.empty()) first_file = file.path;
    last_file = file.path;
  }
  std::printf("  %-13s %12s rows  in %lld files, %s bytes: %s .. %s\n", "transactions",
              Grouped(stats.transaction_rows).c_str(), static_cast<long long>(tx_files),
              Grouped(tx_bytes).c_str(), first_file.c_str(), last_file.c_str());
  std::printf("  %-13s %s .. %s (new ids), events from %s over %d days\n", "ids",
              Grouped(stats.first_id).c_str(), Grouped(stats.end_id - 1).c_str(),
              stats.start_date.c_str(), stats.days);
  const int64_t dirty = stats.dirty_rows();
  std::printf("  %-13s %12s rows  (%.2f%%)\n", "dirty", Grouped(dirty).c_str(),
              stats.transaction_rows > 0
                  ? 100.0 * static_cast<double>(dirty) / static_cast<double>(stats.transaction_rows)
                  : 0.0);
  for (int i = 1; i < generators::kDirtyKindCount; ++i) {
    std::printf(
        "    %-22s %10s\n",
        std::string(generators::DirtyKindName(static_cast<generators::DirtyKind>(i))).c_str(),
        Grouped(stats.dirty[static_cast<size_t>(i)]).c_str());
  }
  const double seconds = stats.seconds > 0 ? stats.seconds : 1e-9;
  std::printf(
      "  %-13s %12s transaction rows/s, %.0f MB/s\n", "speed",
      Grouped(static_cast<int64_t>(static_cast<double>(stats.transaction_rows) / seconds)).c_str(),
      static_cast<double>(tx_bytes) / seconds / 1e6);
  std::printf("add a batch of new files later with: ingot generate ecommerce --out %s --append\n",
              options.out_dir.c_str());
}

Status RunGenerate(GenerateArgs* args, const GlobalOptions& global) {
  args->options.format =
      args->format == "json" ? generators::OutputFormat::kJson : generators::OutputFormat::kCsv;
  args->options.threads = global.threads;
  // Generated data can always be generated again: skip the fsyncs.
  storage::LocalFileSystem fs(storage::LocalFileSystemOptions{.durable = false});
  INGOT_ASSIGN_OR_RAISE(generators::EcommerceStats stats,
                        generators::GenerateEcommerce(&fs, args->options));
  if (!args->quiet) PrintSummary(args->options, stats);
  return Status::OK();
}

}  // namespace

void AddGenerateCommand(CLI::App* app, const GlobalOptions* global, CommandOutcome* outcome) {
  auto args = std::make_shared<GenerateArgs>();
  CLI::App* cmd = app->add_subcommand("generate", "Generate synthetic data sets");
  cmd->require_subcommand(1);
  CLI::App* ecommerce = cmd->add_subcommand(
      "ecommerce",
      "Customers, products and transactions (skewed, seasonal, with a share of dirty rows), "
      "deterministic per seed");
  generators::EcommerceOptions& o = args->options;
  ecommerce->add_option("--out", o.out_dir, "Output folder")->required();
  ecommerce->add_option("--transactions", o.transactions, "Transaction rows of this batch")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  auto* customers = ecommerce->add_option("--customers", o.customers, "Customers")
                        ->capture_default_str()
                        ->check(CLI::PositiveNumber);
  auto* products = ecommerce->add_option("--products", o.products, "Products")
                       ->capture_default_str()
                       ->check(CLI::PositiveNumber);
  ecommerce->add_option("--days", o.days, "Days the batch's events span")
      ->capture_default_str()
      ->check(CLI::Range(1, 36500));
  ecommerce->add_option("--start-date", o.start_date,
                        "First day, YYYY-MM-DD (default 2025-01-01; with --append the day after "
                        "the previous batch)");
  ecommerce->add_option("--files", o.files, "Transaction files of this batch, written in parallel")
      ->capture_default_str()
      ->check(CLI::Range(1, 99999));
  auto* format = ecommerce->add_option("--format", args->format, "csv or json (one object a line)")
                     ->capture_default_str()
                     ->check(CLI::IsMember({"csv", "json"}));
  ecommerce->add_option("--dirty-rate", o.dirty_rate, "Share of dirty transaction rows, 0..0.5")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 0.5));
  auto* seed = ecommerce->add_option("--seed", o.seed, "Random seed")->capture_default_str();
  auto* append = ecommerce->add_flag(
      "--append", o.append,
      "Add a batch of new transaction files (new ids, later dates, late updates of earlier "
      "rows) to a folder generated before; seed, sizes and format come from its manifest");
  append->excludes(customers)->excludes(products)->excludes(format)->excludes(seed);
  ecommerce->add_flag("--overwrite", o.overwrite, "Replace data generated there before")
      ->excludes(append);
  ecommerce->add_flag("-q,--quiet", args->quiet, "Print nothing on success");
  ecommerce->footer(
      "Writes DIR/customers/customers.csv, DIR/products/products.csv,\n"
      "DIR/transactions/transactions-00001.csv ... and DIR/_ingot_generate.json.\n"
      "Examples:\n"
      "  ingot generate ecommerce --out data --transactions 1000000 --files 8\n"
      "  ingot generate ecommerce --out data --append --transactions 100000 --days 30");
  ecommerce->callback([args, global, outcome] {
    outcome->status = RunGenerate(args.get(), *global);
    if (outcome->status.IsAlreadyExists()) {
      outcome->hint = "pass --append to add new files, or --overwrite to start again";
    }
  });
}

}  // namespace ingot::cli
