#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "delta/log/actions.h"

// Optimistic concurrency for Delta commits: when a transaction that read version R finds that
// versions R+1.. were committed by others ("winning commits"), it may still commit on top of them
// if none of them changed what it read or wrote. These are the rules of Spark's ConflictChecker
// (delta-protocol-summary.md section 5) at Serializable isolation, with partition read sets (no
// data predicates). Everything here is pure: no storage, no clock.
namespace ingot::delta {

// What a transaction read from its snapshot, beyond the files it removes (which it read too).
struct ReadSet {
  // The outcome depends on every file of the table (an overwrite, a MERGE or DELETE that scanned
  // it all): any file a winner added with dataChange=true invalidates it.
  bool whole_table = false;
  // add.path values (exactly as in the log, still percent-encoded) of files the transaction
  // read; a winner removing one of them invalidates it.
  std::set<std::string> files;
  // Partitions the transaction read every file of (MERGE into partitions named by its source
  // keys): a winner add with dataChange=true whose partition values equal, on every column an
  // entry names, one of these entries invalidates it; adds into other partitions commute. An
  // entry naming no column matches every add. Null values and "" compare equal.
  std::vector<PartitionValues> partitions;
};

// The parts of a pending commit that conflict checking looks at.
struct TransactionSummary {
  // Only adds data and read nothing: such commits commute with each other.
  bool is_blind_append = false;
  ReadSet read_set;
  // remove.path of every remove in the commit.
  std::set<std::string> removed_files;
  // domainMetadata.domain of every domainMetadata in the commit.
  std::set<std::string> domains;
  // The exactly-once marker the commit will write.
  std::optional<Txn> txn;
};

// Summarises a pending commit's actions (which contain no commitInfo) and its read set.
TransactionSummary SummarizeTransaction(const std::vector<Action>& actions, bool is_blind_append,
                                        const ReadSet& read_set, const std::optional<Txn>& txn);

// The rule that made a winning commit incompatible with the pending one.
enum class ConflictKind {
  kProtocolChanged,          // the winner wrote a protocol action
  kMetadataChanged,          // the winner wrote a metaData action
  kConcurrentTransaction,    // the winner wrote a txn with our appId (and an older version)
  kTxnVersionNotNewer,       // ... with our appId and a version >= ours: already committed
  kConcurrentDeleteRead,     // the winner removed a file we read
  kConcurrentDeleteDelete,   // the winner removed a file we remove too
  kConcurrentAppend,         // the winner added data while we read the whole table
  kConcurrentDomainMetadata  // the winner wrote a domain we write too
};

// A stable name for messages and logs: "protocol changed", "metadata changed",
// "concurrent transaction", "txn version not newer", "concurrent delete-read",
// "concurrent delete-delete", "concurrent append", "concurrent domain metadata".
std::string_view ConflictKindName(ConflictKind kind);

struct Conflict {
  ConflictKind kind;
  int64_t winning_version = 0;
  // One line saying what the winner did, e.g. "version 4 removed 'part-1.parquet', which this
  // transaction read" (at most a few paths are named, then a count).
  std::string message;
};

// The first rule (in the order of ConflictKind) by which the commit `winning_actions`, committed
// as `winning_version`, conflicts with the pending transaction, or nullopt when the two commute
// and the pending one may be retried on top of it. Rules:
//  - protocol or metaData in the winner conflicts with everything, blind appends included;
//  - a winner txn with the pending txn's appId conflicts (kTxnVersionNotNewer when the winner's
//    version is >= the pending one: that batch has already been committed);
//  - a winner remove of a path the pending transaction read or removes conflicts;
//  - a winner add with dataChange=true conflicts when the pending transaction read the whole
//    table, or a partition the add lies in (ReadSet::partitions);
//  - a winner domainMetadata on a domain the pending transaction writes conflicts.
// A blind append reads nothing, so only the protocol/metadata, txn and domain rules apply to it.
std::optional<Conflict> CheckConflict(const TransactionSummary& pending, int64_t winning_version,
                                      const std::vector<Action>& winning_actions);

}  // namespace ingot::delta
