#pragma once

#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace ingot::pipeline {

// One `layer.name` occurrence in model SQL.
struct TableRef {
  std::string layer;
  std::string name;
  size_t offset = 0;  // of the layer's first character
  size_t length = 0;  // of "layer.name" as written
  int line = 1;       // 1-based line within the SQL
  int column = 1;

  std::string id() const { return layer + "." + name; }
};

// Finds the `layer.name` references in `sql` whose layer is one of `layers` (compared
// case-insensitively; names are lower-cased), skipping string literals, quoted identifiers and
// comments. `a.layer.name` (a catalog-qualified name) and `layer.name.column` are not references.
std::vector<TableRef> FindTableRefs(std::string_view sql, const std::set<std::string>& layers);

// `sql` with each reference replaced by `replacement(ref)` (references in any order).
std::string RewriteTableRefs(std::string_view sql, const std::vector<TableRef>& refs,
                             const std::vector<std::string>& replacements);

}  // namespace ingot::pipeline
