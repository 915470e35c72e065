#pragma once

#include <set>
#include <string>
#include <vector>

#include "common/result.h"

namespace ingot::duck {
class Connection;
}

// A warehouse is a directory of Delta tables laid out as <warehouse>/<layer>/<name>, plus the
// system tables under <warehouse>/_ingot.
namespace ingot::pipeline {

// "<warehouse>/<layer>/<name>".
std::string TablePath(const std::string& warehouse, const std::string& layer,
                      const std::string& name);
// "<warehouse>/_ingot/events".
std::string EventLogPath(const std::string& warehouse);

// Whether `root` holds a Delta table (has a _delta_log directory with a commit).
bool DeltaTableExists(const std::string& root);

// The "layer.name" of every Delta table in the warehouse, sorted (quarantine tables included).
std::vector<std::string> ListWarehouseTables(const std::string& warehouse);

// Makes `layer.name` resolve to the warehouse's tables in SQL run on `con`'s database: creates a
// schema per layer and a view per table over delta_scan (read at query time, so a view always
// shows the latest version). `only`, when given, limits the views to these tables (a view binds
// its table's snapshot when created, so a run attaches just what its models read) and leaves out
// the event log. kNotFound when `warehouse` is not a directory.
Status AttachWarehouse(duck::Connection* con, const std::string& warehouse,
                       const std::set<std::string>* only = nullptr);

}  // namespace ingot::pipeline
