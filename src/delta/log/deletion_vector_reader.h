#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/result.h"
#include "delta/log/actions.h"
#include "storage/type_fwd.h"

namespace ingot::delta {

// Reads the deleted row indexes (sorted, 0-based physical row positions) of one deletion vector
// of the table at `table_root` in `fs`: inline ('i') DVs decode from the descriptor, 'u' and 'p'
// DVs from their file (see deletion_vector.h), after checking the file's version byte, that the
// DV lies inside the file, its size and its CRC-32, and finally its cardinality.
// Errors: kNotFound when the DV file does not exist; kCorruption for a DV past the end of its
// file, a size, checksum, format or cardinality mismatch; kIOError from the file system. The
// messages name the DV file and the DV; the caller adds the table, version and data file.
Result<std::vector<uint64_t>> ReadDeletionVector(storage::FileSystem* fs,
                                                 const std::string& table_root,
                                                 const DeletionVectorDescriptor& dv);

}  // namespace ingot::delta
