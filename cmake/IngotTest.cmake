find_package(GTest REQUIRED)
include(GoogleTest)

# Real Spark / delta-rs Delta tables (a copy of ../shared/delta-golden kept in the repository).
set(INGOT_DELTA_GOLDEN_DIR "${CMAKE_SOURCE_DIR}/tests/data/delta-golden" CACHE PATH
    "Golden Delta tables used by the delta tests (read-only)")

# ingot_add_test(<name> LABEL <unit|integration> SOURCES <files...> LIBS <targets...>)
# Builds one GoogleTest executable and registers each test case with ctest under the label, named
# "<name>.<Suite>.<Test>" so that `ctest -R <name>` selects one binary's tests.
function(ingot_add_test name)
  cmake_parse_arguments(ARG "" "LABEL" "SOURCES;LIBS" ${ARGN})
  if(NOT ARG_LABEL)
    set(ARG_LABEL unit)
  endif()
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_LIBS} GTest::gtest GTest::gtest_main GTest::gmock)
  target_compile_definitions(${name} PRIVATE
    INGOT_BINARY_PATH="${CMAKE_BINARY_DIR}/src/cli/ingot"
    INGOT_SOURCE_DIR="${CMAKE_SOURCE_DIR}")
  gtest_discover_tests(${name}
    TEST_PREFIX "${name}."
    NO_PRETTY_VALUES
    DISCOVERY_MODE PRE_TEST
    PROPERTIES LABELS ${ARG_LABEL} TIMEOUT 300)
endfunction()
