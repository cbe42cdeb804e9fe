# Builds and runs a small outside project that links gt3::gt3, taken one of two ways:
#   MODE=package       installs the built project into a temporary prefix, and the consumer
#                      finds it with find_package(gt3 CONFIG REQUIRED);
#   MODE=subdirectory  the consumer adds gt3's source tree with add_subdirectory.
# Run by CTest as: cmake -DMODE=... -DGT3_BUILD_DIR=... -DGT3_SOURCE_DIR=...
#                        -DCONSUMER_SOURCE_DIR=... -DWORK_DIR=... -DCXX_COMPILER=...
#                        [-DCXX_FLAGS=... -DEXE_LINKER_FLAGS=...] -P <this>
foreach(var MODE GT3_BUILD_DIR GT3_SOURCE_DIR CONSUMER_SOURCE_DIR WORK_DIR CXX_COMPILER)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "package_consumer_test.cmake needs -D${var}=...")
  endif()
endforeach()

function(run step)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${step} failed (exit ${rc}):\n${out}\n${err}")
  endif()
  set(last_output "${out}" PARENT_SCOPE)
endfunction()

file(REMOVE_RECURSE ${WORK_DIR})

if(MODE STREQUAL "package")
  set(prefix ${WORK_DIR}/prefix)
  run("install into ${prefix}" ${CMAKE_COMMAND} --install ${GT3_BUILD_DIR} --prefix ${prefix})
  if(NOT EXISTS ${prefix}/lib/cmake/gt3/gt3Config.cmake
     OR NOT EXISTS ${prefix}/include/gt3/version.h)
    message(FATAL_ERROR "install left no package config or no generated version.h in ${prefix}")
  endif()
  set(how -DCMAKE_PREFIX_PATH=${prefix} -DEXPECTED_GT3_DIR=${prefix}/lib/cmake/gt3)
elseif(MODE STREQUAL "subdirectory")
  set(how -DGT3_SOURCE_DIR=${GT3_SOURCE_DIR})
else()
  message(FATAL_ERROR "MODE must be package or subdirectory, not '${MODE}'")
endif()

# No build type (no -O, no -g): the test proves that the consumer builds, links and runs, not
# how fast; unoptimised, the subdirectory mode's rebuild of the whole library takes half the time.
run("configure the consumer" ${CMAKE_COMMAND}
  -S ${CONSUMER_SOURCE_DIR} -B ${WORK_DIR}/build
  -DCMAKE_CXX_COMPILER=${CXX_COMPILER}
  -DCMAKE_BUILD_TYPE=
  "-DCMAKE_CXX_FLAGS=${CXX_FLAGS}"
  "-DCMAKE_EXE_LINKER_FLAGS=${EXE_LINKER_FLAGS}"
  ${how})
run("build the consumer" ${CMAKE_COMMAND} --build ${WORK_DIR}/build --parallel 2)
run("run the consumer" ${WORK_DIR}/build/consumer)

if(NOT last_output MATCHES "consumer ok: gt3 [0-9]+\\.[0-9]+\\.[0-9]+")
  message(FATAL_ERROR "the consumer ran but printed:\n${last_output}")
endif()
message(STATUS "${last_output}")

run("run the login server's self-test" ${WORK_DIR}/build/login_server --self-test)
if(NOT last_output MATCHES "self-test ok")
  message(FATAL_ERROR "the login server ran but printed:\n${last_output}")
endif()
message(STATUS "${last_output}")
