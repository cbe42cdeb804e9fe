# Fails when code that stands for an outside project includes anything but the public API:
# the examples and the package consumer may include <gt3/...> (or "gt3/..."), standard and
# third-party headers, never a path of src/ ("service/...", "engine/...", "http/..."); and a
# public header in include/gt3 may include no project header outside include/gt3.
# Run by CTest as: cmake -DSOURCE_DIR=<repository root> -P <this>
if(NOT DEFINED SOURCE_DIR)
  message(FATAL_ERROR "public_headers_only.cmake needs -DSOURCE_DIR=...")
endif()

file(GLOB src_layers LIST_DIRECTORIES true RELATIVE ${SOURCE_DIR}/src ${SOURCE_DIR}/src/*)
file(GLOB_RECURSE outside_code
  ${SOURCE_DIR}/examples/*.cc ${SOURCE_DIR}/examples/*.h
  ${SOURCE_DIR}/tests/package_consumer/*.cc ${SOURCE_DIR}/tests/package_consumer/*.h)
file(GLOB_RECURSE public_headers ${SOURCE_DIR}/include/gt3/*.h)

set(problems "")
foreach(file IN LISTS outside_code public_headers)
  file(STRINGS ${file} includes REGEX "^[ \t]*#[ \t]*include")
  foreach(line IN LISTS includes)
    foreach(layer IN LISTS src_layers)
      if(line MATCHES "#[ \t]*include[ \t]*[\"<]${layer}/")
        string(APPEND problems "\n  ${file}: ${line}")
      endif()
    endforeach()
  endforeach()
endforeach()

list(LENGTH outside_code checked)
if(checked EQUAL 0)
  message(FATAL_ERROR "found no example or consumer source under ${SOURCE_DIR}")
endif()
if(problems)
  message(FATAL_ERROR "code that stands for an outside project includes src/:${problems}")
endif()
message(STATUS "public headers only: ${checked} outside sources and the public headers checked")
