# Installation layout and the Debian package (cpack -G DEB). Everything the
# package holds is installed from here; its version is the project version.
include(GNUInstallDirs)

install(TARGETS interceptor interceptor-cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})

set(INTERCEPTOR_PACKAGING ${PROJECT_SOURCE_DIR}/packaging)
set(INTERCEPTOR_RESOURCES ${PROJECT_SOURCE_DIR}/resources)
set(INTERCEPTOR_GENERATED ${CMAKE_BINARY_DIR}/generated/package)

# Desktop integration: launcher (with the video MIME types it opens), AppStream metadata, icons.
install(FILES ${INTERCEPTOR_PACKAGING}/desktop/org.interceptor.Interceptor.desktop
        DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
configure_file(${INTERCEPTOR_PACKAGING}/desktop/org.interceptor.Interceptor.metainfo.xml
               ${INTERCEPTOR_GENERATED}/org.interceptor.Interceptor.metainfo.xml @ONLY)
install(FILES ${INTERCEPTOR_GENERATED}/org.interceptor.Interceptor.metainfo.xml
        DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo)
install(DIRECTORY ${INTERCEPTOR_RESOURCES}/icons/hicolor DESTINATION ${CMAKE_INSTALL_DATADIR}/icons)
install(FILES ${INTERCEPTOR_RESOURCES}/icons/interceptor.svg
        DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps)

# Man pages, with the version filled in and compressed as Debian policy asks.
find_program(GZIP_PROGRAM gzip REQUIRED)
set(INTERCEPTOR_MAN_PAGES)
foreach(page interceptor interceptor-cli)
  configure_file(${INTERCEPTOR_PACKAGING}/man/${page}.1 ${INTERCEPTOR_GENERATED}/${page}.1 @ONLY)
  add_custom_command(OUTPUT ${INTERCEPTOR_GENERATED}/${page}.1.gz
                     COMMAND ${GZIP_PROGRAM} -9nkf ${INTERCEPTOR_GENERATED}/${page}.1
                     DEPENDS ${INTERCEPTOR_GENERATED}/${page}.1 VERBATIM)
  list(APPEND INTERCEPTOR_MAN_PAGES ${INTERCEPTOR_GENERATED}/${page}.1.gz)
endforeach()
add_custom_target(man_pages ALL DEPENDS ${INTERCEPTOR_MAN_PAGES})
install(FILES ${INTERCEPTOR_MAN_PAGES} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)

# The demonstration clip and checkpoint, and the training plans.
install(DIRECTORY ${INTERCEPTOR_RESOURCES}/demo/ DESTINATION ${CMAKE_INSTALL_DATADIR}/interceptor/demo)
install(DIRECTORY ${INTERCEPTOR_RESOURCES}/models/ DESTINATION ${CMAKE_INSTALL_DATADIR}/interceptor/models)
install(DIRECTORY ${INTERCEPTOR_RESOURCES}/plans/ DESTINATION ${CMAKE_INSTALL_DATADIR}/interceptor/plans)
install(FILES ${INTERCEPTOR_PACKAGING}/copyright DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/interceptor)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME interceptor)
set(CPACK_PACKAGE_VENDOR "Interceptor")
set(CPACK_PACKAGE_CONTACT "Interceptor developers <interceptor@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "deepfake forensic workstation for video clips")
set(CPACK_PACKAGE_DESCRIPTION "Interceptor examines video clips frame by frame for deepfake manipulation,
also in low light, with detector checkpoints in the PyTorch format: per-frame
probabilities, luminance heatmaps, checkpoint comparison, PDF reports, and
training, evaluation and calibration of detectors.")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # interceptor_<version>_<arch>.deb
set(CPACK_DEBIAN_PACKAGE_SECTION video)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://example.invalid/interceptor")
# Shared-library dependencies are computed by dpkg-shlibdeps from the binaries.
# What the binaries load at run time without linking is named here: the Haar
# face cascade (opencv-data), Qt's platform plugins, and a fast BLAS for LibTorch.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "opencv-data, qt6-qpa-plugins")
# libdlib-data: the 68-point landmark model that `train --landmarks 68` reads (not needed to analyse).
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "libopenblas0-pthread, libdlib-data")
set(CPACK_STRIP_FILES ON)
include(CPack)
