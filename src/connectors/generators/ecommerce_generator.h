#pragma once

// `ingot generate ecommerce`: customers, products and transaction files with realistic skew and
// seasonality and a controlled share of dirty rows. Deterministic per seed (same options, same
// bytes), constant memory (rows are streamed to the files), one thread per file in parallel.
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "common/result.h"
#include "connectors/generators/ecommerce_model.h"
#include "connectors/generators/row_format.h"

namespace ingot::storage {
class FileSystem;
}

namespace ingot::generators {

struct EcommerceOptions {
  // Output folder: customers/customers.<ext>, products/products.<ext>,
  // transactions/transactions-00001.<ext> ... and the manifest _ingot_generate.json.
  std::string out_dir;
  int64_t transactions = 1'000'000;  // transaction rows written by this batch (dirty ones included)
  int64_t customers = 50'000;        // ignored with append (taken from the manifest)
  int64_t products = 2'000;          // ignored with append
  int32_t days = 365;                // the batch's events fall in [start_date, start_date + days)
  // "YYYY-MM-DD"; empty = 2025-01-01 for a first batch, the day after the previous batch's window
  // with append.
  std::string start_date;
  int32_t files = 4;                         // transaction files of this batch
  OutputFormat format = OutputFormat::kCsv;  // ignored with append
  double dirty_rate = 0.02;                  // share of dirty transaction rows, in [0, 0.5]
  uint64_t seed = 42;                        // ignored with append
  // Add a batch of new transaction files (new ids, later dates, late updates of earlier
  // batches) to a folder written before; customers and products stay as they are.
  bool append = false;
  // Replace what an earlier run generated in out_dir (otherwise that is kAlreadyExists).
  bool overwrite = false;
  int threads = 0;  // worker threads; 0 = one per core
};

struct GeneratedFile {
  std::string path;
  std::string kind;  // "customers", "products", "transactions"
  int64_t rows = 0;
  int64_t bytes = 0;
};

struct EcommerceStats {
  int batch = 1;         // 1 for a first run, then 2, 3, ... with append
  int64_t first_id = 0;  // new transaction ids of this batch: [first_id, end_id)
  int64_t end_id = 0;
  std::string start_date;  // the batch's window
  int32_t days = 0;
  int64_t customer_rows = 0;  // 0 with append
  int64_t product_rows = 0;
  int64_t transaction_rows = 0;                  // all rows written to transaction files
  std::array<int64_t, kDirtyKindCount> dirty{};  // per DirtyKind; [0] counts clean rows
  std::vector<GeneratedFile> files;
  int threads = 0;
  double seconds = 0;

  int64_t dirty_rows() const;
};

// Writes one batch through `fs` (which must be able to publish files under options.out_dir).
// Errors: kInvalidArgument for bad options; kAlreadyExists when out_dir already holds generated
// data and neither append nor overwrite is set; kNotFound when append finds no manifest; I/O errors
// from `fs` (files already published stay, the manifest is written last).
Result<EcommerceStats> GenerateEcommerce(storage::FileSystem* fs, const EcommerceOptions& options);

}  // namespace ingot::generators
