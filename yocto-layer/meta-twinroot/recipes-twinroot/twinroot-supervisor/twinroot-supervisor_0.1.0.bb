SUMMARY = "Twinroot supervisor: boot assessment, health checks, watchdog and updates on the device"
DESCRIPTION = "The device jar of Twinroot (daemon and twinrootctl), run by systemd on the JRE of \
meta-openjdk-temurin. The jar is built by the project's Maven build and copied next to this recipe; \
see meta-twinroot/README.md."
# The project has not chosen a license yet; set LICENSE and LIC_FILES_CHKSUM here when it does.
LICENSE = "CLOSED"

# PV is the Maven project version (the parent pom.xml); the layer checker fails when they differ.
# The jar is not committed: `mvn -B -pl supervisor -am package` builds it and README.md says where it goes.
SRC_URI = "file://twinroot-supervisor.jar;unpack=0 \
           file://twinroot-supervisor.service \
           "

S = "${WORKDIR}"

inherit systemd

SYSTEMD_SERVICE:${PN} = "twinroot-supervisor.service"
SYSTEMD_AUTO_ENABLE:${PN} = "enable"

do_install() {
    install -d ${D}${libdir}/twinroot
    install -m 0644 ${WORKDIR}/twinroot-supervisor.jar ${D}${libdir}/twinroot/twinroot-supervisor.jar
    install -d ${D}${systemd_system_unitdir}
    install -m 0644 ${WORKDIR}/twinroot-supervisor.service ${D}${systemd_system_unitdir}/twinroot-supervisor.service
}

FILES:${PN} += "${libdir}/twinroot/twinroot-supervisor.jar ${systemd_system_unitdir}/twinroot-supervisor.service"

# java2-runtime: provided by openjdk-17-jre (meta-openjdk-temurin), which puts java at /usr/bin/java.
RDEPENDS:${PN} = "openjdk-17-jre twinroot-config"
