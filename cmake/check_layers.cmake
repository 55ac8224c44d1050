# The layering of rig/ (DESIGN.md: pure parsers and analysis at the bottom, the event loop and
# drivers in the middle, CLI and GUI on top), checked on every build: a file in rig/<layer>/ may
# include only headers of the layers listed for it below, and nothing from reports/, hardware/ or
# gui/ (the simulated world and the outputs are plugged in from the top). A wrong include stops
# the build with "file:line: rig/<layer> may not include ...".
#
#   cmake -DROOT=<source tree> [-DSTAMP=<file to touch when clean>] -P check_layers.cmake
#
# The libraries in rig/CMakeLists.txt link along the same table.
cmake_minimum_required(VERSION 3.20)

set(layers core analysis devices link record config drivers kinds index integrity bench runner session control cli)
set(allowed_core "")
set(allowed_analysis core)
set(allowed_devices core)
set(allowed_link core)
set(allowed_record core analysis)
set(allowed_config core analysis devices link drivers)
set(allowed_drivers core devices link)
set(allowed_kinds core analysis config record)
set(allowed_index core config record)
set(allowed_integrity core record index)
set(allowed_bench core config devices drivers link)
set(allowed_runner core analysis config devices drivers link bench record)
set(allowed_session core analysis config devices drivers link bench record kinds index integrity runner)
set(allowed_control core analysis config devices drivers link bench record kinds index integrity runner session)
set(allowed_cli ${layers} reports hardware)

if(NOT ROOT)
  message(FATAL_ERROR "check_layers.cmake: give -DROOT=<source tree>")
endif()

set(problems "")
foreach(layer IN LISTS layers)
  file(GLOB_RECURSE files "${ROOT}/rig/${layer}/*.cpp" "${ROOT}/rig/${layer}/*.hpp" "${ROOT}/rig/${layer}/*.cpp.in")
  foreach(file IN LISTS files)
    file(STRINGS "${file}" lines REGEX "^[ \t]*#[ \t]*include[ \t]*\"")
    file(RELATIVE_PATH rel "${ROOT}" "${file}")
    # Line numbers: the whole file is read once more only when a line is at fault.
    foreach(line IN LISTS lines)
      if(NOT line MATCHES "#[ \t]*include[ \t]*\"([^\"]+)\"")
        continue()
      endif()
      set(target "${CMAKE_MATCH_1}")
      set(bad "")
      if(target MATCHES "^rig/([a-z_]+)/")
        set(to "${CMAKE_MATCH_1}")
        if(NOT to STREQUAL layer AND NOT to IN_LIST allowed_${layer})
          set(bad "rig/${layer} may not include rig/${to} (allowed: ${allowed_${layer}})")
        endif()
      elseif(target MATCHES "^(reports|hardware|gui|tests|fuzz|bench)/")
        set(to "${CMAKE_MATCH_1}")
        if(NOT to IN_LIST allowed_${layer})
          set(bad "rig/${layer} may not include ${to}/: the controller never depends on the outputs, the simulated world or the GUI")
        endif()
      endif()
      if(bad)
        file(STRINGS "${file}" all_lines)
        list(FIND all_lines "${line}" index)
        math(EXPR number "${index} + 1")
        string(APPEND problems "${rel}:${number}: ${bad}: ${target}\n")
      endif()
    endforeach()
  endforeach()
endforeach()

if(problems)
  message(FATAL_ERROR "layering of rig/ broken (cmake/check_layers.cmake):\n${problems}")
endif()
if(STAMP)
  file(TOUCH "${STAMP}")
endif()
