// Micro-benchmark: LoadSnapshot of the latest version of a long-lived table.
//   build-bench/bench/delta/snapshot_benchmark [--benchmark_repetitions=5]
// Targets (issue): < 200 ms for a table of 10,000 commits with a checkpoint every 10 commits;
// the 1,000-commit table without any checkpoint is reported, not judged.
//
// How the tables are built (once; cached under $INGOT_BENCH_DIR, default <tmp>/ingot-delta-bench,
// and reused while the `.complete` marker in the table root is there):
//   - version 0 commits protocol (1, 2), the metaData of a 10-column e-commerce schema
//     (transaction_id ... discount, as bench/run's append benchmark writes) and one add;
//   - every further version is a blind append of one add (operation WRITE), committed directly
//     through delta::Commit on a LocalFileSystem, so every commit file is exactly what the commit
//     loop writes (commitInfo first); no data file is written (LoadSnapshot never opens them);
//   - each add carries what WriteTable writes for a 100,000-row Parquet file: a part-00000-<uuid>
//     path, size, modificationTime and statistics JSON with numRecords, min/max and nullCount
//     for every column (about 700 bytes), so a checkpoint has realistic width;
//   - with a checkpoint interval k, after each version v with v % k == 0 (v > 0) the build writes
//     a classic checkpoint with WriteCheckpoint (which also updates _last_checkpoint), as
//     WriteTable does; the snapshot it checkpoints is replayed from the previous checkpoint's
//     actions (kept in memory) and the commits since. k = 0 writes no checkpoint at all.
//     The first build of the 10,000-commit table takes a few minutes (about 5 M checkpoint rows
//     in total are written); later runs reuse it.
// So the 10,000-commit table has versions 0..9999 (10,000 live files) and 999 classic checkpoints
// (10, 20, ..., 9990): loading the latest version lists 11,000 log entries, reads the
// 10,000-action checkpoint 9990 and replays the 9 JSON commits 9991..9999 (the worst case
// between checkpoints). The 1,000-commit table replays all 1,000 JSON commits; the same table
// with a checkpoint every 10 commits is there for comparison.
//
// Besides the full load, BM_Split_* time its stages on the same table (listing, checkpoint read,
// commit reads, replay), to show where the time goes.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "delta/log/actions_codec.h"
#include "delta/log/checkpoint_reader.h"
#include "delta/log/checkpoint_writer.h"
#include "delta/snapshot/log_replay.h"
#include "delta/snapshot/log_segment.h"
#include "delta/snapshot/snapshot_loader.h"
#include "delta/txn/commit.h"
#include "delta/txn/log_store.h"
#include "duck/connection.h"
#include "duck/database.h"
#include "duck/query_result.h"
#include "duck/types.h"
#include "storage/local_fs.h"

