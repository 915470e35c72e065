// Micro-benchmark: delta_scan of a table whose one data file carries a deletion vector, against
// the same scan without a DV and against DuckDB reading the raw Parquet file.
//   build-bench/bench/delta/dv_scan_benchmark [--benchmark_repetitions=5]
//   bench/delta/dv_scan_benchmark [build-dir]   (medians and ratios; bench/run calls it)
// INGOT_BENCH_DV_ROWS sets the rows (default 10,000,000); INGOT_BENCH_DIR the directory.
//
// The table (built once under $INGOT_BENCH_DIR/dv-scan-<rows>, reused while its `.complete`
// marker is there) has one data file of `rows` rows (id BIGINT, v DOUBLE), written by
// CreateTable. Version 1 replaces its add by one with a DV deleting 1% of the rows, version 2
// by one deleting 50% (rows picked by a hash of the row index: scattered, as deletes by a
// predicate on an unsorted column leave them). Each DV is a 'u' DV file written as Spark does
// (version byte, size, portable 64-bit RoaringBitmap, CRC-32).
//
// BM_Scan/<what>/<aggregate>: what = 0 raw read_parquet of the file, 1 delta_scan at version 0
// (no DV), 2 version 1 (1% deleted), 3 version 2 (50% deleted); aggregate = 0 count(*), 1 sum(v).
// The database keeps decoded DVs cached between queries; BM_ScanCold runs each query on a fresh
// database (opened untimed), so its time includes reading and decoding the DV (and a fresh
// database's first-query costs: the no-DV case, what = 1, shows those alone).
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "delta/log/deletion_vector.h"
#include "delta/ops/create_table.h"
#include "delta/scan/delta_functions.h"
#include "delta/snapshot/snapshot_loader.h"
#include "delta/txn/commit.h"
#include "delta/txn/log_store.h"
#include "duck/connection.h"
#include "duck/database.h"
#include "storage/local_fs.h"

