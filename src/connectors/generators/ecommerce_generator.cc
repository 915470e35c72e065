#include "connectors/generators/ecommerce_generator.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

#include "common/macros.h"
#include "connectors/generators/calendar.h"
#include "connectors/generators/generate_manifest.h"
#include "connectors/generators/random.h"
#include "storage/file_system.h"

namespace ingot::generators {
namespace {

constexpr size_t kFlushBytes = 1 << 20;
constexpr int64_t kDuplicateWindow = 5'000;  // a re-send repeats one of the last rows
constexpr uint64_t kFileSalt = 0xf11e5;
const char* const kDefaultStartDate = "2025-01-01";

// Rows appended to a buffer that is handed to the stream in ~1 MiB pieces.
class BufferedFile {
 public:
  static Result<std::unique_ptr<BufferedFile>> Open(storage::FileSystem* fs,
                                                    const std::string& path) {
    auto file = std::unique_ptr<BufferedFile>(new BufferedFile());
    INGOT_ASSIGN_OR_RAISE(file->stream_, fs->OpenOutputStream(path));
    file->buffer_.reserve(kFlushBytes + 4096);
    return file;
  }
  std::string* buffer() { return &buffer_; }
  Status MaybeFlush() { return buffer_.size() >= kFlushBytes ? Flush() : Status::OK(); }
  Status Close(int64_t* bytes) {
    INGOT_RETURN_NOT_OK(Flush());
    *bytes = stream_->Tell();
    return stream_->Close();
  }

