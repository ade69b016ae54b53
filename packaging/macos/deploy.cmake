# Run by `cmake --install` / cpack on macOS (packaging/CMakeLists.txt sets IB_MACDEPLOYQT).
# Copies Qt's frameworks and plug-ins and every other library (libssh, spdlog, fmt,
# QtKeychain, OpenSSL) into the bundle, for the app and the CLI inside it. With
# MACOS_SIGN_IDENTITY set ("Developer ID Application: ..."), signs the bundle for
# notarisation (hardened runtime, secure timestamp); packaging/macos/notarize.sh then
# signs, notarises and staples the .dmg.
set(_app "$ENV{DESTDIR}${CMAKE_INSTALL_PREFIX}/imagebuilder.app")
set(_args "${_app}" "-executable=${_app}/Contents/MacOS/imagebuilder-cli" -always-overwrite)
if(NOT "$ENV{MACOS_SIGN_IDENTITY}" STREQUAL "")
    list(APPEND _args "-codesign=$ENV{MACOS_SIGN_IDENTITY}" -hardened-runtime -timestamp)
    message(STATUS "Deploying Qt into ${_app} and signing it as $ENV{MACOS_SIGN_IDENTITY}")
else()
    message(STATUS "Deploying Qt into ${_app} (MACOS_SIGN_IDENTITY is not set: not signed)")
endif()
execute_process(COMMAND "${IB_MACDEPLOYQT}" ${_args} COMMAND_ERROR_IS_FATAL ANY)
if(NOT "$ENV{MACOS_SIGN_IDENTITY}" STREQUAL "")
    execute_process(COMMAND codesign --verify --deep --strict --verbose=2 "${_app}" COMMAND_ERROR_IS_FATAL ANY)
endif()

# Everything the programs link must now be in the bundle (packaging/macos/deploy-libraries.txt).
set(IB_DEPLOY_ROOT "${_app}")
set(IB_DEPLOY_LIST "${CMAKE_CURRENT_LIST_DIR}/deploy-libraries.txt")
include("${CMAKE_CURRENT_LIST_DIR}/../windows/check-deployed.cmake")
