// Micro-benchmark: delta::WriteTable (append) against DuckDB's own COPY of the same rows to one
// Parquet file, on one in-process database, plus the COPY variants between the two, so the cost
// of each thing WriteTable adds is visible:
//   BM_DuckDbCopy          COPY (SELECT * FROM src) TO 'x.parquet'            (the peer)
//   BM_CopyCasts           ... with WriteTable's SELECT (casts to the table types; TIMESTAMP
//                          becomes TIMESTAMPTZ, as a Delta `timestamp` is UTC-adjusted)
//   BM_CopyReturnStats     the peer's COPY with RETURN_STATS (per-file column statistics)
//   BM_CopyFileSize        the peer's COPY into a directory with FILE_SIZE_BYTES 128 MiB
//   BM_CopyAsWriteTable    the exact COPY WriteTable runs (all of the above, snappy, a directory)
//   BM_CopyAsWriteTableFastTimestamp  the same with a cheap UTC TIMESTAMP -> TIMESTAMPTZ
//   BM_WriteTable          delta::WriteTable (append) on a table reset to version 0 each time
//   build-bench/bench/delta/append_benchmark [--benchmark_repetitions=5]
// INGOT_BENCH_ROWS sets the rows (default 1,000,000); INGOT_BENCH_DIR the directory.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include <benchmark/benchmark.h>

#include "delta/ops/create_table.h"
#include "delta/ops/write_table.h"
#include "duck/connection.h"
#include "duck/database.h"

