#pragma once

#include <cstdint>

#include "common/status.h"
#include "delta/log/actions.h"
#include "delta/log/json_value.h"

// Shared by the action codec's translation units; not part of the public API.
namespace ingot::delta::log_internal {

// Converts the actions that appear at most a few times per commit (everything except add,
// remove and cdc, which ParseCommit reads directly on its hot path) from a parsed JSON tree.
// Adds the number of unknown members to `*unknown_fields`. Errors are kCorruption naming the
// field, e.g. "protocol: missing required field 'minWriterVersion'".
Status ActionFromJson(ActionKind kind, const JsonValue& value, Action* out,
                      int64_t* unknown_fields);

}  // namespace ingot::delta::log_internal
