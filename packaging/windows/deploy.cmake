# Run by `cmake --install` / cpack on Windows (packaging/CMakeLists.txt sets IB_WINDEPLOYQT
# and IB_RUNTIME_DLL_DIRS). Puts next to the installed executables what they load:
# Qt's DLLs, plug-ins and translations (windeployqt), then every other DLL they and the
# plug-ins need (libssh, spdlog, fmt, QtKeychain, OpenSSL, the compiler's runtime).
set(_bin "$ENV{DESTDIR}${CMAKE_INSTALL_PREFIX}/bin")
message(STATUS "Deploying Qt into ${_bin}")
execute_process(
    COMMAND "${IB_WINDEPLOYQT}" --release --no-compiler-runtime --no-opengl-sw
            --no-system-d3d-compiler "${_bin}/imagebuilder.exe" "${_bin}/imagebuilder-cli.exe"
    COMMAND_ERROR_IS_FATAL ANY)

file(GLOB_RECURSE _ib_modules "${_bin}/*.dll")
file(GET_RUNTIME_DEPENDENCIES
    EXECUTABLES "${_bin}/imagebuilder.exe" "${_bin}/imagebuilder-cli.exe"
    LIBRARIES ${_ib_modules}
    DIRECTORIES ${IB_RUNTIME_DLL_DIRS}
    RESOLVED_DEPENDENCIES_VAR _ib_resolved
    UNRESOLVED_DEPENDENCIES_VAR _ib_unresolved
    PRE_EXCLUDE_REGEXES "^api-ms-" "^ext-ms-"
    POST_EXCLUDE_REGEXES "[Ss]ystem32/" "[Ww]in[Ss]x[Ss]/")
foreach(_dll IN LISTS _ib_resolved)
    get_filename_component(_name "${_dll}" NAME)
    if(NOT EXISTS "${_bin}/${_name}")
        file(COPY "${_dll}" DESTINATION "${_bin}")
    endif()
endforeach()
if(_ib_unresolved)
    message(WARNING "DLLs not found (not bundled): ${_ib_unresolved}")
endif()

# Everything the programs link must now be here (packaging/windows/deploy-libraries.txt).
set(IB_DEPLOY_ROOT "${_bin}")
set(IB_DEPLOY_LIST "${CMAKE_CURRENT_LIST_DIR}/deploy-libraries.txt")
include("${CMAKE_CURRENT_LIST_DIR}/check-deployed.cmake")
