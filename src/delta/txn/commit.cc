#include "delta/txn/commit.h"

#include <algorithm>
#include <random>
#include <string>
#include <utility>

#include "common/logging.h"
#include "common/macros.h"
#include "delta/log/actions_codec.h"
#include "delta/txn/commit_internal.h"
#include "delta/txn/txn_id.h"

namespace ingot::delta {
namespace {

// A uniformly random pause in [0, cap] ms (per-thread generator: writers in one process must not
// draw the same sequence).
int64_t RandomMillis(int64_t cap) {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  return std::uniform_int_distribution<int64_t>(0, cap)(rng);
}

constexpr std::string_view kRulePrefix = "(rule: ";

// One Commit call: the request, what was derived from it once, and the state carried between
// attempts.
class CommitLoop {
 public:
  CommitLoop(LogStore& store, CommitRequest request, const CommitOptions& options)
      : store_(store),
        request_(std::move(request)),
        options_(options),
        clock_(options.clock != nullptr ? options.clock : SystemClock::Default()) {}

  Result<CommitResult> Run();

 private:
  // What ScanWinners found after losing a version.
  struct Scan {
    // The first version nobody has written yet (the next one to try).
    int64_t next_version = 0;
    // Set when one of the "winners" is our own commit (an earlier ambiguous write that landed).
    std::optional<CommitResult> ours;
  };

  bool creating() const { return !request_.read_version.has_value(); }

  // "commit to table 'T' (read version R, operation OP)"
  std::string Context() const;

  // Sets prev_timestamp_ from the commit at read_version; kInvalidArgument when the table has
  // no such version.
  Status LoadReadVersionTimestamp();
  // The floor for our timestamp set by commit `version`, whose commitInfo is `info` (or null).
  Result<int64_t> FloorFrom(int64_t version, const CommitInfo* info) const;
  int64_t NextTimestamp() const;

  // After `version` turned out taken: reads the commits from `version` on until the first free
  // one, checking each for ours and for conflicts. Fails with kConflict / kAlreadyExists.
  Result<Scan> ScanWinners(int64_t version, int attempt);
  // A write to `version` failed with `error` (not kAlreadyExists): did it land after all? Reads
  // the version back. Returns our result when it holds our commit; otherwise nullopt, with
  // `*taken` telling whether another writer's commit is there (a lost race) or nothing is. An
  // error when the read-back fails too (the outcome is unknown).
  Result<std::optional<CommitResult>> ResolveFailedWrite(int64_t version, int attempt,
                                                         int64_t timestamp, const Status& error,
                                                         bool* taken);

  CommitResult Landed(int64_t version, int attempts, int64_t timestamp) const;

  LogStore& store_;
  CommitRequest request_;
  const CommitOptions& options_;
  Clock* clock_;

