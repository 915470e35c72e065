#pragma once

// Helpers of the commit loop (commit.cc), split out to keep it short; not part of the txn API.

#include <cstdint>
#include <string>

#include "common/status.h"
#include "delta/log/actions.h"
#include "delta/txn/commit.h"

namespace ingot::delta::internal {

// Checks `request` and `options` before anything is read or written: kInvalidArgument naming
// the problem (see CommitRequest for the rules).
Status ValidateCommitRequest(const CommitRequest& request, const CommitOptions& options);

// Whether the commit writes inCommitTimestamp: the request says the table has it on, or the
// commit's own metaData sets delta.enableInCommitTimestamps=true.
bool WritesInCommitTimestamp(const CommitRequest& request);

// Whether the commit's own metaData turns in-commit timestamps on (then the timestamp must also
// exceed the previous commit file's modification time).
bool EnablesInCommitTimestamps(const CommitRequest& request);

// The commitInfo the loop writes for one attempt.
CommitInfo MakeCommitInfo(const CommitRequest& request, const CommitOptions& options,
                          const std::string& txn_id, int64_t timestamp, bool in_commit_timestamp);

// The commit file for one attempt: the commitInfo line, then `body` (the request's actions as
// SerializeCommit wrote them, computed once), then the txn line if the request has one (its
// lastUpdated defaults to `timestamp`).
std::string AssembleCommitFile(const CommitRequest& request, const CommitInfo& commit_info,
                               const std::string& body);

}  // namespace ingot::delta::internal
