#include "pipeline/spec_parser.h"

#include <cctype>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "pipeline/dag.h"
#include "pipeline/interpolate.h"
#include "pipeline/sql_refs.h"
#include "pipeline/suggest.h"

namespace ingot::pipeline {

std::string SpecError::ToString() const {
  std::string out = file;
  if (location.line > 0) {
    out += ":" + std::to_string(location.line);
    if (location.column > 0) out += ":" + std::to_string(location.column);
  }
  return out + ": " + message;
}

std::string_view TableModeName(TableMode mode) {
  switch (mode) {
    case TableMode::kAppend:
      return "append";
    case TableMode::kOverwrite:
      return "overwrite";
    case TableMode::kMerge:
      return "merge";
    case TableMode::kScd2:
      return "scd2";
  }
  return "?";
}

std::string_view ExpectActionName(ExpectAction action) {
  switch (action) {
    case ExpectAction::kWarn:
      return "warn";
    case ExpectAction::kDrop:
      return "drop";
    case ExpectAction::kQuarantine:
      return "quarantine";
    case ExpectAction::kFail:
      return "fail";
  }
  return "?";
}

const TableSpec* PipelineSpec::FindTable(const std::string& id) const {
  for (const TableSpec& table : tables) {
    if (table.id == id) return &table;
  }
  return nullptr;
}

namespace {

bool IsIdentifier(std::string_view s) {
  if (s.empty() || !(std::islower(static_cast<unsigned char>(s[0])) || s[0] == '_')) return false;
  for (char c : s) {
    if (!(std::islower(static_cast<unsigned char>(c)) ||
          std::isdigit(static_cast<unsigned char>(c)) || c == '_')) {
      return false;
    }
  }
  return true;
}

std::string ResolvePath(const std::string& dir, const std::string& path) {
  if (path.empty() || path[0] == '/') return path;
  return (std::filesystem::path(dir) / path).lexically_normal().string();
}

class Parser {
 public:
  Parser(std::string file, std::string_view text, const SpecOptions& options)
      : file_(std::move(file)), text_(text), options_(options) {}

  SpecParse Parse() {
    SpecParse out;
    std::filesystem::path path = std::filesystem::absolute(file_);
    out.spec.file = path.lexically_normal().string();
    out.spec.dir = path.parent_path().lexically_normal().string();
    auto root = ParseYaml(text_, file_);
    if (!root.ok()) {
      // ParseYaml's message already starts with file:line:column.
      out.errors.push_back({"", {}, root.status().message()});
      return out;
    }
    spec_ = &out.spec;
    ParseRoot(*root);
    if (errors_.empty()) CheckGraph();
    out.errors = std::move(errors_);
    return out;
  }

 private:
  void Error(const Location& at, std::string message) {
    errors_.push_back({file_, at, std::move(message)});
  }

  // Reports keys of `node` not in `allowed`, with suggestions.
  void CheckKeys(const ConfigNode& node, const std::vector<std::string>& allowed,
                 std::string_view what) {
    for (const auto& [key, value] : node.entries) {
      if (std::find(allowed.begin(), allowed.end(), key.scalar) != allowed.end()) continue;
      std::string expected;
      for (const std::string& a : allowed) expected += (expected.empty() ? "" : ", ") + a;
      std::string near = DidYouMean(key.scalar, allowed);
      Error(key.location, "unknown key '" + key.scalar + "' in " + std::string(what) +
                              (near.empty() ? " (expected one of: " + expected + ")" : near));
    }
  }

  bool Expect(const ConfigNode& node, ConfigNode::Kind kind, std::string_view what) {
    if (node.kind == kind) return true;
    ConfigNode want;
    want.kind = kind;
    Error(node.location, std::string(what) + " must be " + std::string(want.KindName()) + ", not " +
                             std::string(node.KindName()));
    return false;
  }

  // A scalar with ${...} replaced; errors at the node.
  std::optional<std::string> Text(const ConfigNode& node, std::string_view what) {
    if (!Expect(node, ConfigNode::Kind::kScalar, what)) return std::nullopt;
    InterpolationScope scope{&spec_->variables, options_.environment};
    auto value = Interpolate(node.scalar, scope);
    if (!value.ok()) {
      Error(node.location, std::string(what) + ": " + value.status().message());
      return std::nullopt;
    }
    return *value;
  }

