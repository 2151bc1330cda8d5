# build.gcc_release: the release build of docs/deployment.md compiles, warning-free,
# with Debian's default compiler, gcc. Every other build (scripts/build, scripts/bench)
# uses clang, and gcc warns where clang does not: its flow warnings
# (-Wmaybe-uninitialized, -Wformat-truncation) come from its optimiser, so only an
# optimised gcc build sees them. This configures and builds exactly as documented
# (Release, no fuzzing, no fault injection) into WORK_DIR, from nothing: every C target,
# as `cmake --build build-release` does (the unit tests and benchmark programs too); the
# web UI is not C and is left out. Then it runs the new `kazi version`, and the unit
# suite on that build: gcc reads a call's arguments in another order than clang and
# optimises differently, so code (or a test) that leans on either fails here first (a
# test that read `out` before the call wrote it crashed only under gcc).
# usage: cmake -DSOURCE_DIR=<repo> -DWORK_DIR=<scratch dir> -P gcc_release.cmake
find_program(GCC gcc)
if(NOT GCC)
  message(FATAL_ERROR "gcc not found: it is Debian's default compiler, the one the release "
    "build uses (docs/deployment.md); scripts/setup installs it (build-essential)")
endif()
unset(ENV{CFLAGS}) # the documented build sets none
unset(ENV{CC})
cmake_host_system_information(RESULT jobs QUERY NUMBER_OF_LOGICAL_CORES)
file(REMOVE_RECURSE ${WORK_DIR})

function(step what)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
  # -Werror turns the compiler's warnings into errors; anything else that warns
  # (the linker) fails the check too.
  if(rc OR out MATCHES "warning:")
    message(FATAL_ERROR "${what} failed:\n${out}")
  endif()
  set(out "${out}" PARENT_SCOPE)
endfunction()

step("configure" ${CMAKE_COMMAND} -S ${SOURCE_DIR} -B ${WORK_DIR} -DCMAKE_C_COMPILER=${GCC}
  -DCMAKE_BUILD_TYPE=Release -DKAZI_FUZZ=OFF -DKAZI_FAULT_INJECTION=OFF -DKAZI_WEB=OFF)
step("the gcc Release build" ${CMAKE_COMMAND} --build ${WORK_DIR} -j ${jobs})
step("kazi version" ${WORK_DIR}/kazi version)
if(NOT out MATCHES "^kazi [0-9]" OR out MATCHES "fault injection")
  message(FATAL_ERROR "kazi version of the release build says: ${out}")
endif()
message(STATUS "gcc Release build: ${out}")
execute_process(COMMAND ${CMAKE_CTEST_COMMAND} --test-dir ${WORK_DIR} -L unit -j ${jobs}
  --output-on-failure RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(rc OR NOT out MATCHES "100% tests passed")
  message(FATAL_ERROR "the unit suite on the gcc Release build failed:\n${out}")
endif()
string(REGEX MATCH "[0-9]+ tests passed[^\n]*" passed "${out}")
message(STATUS "unit suite on the gcc Release build: ${passed}")
file(REMOVE_RECURSE ${WORK_DIR})