namespace {

namespace fs = std::filesystem;
using ingot::Status;
using ingot::duck::Connection;
using ingot::duck::Database;
namespace delta = ingot::delta;

// Bump when the way the table is built changes: a cached table of an older layout is rebuilt.
constexpr int kLayoutVersion = 1;

[[noreturn]] void Die(const std::string& what, const Status& status) {
  std::fprintf(stderr, "dv_scan_benchmark: %s: %s\n", what.c_str(), status.ToString().c_str());
  std::exit(1);
}

template <typename T>
T Check(ingot::Result<T> result, const std::string& what) {
  if (!result.ok()) Die(what, result.status());
  return std::move(*result);
}

void Check(const Status& status, const std::string& what) {
  if (!status.ok()) Die(what, status);
}

struct Fixture {
  std::unique_ptr<Database> db;
  std::unique_ptr<Connection> con;
  std::string root;
  std::string data_file;  // absolute path of the one Parquet file
};

std::string BigEndian32(uint32_t value) {
  std::string out(4, '\0');
  for (int i = 0; i < 4; ++i) out[i] = static_cast<char>((value >> (24 - 8 * i)) & 0xff);
  return out;
}

// Writes a 'u' DV file deleting the rows whose hash falls below `percent` and returns its
// descriptor.
delta::DeletionVectorDescriptor WriteDv(const std::string& root, int64_t rows, int percent) {
  std::vector<uint64_t> deleted;
  for (int64_t row = 0; row < rows; ++row) {
    uint64_t h = static_cast<uint64_t>(row) * 0x9E3779B97F4A7C15ULL;
    if ((h >> 32) % 100 < static_cast<uint64_t>(percent)) deleted.push_back(row);
  }
  std::string bitmap = delta::EncodeDeletionVectorBitmap(deleted);
  std::mt19937_64 random(static_cast<uint64_t>(percent));
  std::string uuid(16, '\0');
  for (char& c : uuid) c = static_cast<char>(random() & 0xff);
  delta::DeletionVectorDescriptor dv{.storage_type = "u",
                                     .path_or_inline_dv = Check(delta::Z85Encode(uuid), "z85"),
                                     .offset = 1,
                                     .size_in_bytes = static_cast<int32_t>(bitmap.size()),
                                     .cardinality = static_cast<int64_t>(deleted.size())};
  std::string path = Check(delta::DeletionVectorFilePath(dv, root), "dv path");
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << '\1' << BigEndian32(static_cast<uint32_t>(bitmap.size())) << bitmap
      << BigEndian32(delta::Crc32(bitmap));
  return dv;
}

void Build(Fixture& f, int64_t rows) {
  fs::remove_all(f.root);
  delta::CreateTableOptions create{
      .table_root = f.root,
      .source_sql = "SELECT range AS id, (range % 1000)::DOUBLE AS v FROM range(" +
                    std::to_string(rows) + ")",
      .target_file_size = int64_t{1} << 40};
  Check(delta::CreateTable(f.con.get(), create), "create table");
  auto store = std::make_shared<delta::LogStore>(
      std::make_shared<ingot::storage::LocalFileSystem>(), f.root);
  auto snapshot = Check(delta::LoadSnapshot(*store, f.con.get()), "snapshot");
  if (snapshot->files().size() != 1) {
    Die("create table",
        Status::InvalidArgument("expected one data file, got ", snapshot->files().size()));
  }
  delta::Add previous = snapshot->files()[0];
  for (int percent : {1, 50}) {
    delta::Add add = previous;
    add.deletion_vector = WriteDv(f.root, rows, percent);
    delta::CommitRequest request;
    request.read_version = percent == 1 ? 0 : 1;
    if (percent == 1) {
      request.actions.push_back(delta::Protocol{.min_reader_version = 3,
                                                .min_writer_version = 7,
                                                .reader_features = {{"deletionVectors"}},
                                                .writer_features = {{"deletionVectors"}}});
    }
    request.actions.push_back(previous.ToRemove(0));
    request.actions.push_back(add);
    request.operation = "DELETE";
    request.read_set.whole_table = true;
    Check(delta::Commit(*store, std::move(request)), "commit DV");
    previous = add;
  }
  std::ofstream(f.root + "/.complete") << kLayoutVersion;
}

Fixture& Shared() {
  static Fixture* f = [] {
    auto* out = new Fixture;
    out->db = Check(Database::Open(), "open");
    out->con = Check(out->db->Connect(), "connect");
    Check(delta::RegisterDeltaFunctions(out->db.get(), out->con.get()), "register");
    const char* rows_env = std::getenv("INGOT_BENCH_DV_ROWS");
    int64_t rows = rows_env != nullptr ? std::atoll(rows_env) : 10'000'000;
    const char* dir = std::getenv("INGOT_BENCH_DIR");
    std::string base =
        dir != nullptr ? dir : (fs::temp_directory_path() / "ingot-delta-bench").string();
    out->root = base + "/dv-scan-" + std::to_string(rows);
    std::ifstream marker(out->root + "/.complete");
    int layout = 0;
    if (!(marker >> layout) || layout != kLayoutVersion) {
      std::fprintf(stderr, "dv_scan_benchmark: building %s\n", out->root.c_str());
      fs::create_directories(base);
      Build(*out, rows);
    }
    for (const auto& entry : fs::directory_iterator(out->root)) {
      if (entry.path().extension() == ".parquet") out->data_file = entry.path().string();
    }
    return out;
  }();
  return *f;
}

void BM_Scan(benchmark::State& state) {
  Fixture& f = Shared();
  const int64_t what = state.range(0);
  const std::string aggregate = state.range(1) == 0 ? "count(*)" : "sum(v)";
  std::string from =
      what == 0 ? "read_parquet('" + f.data_file + "')"
                : "delta_scan('" + f.root + "', version => " + std::to_string(what - 1) + ")";
  const std::string sql = "SELECT " + aggregate + " FROM " + from;
  for (auto _ : state) {
    std::string value = Check(f.con->QueryScalar(sql), sql);
    benchmark::DoNotOptimize(value);
  }
}
void BM_ScanCold(benchmark::State& state) {
  Fixture& f = Shared();
  const std::string sql = std::string("SELECT ") + (state.range(1) == 0 ? "count(*)" : "sum(v)") +
                          " FROM delta_scan('" + f.root + "', version => " +
                          std::to_string(state.range(0) - 1) + ")";
  for (auto _ : state) {
    state.PauseTiming();
    auto db = Check(Database::Open(), "open");
    auto con = Check(db->Connect(), "connect");
    Check(delta::RegisterDeltaFunctions(db.get(), con.get()), "register");
    state.ResumeTiming();
    std::string value = Check(con->QueryScalar(sql), sql);
    benchmark::DoNotOptimize(value);
  }
}
BENCHMARK(BM_ScanCold)
    ->ArgsProduct({{1, 2, 3}, {0, 1}})
    ->ArgNames({"what", "agg"})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

BENCHMARK(BM_Scan)
    ->ArgsProduct({{0, 1, 2, 3}, {0, 1}})
    ->ArgNames({"what", "agg"})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