  std::optional<bool> Bool(const ConfigNode& node, std::string_view what) {
    auto text = Text(node, what);
    if (!text) return std::nullopt;
    if (*text == "true" || *text == "yes" || *text == "on") return true;
    if (*text == "false" || *text == "no" || *text == "off") return false;
    Error(node.location, std::string(what) + " must be true or false, not '" + node.scalar + "'");
    return std::nullopt;
  }

  // A list of names; a single value is a list of one.
  std::vector<std::string> Names(const ConfigNode& node, std::string_view what) {
    std::vector<std::string> out;
    if (node.IsScalar()) {
      if (auto v = Text(node, what)) out.push_back(*v);
      return out;
    }
    if (!Expect(node, ConfigNode::Kind::kSequence, what)) return out;
    for (const ConfigNode& item : node.items) {
      if (auto v = Text(item, what)) out.push_back(*v);
    }
    return out;
  }

  std::map<std::string, std::string> Variables(const ConfigNode& node, std::string_view what) {
    std::map<std::string, std::string> out;
    if (!Expect(node, ConfigNode::Kind::kMap, what)) return out;
    // Variable values may use ${ENV} (not other variables).
    static const std::map<std::string, std::string> kNone;
    InterpolationScope scope{&kNone, options_.environment};
    for (const auto& [key, value] : node.entries) {
      if (!value.IsScalar() && !value.IsNull()) {
        Error(value.location, "variable '" + key.scalar + "' must be a value, not " +
                                  std::string(value.KindName()));
        continue;
      }
      auto text = Interpolate(value.scalar, scope);
      if (!text.ok()) {
        Error(value.location, "variable '" + key.scalar + "': " + text.status().message());
        continue;
      }
      out[key.scalar] = *text;
    }
    return out;
  }

  void ParseRoot(const ConfigNode& root) {
    if (!Expect(root, ConfigNode::Kind::kMap, "the pipeline file")) return;
    CheckKeys(root,
              {"name", "description", "warehouse", "variables", "profiles", "sources", "tables"},
              "the pipeline");
    // Variables first: everything else may use them.
    if (const ConfigNode* vars = root.Find("variables"))
      spec_->variables = Variables(*vars, "variables");
    const ConfigNode* profile_warehouse = nullptr;
    if (!options_.profile.empty()) {
      const ConfigNode* profiles = root.Find("profiles");
      const ConfigNode* profile = profiles != nullptr ? profiles->Find(options_.profile) : nullptr;
      if (profile == nullptr) {
        std::vector<std::string> names;
        if (profiles != nullptr) {
          for (const auto& [k, v] : profiles->entries) names.push_back(k.scalar);
        }
        Error(profiles != nullptr ? profiles->location : root.location,
              "unknown profile '" + options_.profile + "'" + DidYouMean(options_.profile, names));
      } else if (Expect(*profile, ConfigNode::Kind::kMap, "a profile")) {
        CheckKeys(*profile, {"variables", "warehouse"}, "profile '" + options_.profile + "'");
        if (const ConfigNode* vars = profile->Find("variables")) {
          for (auto& [k, v] : Variables(*vars, "profile variables")) spec_->variables[k] = v;
        }
        profile_warehouse = profile->Find("warehouse");
      }
      spec_->profile = options_.profile;
    }
    if (const ConfigNode* profiles = root.Find("profiles")) {
      if (Expect(*profiles, ConfigNode::Kind::kMap, "profiles")) {
        for (const auto& [k, v] : profiles->entries) {
          if (v.IsMap()) CheckKeys(v, {"variables", "warehouse"}, "profile '" + k.scalar + "'");
        }
      }
    }
    for (const auto& [k, v] : options_.variables) spec_->variables[k] = v;

    const ConfigNode* name = root.Find("name");
    if (name == nullptr) {
      Error(root.location, "missing required key 'name' (the pipeline's name)");
    } else if (auto v = Text(*name, "name")) {
      spec_->name = *v;
      if (!IsIdentifier(*v) && v->find_first_of(" /\\") != std::string::npos) {
        Error(name->location, "name '" + *v + "' may not contain spaces or slashes");
      }
    }
    if (!options_.warehouse.empty()) {
      spec_->warehouse = std::filesystem::absolute(options_.warehouse).lexically_normal().string();
    } else if (const ConfigNode* w =
                   profile_warehouse != nullptr ? profile_warehouse : root.Find("warehouse")) {
      if (auto v = Text(*w, "warehouse")) spec_->warehouse = ResolvePath(spec_->dir, *v);
    }
    if (const ConfigNode* sources = root.Find("sources")) {
      if (Expect(*sources, ConfigNode::Kind::kMap, "sources")) {
        for (const auto& [key, value] : sources->entries) ParseSource(key, value);
      }
    }
    const ConfigNode* tables = root.Find("tables");
    if (tables == nullptr) {
      Error(root.location, "missing required key 'tables'");
    } else if (Expect(*tables, ConfigNode::Kind::kMap, "tables")) {
      for (const auto& [key, value] : tables->entries) ParseTable(key, value);
    }
  }

