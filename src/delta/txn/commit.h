#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "delta/log/actions.h"
#include "delta/txn/conflict_checker.h"
#include "delta/txn/log_store.h"

// The single commit loop of Ingot (delta-rs kernel/transaction): every operation plans its
// actions against a snapshot at some version R, then calls Commit, which writes version R+1 with
// put-if-absent and, when another writer got there first, checks the winning commits for
// conflicts and retries on top of them.
namespace ingot::delta {

// "Ingot/<project version>", the default commitInfo.engineInfo.
std::string DefaultEngineInfo();

// One commit as an operation planned it.
struct CommitRequest {
  // The version of the snapshot the actions were planned against; nullopt creates the table
  // (version 0), which then must carry protocol and metaData.
  std::optional<int64_t> read_version;
  // The commit's actions. No commitInfo (the loop writes it), no txn (see `txn`), no checkpoint
  // actions; at most one protocol and one metaData; a path at most once among adds and once
  // among removes.
  std::vector<Action> actions;
  // commitInfo.operation: "WRITE", "DELETE", "MERGE", "CREATE TABLE", ... Required.
  std::string operation;
  // commitInfo.operationParameters / operationMetrics, in order; each value is JSON text
  // (`"\"Append\""`, `"[]"`, `"42"`). Spark writes metrics as JSON strings (`"\"42\""`).
  JsonFields operation_parameters;
  JsonFields operation_metrics;
  // commitInfo.userMetadata.
  std::optional<std::string> user_metadata;
  // The commit only adds files (and optionally sets `txn`) and depended on no existing file.
  // Blind appends commute with each other. A blind append may hold only add and domainMetadata
  // actions and must have an empty read set.
  bool is_blind_append = false;
  // What the transaction read (ignored for blind appends). Files it removes count as read.
  ReadSet read_set;
  // Exactly-once marker: written as a txn action. A winner with the same appId is a conflict.
  std::optional<Txn> txn;
  // Also write commitInfo.inCommitTimestamp (the table has delta.enableInCommitTimestamps=true).
  // Turned on automatically when the commit's own metaData enables it.
  bool in_commit_timestamps = false;
};

struct CommitOptions {
  // How many times to try to write a commit file (>= 1). Each put-if-absent is one attempt,
  // whether it loses to another writer or fails transiently. Losing to commits that do not
  // conflict means the table is moving on, so the default is generous (Spark retries without a
  // practical bound; delta-rs 15 times): many writers appending at once all get in.
  int max_attempts = 100;
  // Stamps commitInfo.timestamp and paces retries after transient errors. nullptr means
  // SystemClock::Default(). Not owned.
  Clock* clock = nullptr;
  // commitInfo.engineInfo.
  std::string engine_info = DefaultEngineInfo();
  // Pause before retrying a write that failed with kUnavailable and did not land; doubled after
  // each such failure.
  int64_t unavailable_backoff_millis = 50;
  // After the third lost race in a row, pause a random 0..N ms (N doubling from 2 up to
  // this) before the next attempt, so that writers that keep colliding spread out.
  int64_t max_race_backoff_millis = 100;
};

struct CommitResult {
  // The version the commit landed at: read_version + 1 + the number of winning commits.
  int64_t version = 0;
  // Put-if-absent attempts made, 1 when the first one won.
  int attempts = 0;
  // commitInfo.txnId of the commit (a UUID made by the loop).
  std::string txn_id;
  // commitInfo.timestamp (and inCommitTimestamp when written).
  int64_t timestamp = 0;
};

// Commits `request` to the table of `store`.
//
// Writes `_delta_log/<v>.json`, v = read_version + 1 (0 when creating), with put-if-absent. The
// file starts with a commitInfo holding timestamp, operation, operationParameters,
// operationMetrics, engineInfo, isBlindAppend, readVersion, isolationLevel and txnId (a fresh
// UUID); its timestamp is max(clock now, previous commit's timestamp + 1), so commit times
// strictly increase even when clocks disagree.
//
// When v is taken, reads every winning commit since read_version; if one is our own (its txnId
// is ours, after an ambiguous write) returns it as the result; if one conflicts (see
// CheckConflict) fails; otherwise retries at the first free version. A write that fails with an
// error other than kAlreadyExists may still have landed (a lost response): the loop reads the
// version back and recognises its own commit by txnId before it retries, so a commit never lands
// twice.
//
// Errors:
//  - kInvalidArgument: a malformed request (see CommitRequest), or a read_version the table does
//    not have.
//  - kAlreadyExists: creating a table that exists (the message names the table).
//  - kConflict: a winning commit conflicts ("... conflicts with version N (rule: <kind name>)")
//    or max_attempts ran out ("... gave up after N attempts ..."); re-read the table and plan
//    again. Messages name the table, read version and versions involved.
//  - anything the storage returned, with table and version, when the outcome is known not to be
//    a landed commit; an error whose outcome could not be determined says so ("may have
//    landed").
//
// Thread-safe as far as `store` is; concurrent Commit calls on one table (threads or processes)
// are what it is for.
Result<CommitResult> Commit(LogStore& store, CommitRequest request,
                            const CommitOptions& options = {});

// The rule named by a kConflict status from Commit ("... (rule: metadata changed) ..."), or
// nullopt for any other status. Lets callers act on the kind, e.g. treat kTxnVersionNotNewer as
// "this batch was already committed".
std::optional<ConflictKind> ConflictKindOf(const Status& status);

}  // namespace ingot::delta
