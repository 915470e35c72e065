#include "delta/txn/conflict_checker.h"

#include <utility>
#include <variant>

#include "common/status.h"

namespace ingot::delta {
namespace {

// How many paths a message names before it only counts the rest.
constexpr size_t kMaxPathsInMessage = 3;

// "'a', 'b', 'c' and 2 more"
std::string DescribePaths(const std::vector<std::string>& paths) {
  std::string out;
  for (size_t i = 0; i < paths.size() && i < kMaxPathsInMessage; ++i) {
    if (i > 0) out += ", ";
    out += "'" + paths[i] + "'";
  }
  if (paths.size() > kMaxPathsInMessage) {
    out += " and " + std::to_string(paths.size() - kMaxPathsInMessage) + " more";
  }
  return out;
}

// What a winning commit did, gathered in one pass.
struct WinnerSummary {
  bool has_protocol = false;
  bool has_metadata = false;
  std::vector<Txn> txns;
  std::vector<std::string> removed;
  std::vector<std::string> data_added;
  std::vector<const Add*> data_added_actions;
  std::vector<std::string> domains;
};

WinnerSummary SummarizeWinner(const std::vector<Action>& actions) {
  WinnerSummary w;
  for (const Action& action : actions) {
    if (std::holds_alternative<Protocol>(action)) {
      w.has_protocol = true;
    } else if (std::holds_alternative<Metadata>(action)) {
      w.has_metadata = true;
    } else if (const auto* txn = std::get_if<Txn>(&action)) {
      w.txns.push_back(*txn);
    } else if (const auto* remove = std::get_if<Remove>(&action)) {
      w.removed.push_back(remove->path);
    } else if (const auto* add = std::get_if<Add>(&action)) {
      if (add->data_change) {
        w.data_added.push_back(add->path);
        w.data_added_actions.push_back(add);
      }
    } else if (const auto* domain = std::get_if<DomainMetadata>(&action)) {
      w.domains.push_back(domain->domain);
    }
  }
  return w;
}

Conflict MakeConflict(ConflictKind kind, int64_t version, std::string what) {
  return Conflict{kind, version, ::ingot::internal::StrCat("version ", version, " ", what)};
}

std::optional<Conflict> CheckTxn(const TransactionSummary& pending, int64_t version,
                                 const WinnerSummary& winner) {
  if (!pending.txn.has_value()) return std::nullopt;
  for (const Txn& txn : winner.txns) {
    if (txn.app_id != pending.txn->app_id) continue;
    if (txn.version >= pending.txn->version) {
      return MakeConflict(
          ConflictKind::kTxnVersionNotNewer, version,
          ::ingot::internal::StrCat("committed txn version ", txn.version, " of appId '",
                                    txn.app_id, "', not older than this transaction's ",
                                    pending.txn->version, " (already committed)"));
    }
    return MakeConflict(
        ConflictKind::kConcurrentTransaction, version,
        ::ingot::internal::StrCat("committed txn version ", txn.version, " of appId '", txn.app_id,
                                  "' concurrently with this transaction's ", pending.txn->version));
  }
  return std::nullopt;
}

std::optional<Conflict> CheckRemoves(const TransactionSummary& pending, int64_t version,
                                     const WinnerSummary& winner) {
  std::vector<std::string> read_and_removed;
  std::vector<std::string> both_removed;
  for (const std::string& path : winner.removed) {
    if (pending.read_set.files.contains(path)) {
      read_and_removed.push_back(path);
    } else if (pending.removed_files.contains(path)) {
      both_removed.push_back(path);
    }
  }
  if (!read_and_removed.empty()) {
    return MakeConflict(
        ConflictKind::kConcurrentDeleteRead, version,
        "removed " + DescribePaths(read_and_removed) + ", which this transaction read");
  }
  if (!both_removed.empty()) {
    return MakeConflict(
        ConflictKind::kConcurrentDeleteDelete, version,
        "removed " + DescribePaths(both_removed) + ", which this transaction removes too");
  }
  return std::nullopt;
}

// Whether `add` lies in the partition `entry` names (see ReadSet::partitions).
bool InPartition(const Add& add, const PartitionValues& entry) {
  for (const auto& [column, value] : entry) {
    auto it = add.partition_values.find(column);
    std::string added = it == add.partition_values.end() ? "" : it->second.value_or("");
    if (added != value.value_or("")) return false;
  }
  return true;
}

std::optional<Conflict> CheckPartitionAppends(const TransactionSummary& pending, int64_t version,
                                              const WinnerSummary& winner) {
  std::vector<std::string> added;
  for (const Add* add : winner.data_added_actions) {
    for (const PartitionValues& entry : pending.read_set.partitions) {
      if (InPartition(*add, entry)) {
        added.push_back(add->path);
        break;
      }
    }
  }
  if (added.empty()) return std::nullopt;
  return MakeConflict(ConflictKind::kConcurrentAppend, version,
                      "added " + DescribePaths(added) + " into a partition this transaction read");
}

}  // namespace

TransactionSummary SummarizeTransaction(const std::vector<Action>& actions, bool is_blind_append,
                                        const ReadSet& read_set, const std::optional<Txn>& txn) {
  TransactionSummary summary;
  summary.is_blind_append = is_blind_append;
  summary.read_set = read_set;
  summary.txn = txn;
  for (const Action& action : actions) {
    if (const auto* remove = std::get_if<Remove>(&action)) {
      summary.removed_files.insert(remove->path);
    } else if (const auto* domain = std::get_if<DomainMetadata>(&action)) {
      summary.domains.insert(domain->domain);
    }
  }
  return summary;
}

std::string_view ConflictKindName(ConflictKind kind) {
  switch (kind) {
    case ConflictKind::kProtocolChanged:
      return "protocol changed";
    case ConflictKind::kMetadataChanged:
      return "metadata changed";
    case ConflictKind::kConcurrentTransaction:
      return "concurrent transaction";
    case ConflictKind::kTxnVersionNotNewer:
      return "txn version not newer";
    case ConflictKind::kConcurrentDeleteRead:
      return "concurrent delete-read";
    case ConflictKind::kConcurrentDeleteDelete:
      return "concurrent delete-delete";
    case ConflictKind::kConcurrentAppend:
      return "concurrent append";
    case ConflictKind::kConcurrentDomainMetadata:
      return "concurrent domain metadata";
  }
  return "unknown conflict";
}

std::optional<Conflict> CheckConflict(const TransactionSummary& pending, int64_t winning_version,
                                      const std::vector<Action>& winning_actions) {
  WinnerSummary winner = SummarizeWinner(winning_actions);
  if (winner.has_protocol) {
    return MakeConflict(ConflictKind::kProtocolChanged, winning_version,
                        "changed the table protocol");
  }
  if (winner.has_metadata) {
    return MakeConflict(ConflictKind::kMetadataChanged, winning_version,
                        "changed the table metadata (schema, partitioning or properties)");
  }
  if (std::optional<Conflict> txn = CheckTxn(pending, winning_version, winner)) return txn;
  if (std::optional<Conflict> removes = CheckRemoves(pending, winning_version, winner)) {
    return removes;
  }
  if (pending.read_set.whole_table && !winner.data_added.empty()) {
    return MakeConflict(ConflictKind::kConcurrentAppend, winning_version,
                        "added " + DescribePaths(winner.data_added) +
                            " while this transaction read the whole table");
  }
  if (std::optional<Conflict> appends = CheckPartitionAppends(pending, winning_version, winner)) {
    return appends;
  }
  for (const std::string& domain : winner.domains) {
    if (pending.domains.contains(domain)) {
      return MakeConflict(ConflictKind::kConcurrentDomainMetadata, winning_version,
                          "changed domain '" + domain + "', which this transaction changes too");
    }
  }
  return std::nullopt;
}

}  // namespace ingot::delta