  void ParseSchema(const ConfigNode& node, SourceSpec* source) {
    if (!Expect(node, ConfigNode::Kind::kMap, "schema")) return;
    for (const auto& [key, value] : node.entries) {
      ColumnSpec column;
      column.name = key.scalar;
      column.location = key.location;
      if (value.IsMap()) {
        CheckKeys(value, {"type", "required"}, "column '" + key.scalar + "'");
        const ConfigNode* type = value.Find("type");
        if (type == nullptr) {
          Error(value.location, "column '" + key.scalar + "': missing required key 'type'");
          continue;
        }
        if (auto t = Text(*type, "type")) column.type = *t;
        if (const ConfigNode* required = value.Find("required")) {
          column.required = Bool(*required, "required").value_or(false);
        }
      } else if (auto t = Text(value, "column '" + key.scalar + "'")) {
        column.type = *t;
        std::string upper = column.type;
        for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        size_t pos = upper.rfind(" NOT NULL");
        if (pos != std::string::npos && pos + 9 == upper.size()) {
          column.required = true;
          column.type = column.type.substr(0, pos);
        }
      }
      if (column.type.empty() || column.type.find_first_of(";'\"") != std::string::npos) {
        Error(value.location, "column '" + key.scalar + "': bad type '" + column.type + "'");
        continue;
      }
      source->schema.push_back(std::move(column));
    }
  }

  void ParseSource(const ConfigNode& key, const ConfigNode& node) {
    SourceSpec source;
    source.name = key.scalar;
    source.location = key.location;
    if (!IsIdentifier(source.name)) {
      Error(key.location,
            "source name '" + source.name + "' must be lower-case letters, digits and underscores");
    }
    if (!Expect(node, ConfigNode::Kind::kMap, "source '" + source.name + "'")) return;
    CheckKeys(node,
              {"type", "path", "format", "schema", "delimiter", "header", "options", "description"},
              "source '" + source.name + "'");
    if (const ConfigNode* type = node.Find("type")) {
      auto t = Text(*type, "type");
      if (t && *t != "files") {
        Error(type->location, "unknown source type '" + *t + "'" + DidYouMean(*t, {"files"}) +
                                  " (this version reads files)");
      }
    }
    const ConfigNode* path = node.Find("path");
    if (path == nullptr) {
      Error(node.location, "source '" + source.name + "': missing required key 'path'");
      return;
    }
    auto p = Text(*path, "path");
    if (!p) return;
    source.path = ResolvePath(spec_->dir, *p);
    if (const ConfigNode* format = node.Find("format")) {
      if (auto f = Text(*format, "format")) {
        auto parsed = files::ParseFileFormat(*f);
        if (!parsed.ok()) {
          Error(format->location, "unknown format '" + *f + "'" +
                                      DidYouMean(*f, {"csv", "json", "parquet"}) +
                                      " (expected csv, json or parquet)");
        } else {
          source.format = *parsed;
        }
      }
    } else {
      auto parsed = files::FormatFromPath(source.path);
      if (!parsed.ok()) {
        Error(path->location, "cannot tell the format of '" + *p +
                                  "' from its extension: add format: csv|json|parquet");
      } else {
        source.format = *parsed;
      }
    }
    auto csv_options = [&](const ConfigNode& map) {
      if (const ConfigNode* d = map.Find("delimiter")) {
        if (auto v = Text(*d, "delimiter")) source.delimiter = *v;
      }
      if (const ConfigNode* h = map.Find("header")) source.header = Bool(*h, "header");
    };
    csv_options(node);
    if (const ConfigNode* options = node.Find("options")) {
      if (Expect(*options, ConfigNode::Kind::kMap, "options")) {
        CheckKeys(*options, {"delimiter", "header"}, "source options");
        csv_options(*options);
      }
    }
    if (const ConfigNode* schema = node.Find("schema")) ParseSchema(*schema, &source);
    spec_->sources[source.name] = std::move(source);
  }

