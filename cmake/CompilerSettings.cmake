# Compiler cache, warnings and the Qt/LibTorch keyword guard, for every target.
find_program(CCACHE_PROGRAM ccache)
if(CCACHE_PROGRAM)
  # Paths relative to the checkout, so clones in other folders (CI) share the
  # cache. With -g ccache also hashes the working directory unless told not
  # to (CCACHE_NOHASHDIR); a clone elsewhere then missed every object.
  set(CMAKE_CXX_COMPILER_LAUNCHER env CCACHE_BASEDIR=${PROJECT_SOURCE_DIR} CCACHE_NOHASHDIR=1 ${CCACHE_PROGRAM})
endif()

# Qt's `slots`/`signals` macros break LibTorch headers (ATen uses `slots`):
# every target uses Q_SLOTS / Q_SIGNALS / Q_EMIT instead.
add_compile_definitions(QT_NO_KEYWORDS)

# Nothing of ours is exported from the executables. Debian's LibTorch loads
# OpenCV's highgui and with it Qt 5 into every process; an out-of-line copy of
# a Qt 6 inline function (as a Debug build emits) exported from our executable
# would take the place of the Qt 5 function of the same name, and Qt 5 crashed
# at start-up that way under the asan preset.
set(CMAKE_CXX_VISIBILITY_PRESET hidden)
set(CMAKE_VISIBILITY_INLINES_HIDDEN ON)

function(interceptor_target_defaults target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wshadow)
  if(INTERCEPTOR_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()

option(INTERCEPTOR_FUZZ "Build the libFuzzer targets of tests/fuzz (clang) instead of their replay programs" OFF)
option(INTERCEPTOR_SANITIZE "Build with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)
if(INTERCEPTOR_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()
