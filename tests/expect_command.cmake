# Runs COMMAND (a ;-list) and checks its exit code and output, for CLI behaviour tests:
#   cmake -DCOMMAND="prog;arg" -DEXPECT_EXIT=2 -DEXPECT_OUTPUT="regex" -P expect_command.cmake
# FORBID_OUTPUT="regex", when set, must match nothing that the command printed (a secret).
execute_process(COMMAND ${COMMAND} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc STREQUAL "${EXPECT_EXIT}")
  message(FATAL_ERROR "'${COMMAND}' exited ${rc}, expected ${EXPECT_EXIT}\nstdout:\n${out}\nstderr:\n${err}")
endif()
if(DEFINED EXPECT_OUTPUT AND NOT "${out}${err}" MATCHES "${EXPECT_OUTPUT}")
  message(FATAL_ERROR "'${COMMAND}' printed no match for '${EXPECT_OUTPUT}'\nstdout:\n${out}\nstderr:\n${err}")
endif()
if(DEFINED FORBID_OUTPUT AND "${out}${err}" MATCHES "${FORBID_OUTPUT}")
  message(FATAL_ERROR "'${COMMAND}' printed '${CMAKE_MATCH_0}', which it must not\nstdout:\n${out}\nstderr:\n${err}")
endif()