  void ParseExpectations(const ConfigNode& node, TableSpec* table) {
    if (!Expect(node, ConfigNode::Kind::kMap, "expectations")) return;
    for (const auto& [key, value] : node.entries) {
      ExpectationSpec e;
      e.name = key.scalar;
      e.location = key.location;
      if (value.IsScalar()) {
        if (auto v = Text(value, "expectation")) e.expr = *v;
      } else if (Expect(value, ConfigNode::Kind::kMap, "expectation '" + e.name + "'")) {
        CheckKeys(value, {"expr", "action", "description"}, "expectation '" + e.name + "'");
        const ConfigNode* expr = value.Find("expr");
        if (expr == nullptr) {
          Error(value.location, "expectation '" + e.name + "': missing required key 'expr'");
          continue;
        }
        if (auto v = Text(*expr, "expr")) e.expr = *v;
        if (const ConfigNode* action = value.Find("action")) {
          auto a = Text(*action, "action");
          if (!a) continue;
          static const std::vector<std::string> kActions = {"warn", "drop", "quarantine", "fail"};
          if (*a == "warn") {
            e.action = ExpectAction::kWarn;
          } else if (*a == "drop") {
            e.action = ExpectAction::kDrop;
          } else if (*a == "quarantine") {
            e.action = ExpectAction::kQuarantine;
          } else if (*a == "fail") {
            e.action = ExpectAction::kFail;
          } else {
            Error(action->location, "unknown action '" + *a + "'" + DidYouMean(*a, kActions) +
                                        " (expected warn, drop, quarantine or fail)");
          }
        }
      }
      if (e.expr.empty()) continue;
      table->expectations.push_back(std::move(e));
    }
  }

  // Reads `sql: models/x.sql` or takes inline SQL.
  void ParseSql(const ConfigNode& node, TableSpec* table) {
    auto text = Text(node, "sql");
    if (!text) return;
    std::string trimmed = *text;
    while (!trimmed.empty() && std::isspace(static_cast<unsigned char>(trimmed.back())))
      trimmed.pop_back();
    bool is_file = trimmed.size() > 4 && trimmed.compare(trimmed.size() - 4, 4, ".sql") == 0 &&
                   trimmed.find_first_of(" \n\t") == std::string::npos;
    if (is_file) {
      std::string path = ResolvePath(spec_->dir, trimmed);
      std::ifstream in(path, std::ios::binary);
      if (!in) {
        Error(node.location, "cannot read SQL file '" + trimmed + "' (looked at " + path + ")");
        return;
      }
      std::stringstream buffer;
      buffer << in.rdbuf();
      InterpolationScope scope{&spec_->variables, options_.environment};
      auto sql = Interpolate(buffer.str(), scope);
      if (!sql.ok()) {
        errors_.push_back({path, {}, sql.status().message()});
        return;
      }
      table->sql = *sql;
      table->sql_file = path;
      table->sql_first_line = 1;
      return;
    }
    table->sql = *text;
    table->sql_file = file_;
    table->sql_first_line = node.location.line;
    // A block scalar (| or >) starts on the line after its indicator.
    size_t line_start = 0;
    for (int l = 1; l < node.location.line && line_start != std::string::npos; ++l) {
      line_start = text_.find('\n', line_start);
      if (line_start != std::string::npos) ++line_start;
    }
    if (line_start != std::string::npos) {
      size_t pos = line_start + static_cast<size_t>(node.location.column - 1);
      if (pos < text_.size() && (text_[pos] == '|' || text_[pos] == '>')) ++table->sql_first_line;
    }
  }

