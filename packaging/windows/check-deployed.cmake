# Fails when a library of a deploy list is missing from an installed tree.
#   cmake -DIB_DEPLOY_ROOT=<folder> -DIB_DEPLOY_LIST=<deploy-libraries.txt> -P check-deployed.cmake
# deploy.cmake (Windows and macOS) includes it after windeployqt/macdeployqt; the
# portability test runs it on a made-up tree.
file(GLOB_RECURSE _ib_files LIST_DIRECTORIES false "${IB_DEPLOY_ROOT}/*")
file(STRINGS "${IB_DEPLOY_LIST}" _ib_lines REGEX "^[^#]")
set(_ib_missing "")
foreach(_line IN LISTS _ib_lines)
    string(REGEX MATCH "^([^ ]+) +([^ ]+)" _ "${_line}")
    set(_name "${CMAKE_MATCH_1}")
    set(_regex "${CMAKE_MATCH_2}")
    if(_name STREQUAL "")
        continue()
    endif()
    set(_found FALSE)
    foreach(_file IN LISTS _ib_files)
        if(_file MATCHES "${_regex}")
            set(_found TRUE)
            break()
        endif()
    endforeach()
    if(NOT _found)
        list(APPEND _ib_missing "${_name} (${_regex})")
    endif()
endforeach()
if(_ib_missing)
    list(JOIN _ib_missing "\n  " _ib_missing_text)
    message(FATAL_ERROR "These libraries are missing from ${IB_DEPLOY_ROOT}; the installer would not start on a "
                        "machine without them. Install them where the deploy step looks (IB_RUNTIME_DLL_DIRS on "
                        "Windows, Homebrew on macOS):\n  ${_ib_missing_text}")
endif()
message(STATUS "Every library of ${IB_DEPLOY_LIST} is in ${IB_DEPLOY_ROOT}")
