# The GPU check (cuda_benchmark.cpp): built by the full build (tests/benchmarks) and by
# INTERCEPTOR_MODEL_ONLY, which includes this file from the top level. It needs only the
# model layer; the parity fixtures are found in the build's fixtures/parity by default.
add_executable(cuda_benchmark ${CMAKE_CURRENT_LIST_DIR}/cuda_benchmark.cpp)
target_compile_definitions(cuda_benchmark PRIVATE
  INTERCEPTOR_PARITY_FIXTURES="${CMAKE_BINARY_DIR}/fixtures/parity")
target_link_libraries(cuda_benchmark PRIVATE interceptor_model nlohmann_json::nlohmann_json)
interceptor_target_defaults(cuda_benchmark)