  void ParseTable(const ConfigNode& key, const ConfigNode& node) {
    TableSpec table;
    table.id = key.scalar;
    table.location = key.location;
    size_t dot = table.id.find('.');
    if (dot == std::string::npos || !IsIdentifier(table.id.substr(0, dot)) ||
        !IsIdentifier(table.id.substr(dot + 1))) {
      Error(key.location, "table '" + table.id +
                              "' must be named <layer>.<name> (lower-case letters, digits, _), "
                              "e.g. bronze.orders");
      return;
    }
    table.layer = table.id.substr(0, dot);
    table.name = table.id.substr(dot + 1);
    static const std::set<std::string> kReserved = {
        "main", "temp", "system", "information_schema", "pg_catalog", "memory", "_ingot"};
    if (kReserved.count(table.layer) > 0) {
      Error(key.location, "layer '" + table.layer + "' is a reserved name");
    }
    if (table.name.size() > 12 &&
        table.name.compare(table.name.size() - 12, 12, "__quarantine") == 0) {
      Error(key.location, "table names ending in __quarantine are reserved for quarantine tables");
    }
    if (!Expect(node, ConfigNode::Kind::kMap, "table '" + table.id + "'")) return;
    CheckKeys(node,
              {"from", "sql", "mode", "keys", "sequence_by", "track_columns", "partition_by",
               "zorder_by", "expectations", "incremental", "properties", "description"},
              "table '" + table.id + "'");
    const ConfigNode* from = node.Find("from");
    const ConfigNode* sql = node.Find("sql");
    if (from != nullptr && sql != nullptr) {
      Error(sql->location, "table '" + table.id + "': give either 'from' or 'sql', not both");
    } else if (from == nullptr && sql == nullptr) {
      Error(node.location,
            "table '" + table.id + "': missing 'from' (a source) or 'sql' (a model)");
    }
    if (from != nullptr) {
      if (auto v = Text(*from, "from")) {
        table.from = *v;
        if (spec_->sources.count(*v) == 0) {
          std::vector<std::string> names;
          for (const auto& [n, s] : spec_->sources) names.push_back(n);
          std::string hint = DidYouMean(*v, names);
          if (spec_->FindTable(*v) != nullptr || v->find('.') != std::string::npos) {
            hint += " ('from' names a source; read tables with 'sql: SELECT * FROM " + *v + "')";
          }
          Error(from->location, "table '" + table.id + "': unknown source '" + *v + "'" + hint);
        }
      }
    }
    if (sql != nullptr) ParseSql(*sql, &table);
    if (const ConfigNode* mode = node.Find("mode")) {
      if (auto m = Text(*mode, "mode")) {
        static const std::vector<std::string> kModes = {"append", "overwrite", "merge", "scd2"};
        if (*m == "append") {
          table.mode = TableMode::kAppend;
        } else if (*m == "overwrite") {
          table.mode = TableMode::kOverwrite;
        } else if (*m == "merge") {
          table.mode = TableMode::kMerge;
        } else if (*m == "scd2") {
          table.mode = TableMode::kScd2;
        } else {
          Error(mode->location, "unknown mode '" + *m + "'" + DidYouMean(*m, kModes) +
                                    " (expected append, overwrite, merge or scd2)");
        }
      }
    }
    if (const ConfigNode* n = node.Find("keys")) table.keys = Names(*n, "keys");
    if (const ConfigNode* n = node.Find("sequence_by")) {
      if (auto v = Text(*n, "sequence_by")) table.sequence_by = *v;
    }
    if (const ConfigNode* n = node.Find("track_columns"))
      table.track_columns = Names(*n, "track_columns");
    if (const ConfigNode* n = node.Find("partition_by"))
      table.partition_by = Names(*n, "partition_by");
    if (const ConfigNode* n = node.Find("zorder_by")) table.zorder_by = Names(*n, "zorder_by");
    if (const ConfigNode* n = node.Find("incremental")) table.incremental = Bool(*n, "incremental");
    if (const ConfigNode* n = node.Find("description")) {
      if (auto v = Text(*n, "description")) table.description = *v;
    }
    if (const ConfigNode* n = node.Find("properties")) {
      if (Expect(*n, ConfigNode::Kind::kMap, "properties")) {
        for (const auto& [k, v] : n->entries) {
          if (auto text = Text(v, "property '" + k.scalar + "'"))
            table.properties[k.scalar] = *text;
        }
      }
    }
    if (const ConfigNode* n = node.Find("expectations")) ParseExpectations(*n, &table);
    bool keyed = table.mode == TableMode::kMerge || table.mode == TableMode::kScd2;
    if (keyed && table.keys.empty()) {
      Error(node.location, "table '" + table.id + "': mode " +
                               std::string(TableModeName(table.mode)) + " needs 'keys'");
    }
    if (table.mode == TableMode::kScd2 && table.sequence_by.empty()) {
      Error(node.location, "table '" + table.id + "': mode scd2 needs 'sequence_by'");
    }
    if (!keyed && (!table.keys.empty() || !table.track_columns.empty())) {
      Error(node.Find("keys") != nullptr ? node.Find("keys")->location : node.location,
            "table '" + table.id + "': 'keys' and 'track_columns' need mode merge or scd2");
    }
    if (spec_->FindTable(table.id) != nullptr) {
      Error(key.location, "table '" + table.id + "' is declared twice");
      return;
    }
    sql_nodes_[table.id] = sql != nullptr ? sql->location : key.location;
    spec_->tables.push_back(std::move(table));
  }

