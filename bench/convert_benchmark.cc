// Micro-benchmark: Ingot's CSV -> Parquet conversion against the same DuckDB COPY run directly,
// on one in-process database, so the difference is exactly what the wrapper adds.
//   build-bench/bench/convert_benchmark [--benchmark_repetitions=5]
// INGOT_BENCH_ROWS sets the CSV size (default 1,000,000 rows).
#include <cstdlib>
#include <filesystem>
#include <string>

#include <benchmark/benchmark.h>

#include "connectors/files/convert.h"
#include "duck/connection.h"
#include "duck/database.h"

namespace {

using ingot::duck::Connection;
using ingot::duck::Database;

struct Fixture {
  std::unique_ptr<Database> db;
  std::unique_ptr<Connection> con;
  std::string dir;
  std::string csv;
  int64_t rows = 0;
};

Fixture& Shared() {
  static Fixture* fixture = [] {
    auto* f = new Fixture();
    const char* rows_env = std::getenv("INGOT_BENCH_ROWS");
    f->rows = rows_env != nullptr ? std::atoll(rows_env) : 1'000'000;
    f->dir = (std::filesystem::temp_directory_path() / "ingot_convert_bench").string();
    std::filesystem::create_directories(f->dir);
    f->csv = f->dir + "/in.csv";
    f->db = std::move(Database::Open()).ValueOrDie();
    f->con = std::move(f->db->Connect()).ValueOrDie();
    ingot::Status st = f->con->Execute(
        "COPY (SELECT range AS id, 'customer_' || (range % 9973) AS name, range * 0.25 AS amount, "
        "DATE '2024-01-01' + (range % 365)::INTEGER AS day FROM range(" +
        std::to_string(f->rows) + ")) TO '" + f->csv + "' (FORMAT csv, HEADER true)");
    if (!st.ok()) {
      std::fprintf(stderr, "setup failed: %s\n", st.ToString().c_str());
      std::exit(1);
    }
    return f;
  }();
  return *fixture;
}

void BM_IngotConvert(benchmark::State& state) {
  Fixture& f = Shared();
  ingot::files::ConvertOptions options{.input = f.csv, .output = f.dir + "/ingot.parquet"};
  for (auto _ : state) {
    auto stats = ingot::files::Convert(f.con.get(), options);
    if (!stats.ok()) state.SkipWithError(stats.status().ToString().c_str());
  }
  state.SetItemsProcessed(state.iterations() * f.rows);
}

void BM_DuckDbCopy(benchmark::State& state) {
  Fixture& f = Shared();
  std::string sql = "COPY (SELECT * FROM read_csv('" + f.csv + "')) TO '" + f.dir +
                    "/duckdb.parquet' (FORMAT parquet)";
  for (auto _ : state) {
    ingot::Status st = f.con->Execute(sql);
    if (!st.ok()) state.SkipWithError(st.ToString().c_str());
  }
  state.SetItemsProcessed(state.iterations() * f.rows);
}

BENCHMARK(BM_DuckDbCopy)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_IngotConvert)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
