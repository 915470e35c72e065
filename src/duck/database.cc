#include "duck/database.h"

#include "common/macros.h"
#include "duck/connection.h"
#include "duck/duck_internal.h"

namespace ingot::duck {
namespace {

// Owns a duckdb_config for the duration of Open().
class Config {
 public:
  Config() { duckdb_create_config(&config_); }
  ~Config() { duckdb_destroy_config(&config_); }
  Config(const Config&) = delete;
  Config& operator=(const Config&) = delete;

  Status Set(const std::string& name, const std::string& value) {
    if (duckdb_set_config(config_, name.c_str(), value.c_str()) == DuckDBError) {
      return Status::InvalidArgument("invalid DuckDB setting ", name, "='", value, "'");
    }
    return Status::OK();
  }
  duckdb_config get() const { return config_; }

 private:
  duckdb_config config_ = nullptr;
};

}  // namespace

Database::Database(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Database::~Database() = default;

Result<std::unique_ptr<Database>> Database::Open(const DatabaseOptions& options) {
  Config config;
  // Nothing may be downloaded at run time: every extension Ingot uses is built in.
  INGOT_RETURN_NOT_OK_CTX(config.Set("autoinstall_known_extensions", "false"), "opening DuckDB");
  if (options.threads > 0) {
    INGOT_RETURN_NOT_OK(config.Set("threads", std::to_string(options.threads)));
  }
  if (!options.memory_limit.empty()) {
    INGOT_RETURN_NOT_OK(config.Set("memory_limit", options.memory_limit));
  }
  if (!options.temp_directory.empty()) {
    INGOT_RETURN_NOT_OK(config.Set("temp_directory", options.temp_directory));
  }
  for (const auto& [name, value] : options.settings) {
    INGOT_RETURN_NOT_OK(config.Set(name, value));
  }
  auto impl = std::make_unique<Impl>();
  char* error = nullptr;
  const char* path = options.path == ":memory:" ? nullptr : options.path.c_str();
  if (duckdb_open_ext(path, &impl->db, config.get(), &error) == DuckDBError) {
    std::string message = internal::TakeDuckString(error);
    return Status::IOError("cannot open DuckDB database '", options.path, "': ", message);
  }
  return std::unique_ptr<Database>(new Database(std::move(impl)));
}

Result<std::unique_ptr<Connection>> Database::Connect() {
  auto impl = std::make_unique<Connection::Impl>();
  if (duckdb_connect(impl_->db, &impl->con) == DuckDBError) {
    return Status::Internal("cannot connect to DuckDB database");
  }
  auto con = std::make_unique<Connection>(std::move(impl));
  // Timestamps with time zone render and convert in UTC, whatever the machine's zone: Delta
  // stores instants in UTC and results must not depend on where Ingot runs.
  INGOT_RETURN_NOT_OK(con->Execute("SET TimeZone = 'UTC'"));
  return con;
}

std::string LibraryVersion() { return duckdb_library_version(); }

}  // namespace ingot::duck
