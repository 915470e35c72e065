#pragma once

// Helpers shared by the snapshot loader and History. Not part of the snapshot API.

#include "common/status.h"

namespace ingot::delta {
class LogStore;
}

namespace ingot::delta::internal {

// The error for a table whose log names no version: kNotFound saying whether _delta_log/ is
// missing or empty (an I/O error from the existence check is returned as is).
Status NoTableError(const LogStore& store);

}  // namespace ingot::delta::internal
