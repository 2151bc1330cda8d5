# Runs a death test (PROGRAM) and passes only if AddressSanitizer stopped it with a
# use-after-poison report on the address it said it would read ("reading 0x..." on
# stdout), after it printed "link word readable", with a non-zero exit status.
execute_process(COMMAND ${PROGRAM} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
message("${out}")
if(rc EQUAL 0)
  message(FATAL_ERROR "exit status 0: the poisoned read went through\n${err}")
endif()
if(NOT out MATCHES "link word readable")
  message(FATAL_ERROR "stopped before reading the link word (status ${rc})\n${err}")
endif()
if(NOT out MATCHES "reading (0x[0-9a-f]+)")
  message(FATAL_ERROR "no address announced (status ${rc})\n${err}")
endif()
set(addr ${CMAKE_MATCH_1})
if(NOT err MATCHES "ERROR: AddressSanitizer: use-after-poison on address ${addr}"
   OR NOT err MATCHES "READ of size 1 at ${addr}")
  message(FATAL_ERROR "no use-after-poison report for ${addr} (status ${rc})\n${err}")
endif()
message("AddressSanitizer: use-after-poison on ${addr}, exit status ${rc}: as expected")