  TransactionSummary summary_;
  std::string body_;
  std::string txn_id_;
  bool write_ict_ = false;
  bool enables_ict_ = false;
  // The timestamp of the newest commit we know of below the version being tried.
  std::optional<int64_t> prev_timestamp_;
  int64_t winners_ = 0;
};

std::string CommitLoop::Context() const {
  std::string read = creating() ? std::string("creating it")
                                : "read version " + std::to_string(*request_.read_version);
  return ::ingot::internal::StrCat("commit to table '", store_.table_name(), "' (", read,
                                   ", operation ", request_.operation, ")");
}

Status CommitLoop::LoadReadVersionTimestamp() {
  int64_t read_version = *request_.read_version;
  Result<int64_t> timestamp = store_.CommitTimestamp(read_version);
  if (timestamp.ok()) {
    prev_timestamp_ = *timestamp;
    if (enables_ict_) {
      INGOT_ASSIGN_OR_RAISE(int64_t mtime, store_.CommitModificationTime(read_version));
      prev_timestamp_ = std::max(*prev_timestamp_, mtime);
    }
    return Status::OK();
  }
  if (!timestamp.status().IsNotFound()) return timestamp.status();
  // No commit file: the table may keep only a checkpoint of that version, or not have it at all.
  INGOT_ASSIGN_OR_RAISE(std::optional<int64_t> latest, store_.LatestVersion());
  if (!latest.has_value() || *latest < read_version) {
    return Status::InvalidArgument(
        "read version ", read_version, " does not exist in table '", store_.table_name(), "' (",
        latest.has_value() ? "latest version is " + std::to_string(*latest) : "no table", ")");
  }
  return Status::OK();
}

Result<int64_t> CommitLoop::FloorFrom(int64_t version, const CommitInfo* info) const {
  std::optional<int64_t> timestamp;
  if (info != nullptr) timestamp = CommitInfoTimestamp(*info);
  if (!timestamp.has_value() || enables_ict_) {
    INGOT_ASSIGN_OR_RAISE(int64_t mtime, store_.CommitModificationTime(version));
    timestamp = std::max(timestamp.value_or(mtime), mtime);
  }
  return *timestamp;
}

int64_t CommitLoop::NextTimestamp() const {
  int64_t now = clock_->NowMillis();
  if (!prev_timestamp_.has_value()) return now;
  return std::max(now, *prev_timestamp_ + 1);
}

CommitResult CommitLoop::Landed(int64_t version, int attempts, int64_t timestamp) const {
  INGOT_LOG(kInfo, "delta commit landed",
            {{"table", store_.table_name()},
             {"version", std::to_string(version)},
             {"attempts", std::to_string(attempts)},
             {"operation", request_.operation},
             {"txn_id", txn_id_}});
  return CommitResult{version, attempts, txn_id_, timestamp};
}

Result<std::optional<CommitResult>> CommitLoop::ResolveFailedWrite(int64_t version, int attempt,
                                                                   int64_t timestamp,
                                                                   const Status& error,
                                                                   bool* taken) {
  *taken = false;
  INGOT_LOG(kWarn, "delta commit write failed; checking whether it landed",
            {{"table", store_.table_name()},
             {"version", std::to_string(version)},
             {"error", error.ToString()}});
  Result<std::vector<Action>> existing = store_.ReadCommitActions(version);
  if (existing.ok()) {
    const CommitInfo* info = FindCommitInfo(*existing);
    if (info != nullptr && info->txn_id == txn_id_) {
      return std::optional<CommitResult>(Landed(version, attempt, timestamp));
    }
    *taken = true;
    return std::optional<CommitResult>();
  }
  if (existing.status().IsNotFound()) return std::optional<CommitResult>();
  return Status(error.code(), ::ingot::internal::StrCat(
                                  Context(), ": writing version ", version, " failed (",
                                  error.message(), ") and reading it back failed too (",
                                  existing.status().ToString(), "); the commit may have landed"));
}

Result<CommitLoop::Scan> CommitLoop::ScanWinners(int64_t version, int attempt) {
  for (int64_t v = version;; ++v) {
    Result<std::vector<Action>> actions = store_.ReadCommitActions(v);
    if (!actions.ok()) {
      // The first free version; at `version` itself the put said "taken" but the file is not
      // visible (yet): try that version again.
      if (actions.status().IsNotFound()) return Scan{v, std::nullopt};
      return actions.status().WithContext(Context(), ": reading winning commit");
    }
    const CommitInfo* info = FindCommitInfo(*actions);
    if (info != nullptr && info->txn_id == txn_id_) {
      int64_t timestamp = CommitInfoTimestamp(*info).value_or(0);
      return Scan{v + 1, Landed(v, attempt, timestamp)};
    }
    if (creating()) {
      return Status::AlreadyExists("cannot create table '", store_.table_name(),
                                   "': it already exists (version ", v, " is taken)");
    }
    if (std::optional<Conflict> conflict = CheckConflict(summary_, v, *actions)) {
      INGOT_LOG(kInfo, "delta commit conflict",
                {{"table", store_.table_name()},
                 {"version", std::to_string(v)},
                 {"rule", std::string(ConflictKindName(conflict->kind))}});
      return Status::Conflict(Context(), " conflicts with version ", v, " ", kRulePrefix,
                              ConflictKindName(conflict->kind), "): ", conflict->message,
                              "; re-read the table and plan the operation again");
    }
    INGOT_ASSIGN_OR_RAISE(prev_timestamp_, FloorFrom(v, info));
    ++winners_;
  }
}

Result<CommitResult> CommitLoop::Run() {
  Status valid = internal::ValidateCommitRequest(request_, options_);
  if (!valid.ok()) return valid.WithContext(Context());
  summary_ = SummarizeTransaction(request_.actions, request_.is_blind_append, request_.read_set,
                                  request_.txn);
  body_ = SerializeCommit(request_.actions);
  txn_id_ = NewTxnId();
  write_ict_ = internal::WritesInCommitTimestamp(request_);
  enables_ict_ = internal::EnablesInCommitTimestamps(request_);

  int64_t version = 0;
  if (creating()) {
    INGOT_ASSIGN_OR_RAISE(std::optional<int64_t> latest, store_.LatestVersion());
    if (latest.has_value()) {
      return Status::AlreadyExists("cannot create table '", store_.table_name(),
                                   "': it already exists (latest version ", *latest, ")");
    }
  } else {
    INGOT_RETURN_NOT_OK(LoadReadVersionTimestamp().WithContext(Context()));
    version = *request_.read_version + 1;
  }

  const int64_t first_version = version;
  int64_t backoff = options_.unavailable_backoff_millis;
  Status last_unavailable;  // set while the latest attempts failed transiently
  for (int attempt = 1; attempt <= options_.max_attempts; ++attempt) {
    int64_t timestamp = NextTimestamp();
    CommitInfo info = internal::MakeCommitInfo(request_, options_, txn_id_, timestamp, write_ict_);
    INGOT_LOG(kDebug, "delta commit attempt",
              {{"table", store_.table_name()},
               {"version", std::to_string(version)},
               {"attempt", std::to_string(attempt)}});
    Status written =
        store_.WriteCommit(version, internal::AssembleCommitFile(request_, info, body_));
    if (written.ok()) return Landed(version, attempt, timestamp);
    if (!written.IsAlreadyExists()) {
      bool taken = false;
      INGOT_ASSIGN_OR_RAISE(std::optional<CommitResult> ours,
                            ResolveFailedWrite(version, attempt, timestamp, written, &taken));
      if (ours.has_value()) return *ours;
      if (!taken) {
        if (!written.IsRetryable()) {
          return written.WithContext(Context(),
                                     ": the commit was not written (not found when read back)");
        }
        last_unavailable = written;
        if (attempt < options_.max_attempts) clock_->SleepMillis(backoff);
        backoff *= 2;
        continue;
      }
    }
    last_unavailable = Status::OK();
    INGOT_LOG(kDebug, "delta commit lost the race; checking winners",
              {{"table", store_.table_name()}, {"version", std::to_string(version)}});
    INGOT_ASSIGN_OR_RAISE(Scan scan, ScanWinners(version, attempt));
    if (scan.ours.has_value()) return *scan.ours;
    version = scan.next_version;
    if (attempt >= 3 && attempt < options_.max_attempts && options_.max_race_backoff_millis > 0) {
      int64_t cap = std::min<int64_t>(options_.max_race_backoff_millis,
                                      int64_t{1} << std::min(attempt - 2, 20));
      clock_->SleepMillis(RandomMillis(cap));
    }
  }
  if (!last_unavailable.ok()) {
    return last_unavailable.WithContext(Context(), ": gave up after ", options_.max_attempts,
                                        " attempts; the commit was not written");
  }
  return Status::Conflict(Context(), " gave up after ", options_.max_attempts, " attempts ",
                          kRulePrefix, "retries exhausted): versions ", first_version, "..",
                          version - 1, " were taken by ", winners_,
                          " concurrent commits that did not conflict; re-read the table and plan "
                          "the operation again");
}

}  // namespace

Result<CommitResult> Commit(LogStore& store, CommitRequest request, const CommitOptions& options) {
  return CommitLoop(store, std::move(request), options).Run();
}

std::optional<ConflictKind> ConflictKindOf(const Status& status) {
  if (!status.IsConflict()) return std::nullopt;
  size_t start = status.message().find(kRulePrefix);
  if (start == std::string::npos) return std::nullopt;
  std::string_view rest = std::string_view(status.message()).substr(start + kRulePrefix.size());
  for (ConflictKind kind :
       {ConflictKind::kProtocolChanged, ConflictKind::kMetadataChanged,
        ConflictKind::kConcurrentTransaction, ConflictKind::kTxnVersionNotNewer,
        ConflictKind::kConcurrentDeleteRead, ConflictKind::kConcurrentDeleteDelete,
        ConflictKind::kConcurrentAppend, ConflictKind::kConcurrentDomainMetadata}) {
    std::string_view name = ConflictKindName(kind);
    if (rest.starts_with(name) && rest.substr(name.size()).starts_with(")")) return kind;
  }
  return std::nullopt;
}

}  // namespace ingot::delta
