#include "pipeline/dag.h"

#include <functional>
#include <map>

#include "pipeline/suggest.h"

namespace ingot::pipeline {

Result<std::vector<size_t>> TopologicalOrder(const PipelineSpec& spec) {
  std::map<std::string, size_t> index;
  for (size_t i = 0; i < spec.tables.size(); ++i) index[spec.tables[i].id] = i;
  // 0 = unvisited, 1 = on the stack, 2 = done.
  std::vector<int> state(spec.tables.size(), 0);
  std::vector<size_t> order;
  std::vector<size_t> stack;
  std::string cycle;
  std::function<bool(size_t)> visit = [&](size_t i) -> bool {
    if (state[i] == 2) return true;
    if (state[i] == 1) {
      auto it = std::find(stack.begin(), stack.end(), i);
      for (; it != stack.end(); ++it) cycle += spec.tables[*it].id + " -> ";
      cycle += spec.tables[i].id;
      return false;
    }
    state[i] = 1;
    stack.push_back(i);
    for (const std::string& dep : spec.tables[i].depends_on) {
      auto found = index.find(dep);
      if (found != index.end() && !visit(found->second)) return false;
    }
    stack.pop_back();
    state[i] = 2;
    order.push_back(i);
    return true;
  };
  for (size_t i = 0; i < spec.tables.size(); ++i) {
    if (!visit(i)) return Status::InvalidArgument("cycle between tables: ", cycle);
  }
  return order;
}

Result<std::set<std::string>> SelectTables(const PipelineSpec& spec, const std::string& selector) {
  std::string name = selector;
  bool downstream = false;
  bool upstream = false;
  if (!name.empty() && name.back() == '+') {
    downstream = true;
    name.pop_back();
  }
  if (!name.empty() && name.front() == '+') {
    upstream = true;
    name.erase(0, 1);
  }
  std::set<std::string> roots;
  std::vector<std::string> ids;
  for (const TableSpec& t : spec.tables) {
    ids.push_back(t.id);
    if (t.id == name || t.layer == name || t.layer + ".*" == name) roots.insert(t.id);
  }
  if (roots.empty()) {
    return Status::NotFound("--select '", selector, "' names no table", DidYouMean(name, ids));
  }
  std::set<std::string> out = roots;
  bool grew = true;
  while (grew) {
    grew = false;
    for (const TableSpec& t : spec.tables) {
      for (const std::string& dep : t.depends_on) {
        if (downstream && out.count(dep) > 0 && roots.count(t.id) == 0 && out.insert(t.id).second) {
          grew = true;
        }
        if (upstream && out.count(t.id) > 0 && out.insert(dep).second) grew = true;
      }
    }
  }
  return out;
}

}  // namespace ingot::pipeline
