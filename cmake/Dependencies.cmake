# Finds every third-party library Ingot uses. All come from Debian 12 packages (`make setup`) except
# DuckDB, which comes pinned from npm (see package.json) or from INGOT_DUCKDB_DIR.
find_package(Threads REQUIRED)
find_package(nlohmann_json 3.10 REQUIRED)
find_package(CLI11 REQUIRED)
# Pipeline specs (YAML with line/column marks) and deletion vectors (portable RoaringBitmap).
find_package(yaml-cpp REQUIRED)
find_package(roaring REQUIRED)

# DuckDB: accept the npm layout and a plain include/ + lib/ install prefix.
find_path(INGOT_DUCKDB_INCLUDE_DIR duckdb.h
  PATHS "${INGOT_DUCKDB_DIR}/duckdb/src/duckdb/src/include" "${INGOT_DUCKDB_DIR}/include" "${INGOT_DUCKDB_DIR}"
  NO_DEFAULT_PATH)
find_library(INGOT_DUCKDB_LIBRARY duckdb
  PATHS "${INGOT_DUCKDB_DIR}/@duckdb/node-bindings-linux-x64" "${INGOT_DUCKDB_DIR}/lib" "${INGOT_DUCKDB_DIR}"
  NO_DEFAULT_PATH)
if(NOT INGOT_DUCKDB_INCLUDE_DIR OR NOT INGOT_DUCKDB_LIBRARY)
  message(FATAL_ERROR "DuckDB not found under INGOT_DUCKDB_DIR=${INGOT_DUCKDB_DIR}. "
                      "Run `make setup` (installs the pinned DuckDB with npm) or pass "
                      "-DINGOT_DUCKDB_DIR=<dir with include/duckdb.h and lib/libduckdb.so>.")
endif()
get_filename_component(INGOT_DUCKDB_LIB_DIR "${INGOT_DUCKDB_LIBRARY}" DIRECTORY)
add_library(ingot_duckdb SHARED IMPORTED GLOBAL)
set_target_properties(ingot_duckdb PROPERTIES
  IMPORTED_LOCATION "${INGOT_DUCKDB_LIBRARY}"
  IMPORTED_NO_SONAME ON
  INTERFACE_SYSTEM_INCLUDE_DIRECTORIES "${INGOT_DUCKDB_INCLUDE_DIR}"
  INTERFACE_INCLUDE_DIRECTORIES "${INGOT_DUCKDB_INCLUDE_DIR}")
message(STATUS "DuckDB: ${INGOT_DUCKDB_LIBRARY} (header ${INGOT_DUCKDB_INCLUDE_DIR}/duckdb.h)")