namespace {

namespace fs = std::filesystem;
using ingot::Status;
using ingot::duck::Connection;
using ingot::duck::Database;

struct Fixture {
  std::unique_ptr<Database> db;
  std::unique_ptr<Connection> con;
  std::string dir;
  std::string source;  // SELECT * FROM read_parquet(...)
  int64_t rows = 0;
};

[[noreturn]] void Die(const std::string& what, const Status& status) {
  std::fprintf(stderr, "append_benchmark: %s: %s\n", what.c_str(), status.ToString().c_str());
  std::exit(1);
}

// The orders rows of bench/run's append benchmark (keep the two in step).
std::string OrdersSql(int64_t rows) {
  return "SELECT range AS transaction_id, (hash(range) % 1000000)::INTEGER AS customer_id, "
         "['electronics','books','clothing','home','garden','toys','sports','beauty','grocery',"
         "'automotive'][1 + (range % 10)::INTEGER] AS category, "
         "'SKU-' || lpad(((range * 7919) % 50000)::VARCHAR, 6, '0') AS sku, "
         "(1 + range % 5)::INTEGER AS quantity, "
         "(((range * 37) % 100000) / 100)::DECIMAL(10,2) AS unit_price, "
         "['US','DE','FR','GB','JP','BR','IN','CA','AU','NL'][1 + ((range // 7) % 10)::INTEGER] "
         "AS country, TIMESTAMP '2024-01-01' + to_seconds(range * 3) AS ordered_at, "
         "(range % 13 = 0) AS is_gift, ((range % 20) / 100)::DOUBLE AS discount FROM range(" +
         std::to_string(rows) + ")";
}

Fixture& Shared() {
  static Fixture* fixture = [] {
    auto* f = new Fixture();
    const char* rows_env = std::getenv("INGOT_BENCH_ROWS");
    f->rows = rows_env != nullptr ? std::atoll(rows_env) : 1'000'000;
    const char* dir_env = std::getenv("INGOT_BENCH_DIR");
    f->dir = (dir_env != nullptr && *dir_env != '\0')
                 ? std::string(dir_env)
                 : (fs::temp_directory_path() / "ingot-delta-bench").string();
    fs::create_directories(f->dir);
    std::string parquet = f->dir + "/orders-" + std::to_string(f->rows) + ".parquet";
    f->db = std::move(Database::Open()).ValueOrDie();
    f->con = std::move(f->db->Connect()).ValueOrDie();
    if (!fs::exists(parquet)) {
      Status st = f->con->Execute("COPY (" + OrdersSql(f->rows) + ") TO '" + parquet +
                                  ".tmp' (FORMAT parquet)");
      if (!st.ok()) Die("generating " + parquet, st);
      fs::rename(parquet + ".tmp", parquet);
    }
    f->source = "SELECT * FROM read_parquet('" + parquet + "')";
    return f;
  }();
  return *fixture;
}

// WriteTable's SELECT list for this schema (data_writer.cc BuildSelect).
const char* kCastSelect =
    "CAST(src.\"transaction_id\" AS BIGINT) AS \"transaction_id\", "
    "CAST(src.\"customer_id\" AS INTEGER) AS \"customer_id\", "
    "CAST(src.\"category\" AS VARCHAR) AS \"category\", CAST(src.\"sku\" AS VARCHAR) AS \"sku\", "
    "CAST(src.\"quantity\" AS INTEGER) AS \"quantity\", "
    "CAST(src.\"unit_price\" AS DECIMAL(10,2)) AS \"unit_price\", "
    "CAST(src.\"country\" AS VARCHAR) AS \"country\", "
    "CAST(src.\"ordered_at\" AS TIMESTAMPTZ) AS \"ordered_at\", "
    "CAST(src.\"is_gift\" AS BOOLEAN) AS \"is_gift\", "
    "CAST(src.\"discount\" AS DOUBLE) AS \"discount\"";

void RunCopy(benchmark::State& state, const std::string& select, const std::string& target,
             const std::string& options, bool directory) {
  Fixture& f = Shared();
  std::string out = f.dir + "/" + target;
  std::string sql = "COPY (SELECT " + select + " FROM (" + f.source + ") AS src) TO '" + out +
                    "' (FORMAT parquet" + options + ")";
  for (auto _ : state) {
    state.PauseTiming();
    fs::remove_all(out);
    state.ResumeTiming();
    if (directory) {
      // Drain the RETURN_STATS rows as WriteTable does.
      auto result = f.con->Query(sql);
      if (!result.ok()) state.SkipWithError(result.status().ToString().c_str());
      while (result.ok()) {
        auto chunk = (*result)->Next();
        if (!chunk.ok() || *chunk == nullptr) break;
      }
    } else {
      Status st = f.con->Execute(sql);
      if (!st.ok()) state.SkipWithError(st.ToString().c_str());
    }
  }
  state.SetItemsProcessed(state.iterations() * f.rows);
}

void BM_DuckDbCopy(benchmark::State& state) { RunCopy(state, "*", "duck.parquet", "", false); }

void BM_CopyCasts(benchmark::State& state) {
  RunCopy(state, kCastSelect, "casts.parquet", "", false);
}

void BM_CopyReturnStats(benchmark::State& state) {
  RunCopy(state, "*", "stats.parquet", ", RETURN_STATS", true);
}

void BM_CopyFileSize(benchmark::State& state) {
  RunCopy(state, "*", "sized", ", FILE_SIZE_BYTES 134217728", true);
}

void BM_CopyAsWriteTable(benchmark::State& state) {
  RunCopy(state, kCastSelect, "as-write-table",
          ", COMPRESSION snappy, RETURN_STATS, FILENAME_PATTERN "
          "'part-00000-{uuid}-c000.snappy', FILE_SIZE_BYTES 134217728",
          true);
}

// BM_CopyAsWriteTable with TIMESTAMP -> TIMESTAMPTZ done as make_timestamptz(epoch_us(ts)), which
// is the same value under the UTC session time zone (infinity aside) but skips ICU's per-value
// calendar conversion: what WriteTable would cost with that change.
void BM_CopyAsWriteTableFastTimestamp(benchmark::State& state) {
  std::string select = kCastSelect;
  std::string slow = "CAST(src.\"ordered_at\" AS TIMESTAMPTZ)";
  select.replace(select.find(slow), slow.size(), "make_timestamptz(epoch_us(src.\"ordered_at\"))");
  RunCopy(state, select, "as-write-table-fast-ts",
          ", COMPRESSION snappy, RETURN_STATS, FILENAME_PATTERN "
          "'part-00000-{uuid}-c000.snappy', FILE_SIZE_BYTES 134217728",
          true);
}

void BM_WriteTable(benchmark::State& state) {
  Fixture& f = Shared();
  std::string root = f.dir + "/append-table";
  for (auto _ : state) {
    state.PauseTiming();
    fs::remove_all(root);
    auto created = ingot::delta::CreateTable(
        f.con.get(), {.table_root = root, .source_sql = f.source + " LIMIT 0"});
    if (!created.ok()) Die("creating " + root, created.status());
    state.ResumeTiming();
    auto written =
        ingot::delta::WriteTable(f.con.get(), {.table_root = root, .source_sql = f.source});
    if (!written.ok()) state.SkipWithError(written.status().ToString().c_str());
  }
  state.SetItemsProcessed(state.iterations() * f.rows);
}

// Wall time is the measure; the CPU column is the whole process's (DuckDB's threads included),
// which varies less than wall time on a busy machine.
void Options(benchmark::internal::Benchmark* b) {
  b->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime()->UseRealTime();
}
BENCHMARK(BM_DuckDbCopy)->Apply(Options);
BENCHMARK(BM_CopyCasts)->Apply(Options);
BENCHMARK(BM_CopyReturnStats)->Apply(Options);
BENCHMARK(BM_CopyFileSize)->Apply(Options);
BENCHMARK(BM_CopyAsWriteTable)->Apply(Options);
BENCHMARK(BM_CopyAsWriteTableFastTimestamp)->Apply(Options);
BENCHMARK(BM_WriteTable)->Apply(Options);

}  // namespace

BENCHMARK_MAIN();