namespace {

namespace fs = std::filesystem;
using ingot::Status;
using ingot::delta::Action;
using ingot::delta::Add;
using ingot::delta::CheckpointActions;
using ingot::delta::CommitRequest;
using ingot::delta::LogStore;
using ingot::duck::Connection;
using ingot::duck::Database;

// Bump when the way tables are built changes: cached tables of an older layout are rebuilt.
constexpr int kLayoutVersion = 1;

[[noreturn]] void Die(const std::string& what, const Status& status) {
  std::fprintf(stderr, "snapshot_benchmark: %s: %s\n", what.c_str(), status.ToString().c_str());
  std::exit(1);
}

struct Duck {
  std::unique_ptr<Database> db;
  std::unique_ptr<Connection> con;
};

Duck& SharedDuck() {
  static Duck* duck = [] {
    auto* d = new Duck();
    d->db = std::move(Database::Open()).ValueOrDie();
    d->con = std::move(d->db->Connect()).ValueOrDie();
    return d;
  }();
  return *duck;
}

std::string BenchDir() {
  const char* dir = std::getenv("INGOT_BENCH_DIR");
  if (dir != nullptr && *dir != '\0') return dir;
  return (fs::temp_directory_path() / "ingot-delta-bench").string();
}

const char* kSchemaString =
    R"j({"type":"struct","fields":[)j"
    R"j({"name":"transaction_id","type":"long","nullable":true,"metadata":{}},)j"
    R"j({"name":"customer_id","type":"integer","nullable":true,"metadata":{}},)j"
    R"j({"name":"category","type":"string","nullable":true,"metadata":{}},)j"
    R"j({"name":"sku","type":"string","nullable":true,"metadata":{}},)j"
    R"j({"name":"quantity","type":"integer","nullable":true,"metadata":{}},)j"
    R"j({"name":"unit_price","type":"decimal(10,2)","nullable":true,"metadata":{}},)j"
    R"j({"name":"country","type":"string","nullable":true,"metadata":{}},)j"
    R"j({"name":"ordered_at","type":"timestamp","nullable":true,"metadata":{}},)j"
    R"j({"name":"is_gift","type":"boolean","nullable":true,"metadata":{}},)j"
    R"j({"name":"discount","type":"double","nullable":true,"metadata":{}}]})j";

// A deterministic UUID-shaped string for file `i`.
std::string FakeUuid(int64_t i) {
  char buf[48];
  uint64_t a = static_cast<uint64_t>(i) * 0x9E3779B97F4A7C15ULL;
  uint64_t b = a ^ (a >> 29) ^ 0xBF58476D1CE4E5B9ULL;
  std::snprintf(
      buf, sizeof(buf), "%08llx-%04llx-4%03llx-a%03llx-%012llx",
      static_cast<unsigned long long>(a >> 32), static_cast<unsigned long long>((a >> 16) & 0xFFFF),
      static_cast<unsigned long long>(a & 0xFFF), static_cast<unsigned long long>(b & 0xFFF),
      static_cast<unsigned long long>((b >> 16) & 0xFFFFFFFFFFFFULL));
  return buf;
}

// The add WriteTable would write for the `i`-th 100,000-row file of the table.
Add FileAdd(int64_t i) {
  constexpr int64_t kRows = 100'000;
  int64_t lo = i * kRows;
  int64_t hi = lo + kRows - 1;
  Add add;
  add.path = "part-00000-" + FakeUuid(i) + "-c000.snappy.parquet";
  add.size = 2'400'000 + (i % 1000) * 37;
  add.modification_time = 1'700'000'000'000 + i * 1000;
  add.data_change = true;
  auto ts = [](int64_t seconds) {
    // 2024-01-01 + seconds, as Spark writes timestamp stats (ms precision, UTC).
    int64_t t = seconds % (365LL * 86400);
    char buf[40];
    std::snprintf(buf, sizeof(buf), "2024-%02lld-%02lldT%02lld:%02lld:%02lld.000Z",
                  static_cast<long long>(1 + (t / 86400) / 31 % 12),
                  static_cast<long long>(1 + (t / 86400) % 28),
                  static_cast<long long>(t / 3600 % 24), static_cast<long long>(t / 60 % 60),
                  static_cast<long long>(t % 60));
    return std::string(buf);
  };
  add.stats =
      "{\"numRecords\":" + std::to_string(kRows) +
      ",\"minValues\":{\"transaction_id\":" + std::to_string(lo) +
      ",\"customer_id\":" + std::to_string(i % 97) +
      ",\"category\":\"automotive\",\"sku\":\"SKU-000000\",\"quantity\":1,\"unit_price\":0.00,"
      "\"country\":\"AU\",\"ordered_at\":\"" +
      ts(lo * 3) + "\",\"discount\":0.0},\"maxValues\":{\"transaction_id\":" + std::to_string(hi) +
      ",\"customer_id\":" + std::to_string(999'000 + i % 997) +
      ",\"category\":\"toys\",\"sku\":\"SKU-049999\",\"quantity\":5,\"unit_price\":999.99,"
      "\"country\":\"US\",\"ordered_at\":\"" +
      ts(hi * 3) +
      "\",\"discount\":0.19},\"nullCount\":{\"transaction_id\":0,\"customer_id\":0,"
      "\"category\":0,\"sku\":0,\"quantity\":0,\"unit_price\":0,\"country\":0,\"ordered_at\":0,"
      "\"is_gift\":0,\"discount\":0}}";
  return add;
}

CommitRequest AppendRequest(int64_t read_version, int64_t file) {
  CommitRequest request;
  request.read_version = read_version;
  request.actions.push_back(FileAdd(file));
  request.operation = "WRITE";
  request.operation_parameters = {{"mode", "\"Append\""}, {"partitionBy", "\"[]\""}};
  request.operation_metrics = {{"numFiles", "\"1\""},
                               {"numOutputRows", "\"100000\""},
                               {"numOutputBytes", "\"" + std::to_string(FileAdd(file).size) + "\""},
                               {"numRemovedFiles", "\"0\""}};
  request.is_blind_append = true;
  return request;
}

// Builds (or finds cached) a table of `commits` versions, checkpointed every `interval` (0: never).
std::string EnsureTable(int64_t commits, int64_t interval) {
  std::string root = BenchDir() + "/snapshot-v" + std::to_string(kLayoutVersion) + "-" +
                     std::to_string(commits) + "c-cp" + std::to_string(interval);
  std::string marker = root + "/.complete";
  if (fs::exists(marker)) return root;
  fs::remove_all(root);
  fs::create_directories(root);
  std::fprintf(stderr,
               "snapshot_benchmark: building %lld-commit table (checkpoint every %lld) in %s\n",
               static_cast<long long>(commits), static_cast<long long>(interval), root.c_str());
  auto start = std::chrono::steady_clock::now();
  auto local = std::make_shared<ingot::storage::LocalFileSystem>();
  LogStore store(local, root);
  Connection* con = SharedDuck().con.get();

  ingot::delta::Metadata metadata;
  metadata.id = "3c5cbe3b-2a0f-4d7e-9d36-5b4f0a8e6a11";
  metadata.name = "orders";
  metadata.schema_string = kSchemaString;
  metadata.created_time = 1'700'000'000'000;
  if (interval > 0) metadata.configuration["delta.checkpointInterval"] = std::to_string(interval);
  CommitRequest create;
  create.actions = {ingot::delta::Protocol{.min_reader_version = 1, .min_writer_version = 2},
                    metadata, FileAdd(0)};
  create.operation = "CREATE TABLE AS SELECT";
  create.operation_parameters = {{"mode", "\"ErrorIfExists\""}, {"partitionBy", "\"[]\""}};
  auto created = ingot::delta::Commit(store, std::move(create));
  if (!created.ok()) Die("creating " + root, created.status());

  std::shared_ptr<const ingot::delta::Snapshot> last;  // at the latest checkpoint
  for (int64_t v = 1; v < commits; ++v) {
    auto committed = ingot::delta::Commit(store, AppendRequest(v - 1, v));
    if (!committed.ok()) Die("committing version " + std::to_string(v), committed.status());
    if (committed->version != v) {
      Die("committing", Status::Internal("landed at ", committed->version, ", expected ", v));
    }
    if (interval > 0 && v % interval == 0) {
      // The snapshot at v, as LoadSnapshot would replay it from checkpoint v - interval and the
      // commits after it, but with that checkpoint's actions taken from memory instead of read
      // back from Parquet (which would make the build twice as slow).
      ingot::delta::LogReplay replay;
      int64_t first = 0;
      if (last != nullptr) {
        Status st = replay.ApplyCheckpoint(last->version(), CheckpointActions(*last, 0));
        if (!st.ok()) Die("replaying checkpoint " + std::to_string(last->version()), st);
        first = last->version() + 1;
      }
      for (int64_t c = first; c <= v; ++c) {
        auto actions = store.ReadCommitActions(c);
        if (!actions.ok()) Die("reading commit " + std::to_string(c), actions.status());
        Status st = replay.ApplyCommit(c, std::move(*actions));
        if (!st.ok()) Die("replaying commit " + std::to_string(c), st);
      }
      auto snapshot = replay.Finish(committed->timestamp);
      if (!snapshot.ok()) Die("replaying version " + std::to_string(v), snapshot.status());
      last = *snapshot;
      auto written = ingot::delta::WriteCheckpoint(*last, *local, root, con);
      if (!written.ok()) Die("checkpointing version " + std::to_string(v), written.status());
    }
    if (v % 1000 == 0) {
      std::fprintf(stderr, "  ... version %lld (%.1f s)\n", static_cast<long long>(v),
                   std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    }
  }
  std::ofstream(marker) << commits << " commits, checkpoint interval " << interval << "\n";
  std::fprintf(stderr, "snapshot_benchmark: built in %.1f s\n",
               std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  return root;
}

// Args: {commits, checkpoint interval}.
void BM_LoadSnapshot(benchmark::State& state) {
  std::string root = EnsureTable(state.range(0), state.range(1));
  auto local = std::make_shared<ingot::storage::LocalFileSystem>();
  Connection* con = SharedDuck().con.get();
  size_t files = 0;
  for (auto _ : state) {
    auto snapshot = ingot::delta::LoadSnapshot(local, root, con);
    if (!snapshot.ok()) {
      state.SkipWithError(snapshot.status().ToString().c_str());
      return;
    }
    files = (*snapshot)->files().size();
    if ((*snapshot)->version() != state.range(0) - 1 ||
        files != static_cast<size_t>(state.range(0))) {
      state.SkipWithError("loaded the wrong version or files");
      return;
    }
  }
  state.counters["files"] = static_cast<double>(files);
  state.SetItemsProcessed(state.iterations() * state.range(0));  // commits represented per second
}

// The same with con = nullptr: the loader opens a private in-memory DuckDB for the checkpoint.
void BM_LoadSnapshotPrivateDuckDb(benchmark::State& state) {
  std::string root = EnsureTable(state.range(0), state.range(1));
  auto local = std::make_shared<ingot::storage::LocalFileSystem>();
  for (auto _ : state) {
    auto snapshot = ingot::delta::LoadSnapshot(local, root, nullptr);
    if (!snapshot.ok()) {
      state.SkipWithError(snapshot.status().ToString().c_str());
      return;
    }
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}

// Stages of LoadSnapshot, on the table of Args {commits, checkpoint interval}.
struct Stages {
  std::string root;
  std::shared_ptr<ingot::storage::LocalFileSystem> local;
  std::unique_ptr<LogStore> store;
  ingot::delta::LogSegment segment;
};

Stages& SharedStages(const benchmark::State& state) {
  static std::map<std::pair<int64_t, int64_t>, Stages*> all;
  Stages*& s = all[{state.range(0), state.range(1)}];
  if (s == nullptr) {
    s = new Stages();
    s->root = EnsureTable(state.range(0), state.range(1));
    s->local = std::make_shared<ingot::storage::LocalFileSystem>();
    s->store = std::make_unique<LogStore>(s->local, s->root);
    auto listing = ingot::delta::ListLog(*s->local, s->store->LogDir());
    if (!listing.ok()) Die("listing", listing.status());
    auto segment = ingot::delta::PlanLogSegment(*listing, std::nullopt, s->root);
    if (!segment.ok()) Die("planning", segment.status());
    s->segment = *segment;
  }
  return *s;
}

void BM_Split_ListLog(benchmark::State& state) {
  Stages& s = SharedStages(state);
  for (auto _ : state) {
    auto listing = ingot::delta::ListLog(*s.local, s.store->LogDir());
    if (!listing.ok()) state.SkipWithError(listing.status().ToString().c_str());
    auto segment = ingot::delta::PlanLogSegment(*listing, std::nullopt, s.root);
    benchmark::DoNotOptimize(segment);
  }
}

void BM_Split_ReadCheckpoint(benchmark::State& state) {
  Stages& s = SharedStages(state);
  if (!s.segment.checkpoint.has_value()) {
    state.SkipWithError("no checkpoint");
    return;
  }
  Connection* con = SharedDuck().con.get();
  size_t actions = 0;
  for (auto _ : state) {
    auto read =
        ingot::delta::ReadCheckpoint(*s.local, s.store->LogDir(), *s.segment.checkpoint, con);
    if (!read.ok()) {
      state.SkipWithError(read.status().ToString().c_str());
      return;
    }
    actions = read->size();
  }
  state.counters["actions"] = static_cast<double>(actions);
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(actions));
}

// ReadCheckpoint's two halves. The SQL is the reader's (checkpoint_reader.cc ReadParquetActions:
// one to_json line per action column, without the *_parsed fields); copied here because it is
// internal.
std::string CheckpointJsonSql(Connection* con, const std::string& path) {
  std::string source = "read_parquet(" + ingot::duck::QuoteLiteral(path) + ")";
  auto probe = con->Query("SELECT * FROM " + source + " LIMIT 0");
  if (!probe.ok()) Die("probing " + path, probe.status());
  std::string sql = "SELECT concat_ws(chr(10)";
  for (size_t col = 0; col < (*probe)->column_count(); ++col) {
    const std::string& name = (*probe)->ColumnName(col);
    const ingot::duck::ColumnType& type = (*probe)->GetColumnType(col);
    if (type.id != ingot::duck::TypeId::kStruct) continue;
    std::string column = ingot::duck::QuoteIdentifier(name);
    std::string fields;
    for (const std::string& child : type.child_names) {
      if (child.size() > 7 && child.ends_with("_parsed")) continue;
      if (!fields.empty()) fields += ", ";
      fields += ingot::duck::QuoteLiteral(child) + ": struct_extract(" + column + ", " +
                ingot::duck::QuoteLiteral(child) + ")";
    }
    sql += ", CASE WHEN " + column + " IS NOT NULL THEN to_json({" +
           ingot::duck::QuoteLiteral(name) + ": {" + fields + "}}) END";
  }
  return sql + ") FROM " + source;
}

std::string RenderCheckpointJson(Connection* con, const std::string& sql) {
  auto result = con->Query(sql);
  if (!result.ok()) Die("rendering the checkpoint", result.status());
  std::string text;
  while (true) {
    auto chunk = (*result)->Next();
    if (!chunk.ok()) Die("rendering the checkpoint", chunk.status());
    if (*chunk == nullptr) break;
    for (size_t row = 0; row < (*chunk)->size(); ++row) {
      if ((*chunk)->IsNull(0, row)) continue;
      text.append((*chunk)->GetString(0, row));
      text.push_back('\n');
    }
  }
  return text;
}

void BM_Split_CheckpointDuckDbRender(benchmark::State& state) {
  Stages& s = SharedStages(state);
  Connection* con = SharedDuck().con.get();
  std::string sql =
      CheckpointJsonSql(con, s.store->LogDir() + "/" + s.segment.checkpoint->file_names.front());
  size_t bytes = 0;
  for (auto _ : state) bytes = RenderCheckpointJson(con, sql).size();
  state.counters["json_bytes"] = static_cast<double>(bytes);
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(bytes));
}

// What DuckDB needs to hand over the same add actions as typed columns instead of JSON text (no
// to_json, no escaping of the stats strings): a lower bound for a reader that builds Add structs
// straight from the result vectors.
void BM_Split_CheckpointDuckDbTypedScan(benchmark::State& state) {
  Stages& s = SharedStages(state);
  Connection* con = SharedDuck().con.get();
  std::string path = s.store->LogDir() + "/" + s.segment.checkpoint->file_names.front();
  std::string sql =
      "SELECT add.path, add.size, add.modificationTime, add.dataChange, add.stats, "
      "map_keys(add.partitionValues), map_values(add.partitionValues) FROM read_parquet(" +
      ingot::duck::QuoteLiteral(path) + ") WHERE add IS NOT NULL";
  int64_t bytes = 0;
  for (auto _ : state) {
    auto result = con->Query(sql);
    if (!result.ok()) {
      state.SkipWithError(result.status().ToString().c_str());
      return;
    }
    bytes = 0;
    while (true) {
      auto chunk = (*result)->Next();
      if (!chunk.ok() || *chunk == nullptr) break;
      for (size_t row = 0; row < (*chunk)->size(); ++row) {
        bytes += static_cast<int64_t>((*chunk)->GetString(0, row).size() +
                                      (*chunk)->GetString(4, row).size());
        bytes += (*chunk)->GetInt64(1, row) & 1;
      }
    }
  }
  state.counters["string_bytes"] = static_cast<double>(bytes);
}

void BM_Split_CheckpointParseJson(benchmark::State& state) {
  Stages& s = SharedStages(state);
  Connection* con = SharedDuck().con.get();
  std::string text = RenderCheckpointJson(
      con,
      CheckpointJsonSql(con, s.store->LogDir() + "/" + s.segment.checkpoint->file_names.front()));
  for (auto _ : state) {
    auto actions = ingot::delta::ParseCommit(text, s.segment.checkpoint->version);
    if (!actions.ok()) state.SkipWithError(actions.status().ToString().c_str());
    benchmark::DoNotOptimize(actions);
  }
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(text.size()));
}

void BM_Split_ReadCommits(benchmark::State& state) {
  Stages& s = SharedStages(state);
  for (auto _ : state) {
    for (int64_t v : s.segment.commits) {
      auto actions = s.store->ReadCommitActions(v);
      if (!actions.ok()) state.SkipWithError(actions.status().ToString().c_str());
      benchmark::DoNotOptimize(actions);
    }
  }
  state.counters["commits"] = static_cast<double>(s.segment.commits.size());
}

void BM_Split_Replay(benchmark::State& state) {
  Stages& s = SharedStages(state);
  Connection* con = SharedDuck().con.get();
  std::vector<Action> no_actions;
  auto checkpoint =
      s.segment.checkpoint.has_value()
          ? ingot::delta::ReadCheckpoint(*s.local, s.store->LogDir(), *s.segment.checkpoint, con)
          : ingot::Result<std::vector<Action>>(no_actions);
  if (!checkpoint.ok()) Die("reading the checkpoint", checkpoint.status());
  std::vector<std::vector<Action>> commits;
  for (int64_t v : s.segment.commits) commits.push_back(*s.store->ReadCommitActions(v));
  for (auto _ : state) {
    state.PauseTiming();
    std::vector<Action> checkpoint_copy = *checkpoint;
    std::vector<std::vector<Action>> commits_copy = commits;
    state.ResumeTiming();
    ingot::delta::LogReplay replay;
    Status st =
        s.segment.checkpoint.has_value()
            ? replay.ApplyCheckpoint(s.segment.checkpoint->version, std::move(checkpoint_copy))
            : Status::OK();
    for (size_t i = 0; i < commits_copy.size() && st.ok(); ++i) {
      st = replay.ApplyCommit(s.segment.commits[i], std::move(commits_copy[i]));
    }
    if (!st.ok()) state.SkipWithError(st.ToString().c_str());
    auto snapshot = replay.Finish(0);
    if (!snapshot.ok()) state.SkipWithError(snapshot.status().ToString().c_str());
  }
}

// Wall time is the measure; the CPU column is the whole process's (DuckDB's threads included),
// which varies less than wall time on a busy machine. Args: {commits, checkpoint interval}.
void AllTables(benchmark::internal::Benchmark* b) {
  b->ArgNames({"commits", "checkpoint_interval"})
      ->Args({10'000, 10})
      ->Args({1'000, 0})
      ->Args({1'000, 10})
      ->Unit(benchmark::kMillisecond)
      ->MeasureProcessCPUTime()
      ->UseRealTime();
}
void CheckpointedTables(benchmark::internal::Benchmark* b) {
  b->ArgNames({"commits", "checkpoint_interval"})
      ->Args({10'000, 10})
      ->Args({1'000, 10})
      ->Unit(benchmark::kMillisecond)
      ->MeasureProcessCPUTime()
      ->UseRealTime();
}
BENCHMARK(BM_LoadSnapshot)->Apply(AllTables);
BENCHMARK(BM_LoadSnapshotPrivateDuckDb)->Apply(CheckpointedTables);
BENCHMARK(BM_Split_ListLog)->Apply(AllTables);
BENCHMARK(BM_Split_ReadCheckpoint)->Apply(CheckpointedTables);
BENCHMARK(BM_Split_CheckpointDuckDbRender)->Apply(CheckpointedTables);
BENCHMARK(BM_Split_CheckpointParseJson)->Apply(CheckpointedTables);
BENCHMARK(BM_Split_CheckpointDuckDbTypedScan)->Apply(CheckpointedTables);
BENCHMARK(BM_Split_ReadCommits)->Apply(AllTables);
BENCHMARK(BM_Split_Replay)->Apply(AllTables);

}  // namespace

BENCHMARK_MAIN();