 private:
  BufferedFile() = default;
  Status Flush() {
    INGOT_RETURN_NOT_OK(stream_->Write(buffer_));
    buffer_.clear();
    return Status::OK();
  }
  std::unique_ptr<storage::OutputStream> stream_;
  std::string buffer_;
};

// What one transaction file of the batch holds.
struct FilePlan {
  std::string path;
  int64_t rows = 0;         // all rows of the file
  int64_t resends = 0;      // of which duplicates and late updates
  int64_t first_fresh = 0;  // the file's new ids: [first_fresh, first_fresh + rows - resends)
  uint64_t stream_seed = 0;
};

struct FileResult {
  GeneratedFile file;
  std::array<int64_t, kDirtyKindCount> dirty{};
};

Status WriteTransactions(storage::FileSystem* fs, const TransactionModel& model,
                         const RowFormat& format, const FilePlan& plan, FileResult* result) {
  const BatchWindow& batch = model.batches().back();
  const int64_t history_first = model.batches().front().first_id;
  const bool has_history = history_first < batch.first_id;
  const int64_t batch_start_seconds = batch.start_day * 86'400;
  INGOT_ASSIGN_OR_RAISE(auto file, BufferedFile::Open(fs, plan.path));
  std::string* out = file->buffer();
  format.AppendTransactionHeader(out);
  Rng rng(plan.stream_seed);
  int64_t next_fresh = plan.first_fresh;
  int64_t resends_left = plan.resends;
  for (int64_t slots_left = plan.rows; slots_left > 0; --slots_left) {
    // Selection sampling: exactly `resends` re-sends, spread uniformly over the file.
    if (resends_left > 0 &&
        static_cast<int64_t>(rng.Below(static_cast<uint64_t>(slots_left))) < resends_left) {
      --resends_left;
      const bool duplicate = rng.Below(35) < 15;
      if (duplicate) {
        const int64_t lo = std::max(plan.first_fresh, next_fresh - kDuplicateWindow);
        const int64_t id = next_fresh > lo ? rng.Between(lo, next_fresh - 1) : plan.first_fresh;
        format.AppendTransaction(model.Clean(id), model.Corruption(id), out);
        ++result->dirty[static_cast<size_t>(DirtyKind::kDuplicate)];
      } else {
        // Half of the updates touch earlier batches (when there are any), the rest this batch.
        int64_t id;
        int64_t not_before = 0;
        if (has_history && (next_fresh == batch.first_id || rng.Below(2) == 0)) {
          id = rng.Between(history_first, batch.first_id - 1);
          not_before = batch_start_seconds;
        } else {
          id = next_fresh > batch.first_id ? rng.Between(batch.first_id, next_fresh - 1)
                                           : batch.first_id;
        }
        format.AppendTransaction(model.LateUpdate(id, not_before, &rng), DirtyKind::kNone, out);
        ++result->dirty[static_cast<size_t>(DirtyKind::kLateUpdate)];
      }
    } else {
      const int64_t id = next_fresh++;
      const DirtyKind dirty = model.Corruption(id);
      format.AppendTransaction(model.Clean(id), dirty, out);
      ++result->dirty[static_cast<size_t>(dirty)];
    }
    INGOT_RETURN_NOT_OK(file->MaybeFlush());
  }
  result->file = {plan.path, "transactions", plan.rows, 0};
  return file->Close(&result->file.bytes);
}

Status WriteCustomers(storage::FileSystem* fs, const ModelParams& params, const RowFormat& format,
                      const std::string& path, FileResult* result) {
  INGOT_ASSIGN_OR_RAISE(auto file, BufferedFile::Open(fs, path));
  format.AppendCustomerHeader(file->buffer());
  for (int64_t id = 1; id <= params.customers; ++id) {
    format.AppendCustomer(MakeCustomer(params, id), file->buffer());
    INGOT_RETURN_NOT_OK(file->MaybeFlush());
  }
  result->file = {path, "customers", params.customers, 0};
  return file->Close(&result->file.bytes);
}

Status WriteProducts(storage::FileSystem* fs, const ModelParams& params, const RowFormat& format,
                     const std::string& path, FileResult* result) {
  INGOT_ASSIGN_OR_RAISE(auto file, BufferedFile::Open(fs, path));
  format.AppendProductHeader(file->buffer());
  for (int64_t id = 1; id <= params.products; ++id) {
    format.AppendProduct(MakeProduct(params, id), file->buffer());
    INGOT_RETURN_NOT_OK(file->MaybeFlush());
  }
  result->file = {path, "products", params.products, 0};
  return file->Close(&result->file.bytes);
}

// Runs the tasks on `threads` workers; returns the first error (the others still finish).
Status RunParallel(const std::vector<std::function<Status()>>& tasks, int threads) {
  std::atomic<size_t> next{0};
  std::mutex mu;
  Status first_error;
  auto worker = [&] {
    for (size_t i = next++; i < tasks.size(); i = next++) {
      Status status = tasks[i]();
      std::lock_guard<std::mutex> lock(mu);
      if (!status.ok() && first_error.ok()) first_error = status;
    }
  };
  std::vector<std::thread> pool;
  for (int i = 1; i < threads; ++i) pool.emplace_back(worker);
  worker();
  for (std::thread& t : pool) t.join();
  return first_error;
}

Status Validate(const EcommerceOptions& o) {
  if (o.out_dir.empty()) return Status::InvalidArgument("--out: an output folder is required");
  if (o.transactions < 0) return Status::InvalidArgument("--transactions must be >= 0");
  if (o.customers < 1 || o.products < 1) {
    return Status::InvalidArgument("--customers and --products must be >= 1");
  }
  if (o.days < 1 || o.days > 36'500) return Status::InvalidArgument("--days must be in [1, 36500]");
  if (o.files < 1 || o.files > 99'999) {
    return Status::InvalidArgument("--files must be in [1, 99999]");
  }
  if (!(o.dirty_rate >= 0 && o.dirty_rate <= 0.5)) {
    return Status::InvalidArgument("--dirty-rate must be in [0, 0.5], got ", o.dirty_rate);
  }
  return Status::OK();
}

// Without append or overwrite, an earlier run's output must not be clobbered.
Status CheckFreshOutput(storage::FileSystem* fs, const EcommerceOptions& options) {
  const std::vector<std::string> dirs = {options.out_dir + "/transactions",
                                         options.out_dir + "/customers",
                                         options.out_dir + "/products"};
  if (options.overwrite) {
    for (const std::string& dir : dirs) {
      Status deleted = fs->DeleteDir(dir);
      if (!deleted.ok() && !deleted.IsNotFound()) return deleted;
    }
    Status deleted = fs->Delete(ManifestPath(options.out_dir));
    return deleted.ok() || deleted.IsNotFound() ? Status::OK() : deleted;
  }
  bool taken = fs->GetFileInfo(ManifestPath(options.out_dir)).ok();
  for (const std::string& dir : dirs) {
    Result<std::vector<storage::FileInfo>> entries = fs->List(dir);
    taken = taken || (entries.ok() && !entries->empty());
  }
  if (taken) {
    return Status::AlreadyExists(options.out_dir,
                                 " already holds generated data: pass --append to add a batch of "
                                 "new transaction files, or --overwrite to replace it");
  }
  return Status::OK();
}

}  // namespace

int64_t EcommerceStats::dirty_rows() const {
  int64_t total = 0;
  for (int i = 1; i < kDirtyKindCount; ++i) total += dirty[static_cast<size_t>(i)];
  return total;
}

Result<EcommerceStats> GenerateEcommerce(storage::FileSystem* fs, const EcommerceOptions& options) {
  INGOT_RETURN_NOT_OK(Validate(options));
  const auto started = std::chrono::steady_clock::now();

  GenerateManifest manifest;
  if (options.append) {
    INGOT_ASSIGN_OR_RAISE(std::optional<GenerateManifest> previous,
                          ReadManifest(fs, options.out_dir));
    if (!previous) {
      return Status::NotFound(ManifestPath(options.out_dir),
                              ": nothing generated there yet to append to (run without --append "
                              "first)");
    }
    manifest = std::move(*previous);
  } else {
    INGOT_RETURN_NOT_OK(CheckFreshOutput(fs, options));
    manifest.params = {
        .seed = options.seed, .customers = options.customers, .products = options.products};
    manifest.format = options.format;
  }

  BatchWindow batch;
  batch.first_id = manifest.batches.empty() ? 1 : manifest.batches.back().end_id;
  batch.days = options.days;
  batch.dirty_rate = options.dirty_rate;
  if (!options.start_date.empty()) {
    INGOT_ASSIGN_OR_RAISE(batch.start_day, ParseIsoDate(options.start_date));
  } else if (manifest.batches.empty()) {
    INGOT_ASSIGN_OR_RAISE(batch.start_day, ParseIsoDate(kDefaultStartDate));
  } else {
    batch.start_day = manifest.batches.back().start_day + manifest.batches.back().days;
  }
  if (manifest.batches.empty()) manifest.params.base_day = batch.start_day;

  // Split the rows over the files and fix each file's new ids up front, so that the files can be
  // written in parallel and the result does not depend on the number of threads.
  const RowFormat format(manifest.format, manifest.params);
  const int batch_number = static_cast<int>(manifest.batches.size()) + 1;
  std::vector<FilePlan> plans;
  int64_t next_id = batch.first_id;
  const double resend_share = TransactionModel::ResendShare(options.dirty_rate);
  for (int32_t k = 0; k < options.files; ++k) {
    FilePlan plan;
    plan.rows =
        options.transactions * (k + 1) / options.files - options.transactions * k / options.files;
    plan.resends = std::llround(static_cast<double>(plan.rows) * resend_share);
    plan.first_fresh = next_id;
    next_id += plan.rows - plan.resends;
    const int32_t number = manifest.files + k + 1;
    plan.stream_seed = HashKey(manifest.params.seed, static_cast<uint64_t>(number), kFileSalt);
    char name[64];
    std::snprintf(name, sizeof(name), "/transactions/transactions-%05d.%s", number,
                  format.extension());
    plan.path = options.out_dir + name;
    plans.push_back(std::move(plan));
  }
  batch.end_id = next_id;
  manifest.batches.push_back(batch);
  manifest.files += options.files;
  const TransactionModel model(manifest.params, manifest.batches);

  std::vector<FileResult> results(plans.size() + (options.append ? 0 : 2));
  std::vector<std::function<Status()>> tasks;
  for (size_t i = 0; i < plans.size(); ++i) {
    tasks.push_back([&, i] { return WriteTransactions(fs, model, format, plans[i], &results[i]); });
  }
  if (!options.append) {
    const std::string ext = format.extension();
    tasks.push_back([&, ext] {
      return WriteCustomers(fs, manifest.params, format,
                            options.out_dir + "/customers/customers." + ext,
                            &results[plans.size()]);
    });
    tasks.push_back([&, ext] {
      return WriteProducts(fs, manifest.params, format,
                           options.out_dir + "/products/products." + ext,
                           &results[plans.size() + 1]);
    });
  }
  int threads =
      options.threads > 0 ? options.threads : static_cast<int>(std::thread::hardware_concurrency());
  threads = std::clamp(threads, 1, static_cast<int>(tasks.size()));
  INGOT_RETURN_NOT_OK(RunParallel(tasks, threads));
  INGOT_RETURN_NOT_OK(WriteManifest(fs, options.out_dir, manifest));

  EcommerceStats stats;
  stats.batch = batch_number;
  stats.first_id = batch.first_id;
  stats.end_id = batch.end_id;
  stats.start_date = FormatIsoDate(batch.start_day);
  stats.days = batch.days;
  stats.threads = threads;
  for (const FileResult& r : results) {
    if (r.file.kind == "customers") stats.customer_rows += r.file.rows;
    if (r.file.kind == "products") stats.product_rows += r.file.rows;
    if (r.file.kind == "transactions") stats.transaction_rows += r.file.rows;
    for (int i = 0; i < kDirtyKindCount; ++i) {
      stats.dirty[static_cast<size_t>(i)] += r.dirty[static_cast<size_t>(i)];
    }
    stats.files.push_back(r.file);
  }
  stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return stats;
}

}  // namespace ingot::generators
