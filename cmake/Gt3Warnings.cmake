# Warnings every target of ours compiles with; -Werror through GT3_WARNINGS_AS_ERRORS (the
# presets turn it on, so CI keeps the tree warning-free).
function(gt3_set_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor)
  if(GT3_WARNINGS_AS_ERRORS)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