  // References between tables (with suggestions) and cycles.
  void CheckGraph() {
    std::set<std::string> layers;
    std::vector<std::string> ids;
    for (const TableSpec& t : spec_->tables) {
      layers.insert(t.layer);
      ids.push_back(t.id);
    }
    for (TableSpec& table : spec_->tables) {
      if (table.sql.empty()) continue;
      for (const TableRef& ref : FindTableRefs(table.sql, layers)) {
        if (spec_->FindTable(ref.id()) == nullptr) {
          Location at = RefLocation(table, ref);
          errors_.push_back({table.sql_file, at,
                             "table '" + table.id + "' reads unknown table '" + ref.id() + "'" +
                                 DidYouMean(ref.id(), ids)});
          continue;
        }
        if (ref.id() == table.id) {
          errors_.push_back(
              {table.sql_file, RefLocation(table, ref), "table '" + table.id + "' reads itself"});
          continue;
        }
        if (std::find(table.depends_on.begin(), table.depends_on.end(), ref.id()) ==
            table.depends_on.end()) {
          table.depends_on.push_back(ref.id());
        }
      }
    }
    if (!errors_.empty()) return;
    auto order = TopologicalOrder(*spec_);
    if (!order.ok()) {
      const TableSpec* first = spec_->FindTable(CycleStart(order.status().message()));
      Error(first != nullptr ? first->location : Location{}, order.status().message());
    }
  }

  // Where a reference in a table's SQL is, in the file that holds the SQL.
  Location RefLocation(const TableSpec& table, const TableRef& ref) const {
    Location at{table.sql_first_line + ref.line - 1, ref.column};
    if (table.sql_file != file_) return at;
    const Location& node = sql_nodes_.at(table.id);
    if (at.line == node.line) {
      at.column = node.column + ref.column - 1;
      return at;
    }
    // A block scalar: add the line's indentation, which YAML strips from the text.
    size_t start = 0;
    for (int l = 1; l < at.line && start != std::string::npos; ++l) {
      start = text_.find('\n', start);
      if (start != std::string::npos) ++start;
    }
    int indent = 0;
    while (start != std::string::npos && start + indent < text_.size() &&
           text_[start + indent] == ' ') {
      ++indent;
    }
    at.column += indent;
    return at;
  }

  static std::string CycleStart(const std::string& message) {
    size_t colon = message.find(": ");
    if (colon == std::string::npos) return "";
    size_t end = message.find(' ', colon + 2);
    return message.substr(colon + 2,
                          end == std::string::npos ? std::string::npos : end - colon - 2);
  }

  std::string file_;
  std::string_view text_;
  const SpecOptions& options_;
  PipelineSpec* spec_ = nullptr;
  std::vector<SpecError> errors_;
  std::map<std::string, Location> sql_nodes_;
};

}  // namespace

SpecParse ParsePipelineSpec(std::string_view text, const std::string& file_path,
                            const SpecOptions& options) {
  return Parser(file_path, text, options).Parse();
}

Result<PipelineSpec> LoadPipelineSpec(const std::string& file_path, const SpecOptions& options) {
  std::ifstream in(file_path, std::ios::binary);
  if (!in) return Status::NotFound("cannot read pipeline file '", file_path, "'");
  std::stringstream buffer;
  buffer << in.rdbuf();
  SpecParse parsed = ParsePipelineSpec(buffer.str(), file_path, options);
  if (parsed.errors.empty()) return std::move(parsed.spec);
  std::string message;
  for (const SpecError& e : parsed.errors) message += (message.empty() ? "" : "\n") + e.ToString();
  return Status::InvalidArgument(message);
}

}  // namespace ingot::pipeline
