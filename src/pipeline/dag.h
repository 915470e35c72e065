#pragma once

#include <set>
#include <string>
#include <vector>

#include "common/result.h"
#include "pipeline/spec.h"

namespace ingot::pipeline {

// Indexes into spec.tables in dependency order (each table after every table it reads; ties keep
// file order). kInvalidArgument "cycle between tables: a.x -> b.y -> a.x" when there is none.
Result<std::vector<size_t>> TopologicalOrder(const PipelineSpec& spec);

// The tables a --select expression names: "layer.name" (that table), "layer.name+" (it and
// everything downstream of it), "+layer.name" (it and everything upstream), or "layer" / "layer.*"
// (every table of a layer). kNotFound with near matches for an unknown name.
Result<std::set<std::string>> SelectTables(const PipelineSpec& spec, const std::string& selector);

}  // namespace ingot::pipeline
