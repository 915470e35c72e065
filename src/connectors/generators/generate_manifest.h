#pragma once

// The generator's record of what it wrote into an output folder (`_ingot_generate.json`): the
// model parameters and every batch of transaction files. `ingot generate --append` reads it to
// continue the ids and dates and to regenerate earlier rows for late updates.
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "connectors/generators/ecommerce_model.h"
#include "connectors/generators/row_format.h"

namespace ingot::storage {
class FileSystem;
}

namespace ingot::generators {

struct GenerateManifest {
  ModelParams params;
  OutputFormat format = OutputFormat::kCsv;
  std::vector<BatchWindow> batches;  // in order, ids contiguous
  int32_t files = 0;                 // transaction files written so far (numbering continues)
};

// `<out_dir>/_ingot_generate.json`.
std::string ManifestPath(const std::string& out_dir);

// The manifest of `out_dir`, or nullopt when there is none. kCorruption when it cannot be read.
Result<std::optional<GenerateManifest>> ReadManifest(storage::FileSystem* fs,
                                                     const std::string& out_dir);

// Replaces the manifest of `out_dir` in one step.
Status WriteManifest(storage::FileSystem* fs, const std::string& out_dir,
                     const GenerateManifest& manifest);

}  // namespace ingot::generators
