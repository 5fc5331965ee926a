SUMMARY = "Twinroot supervisor: boot assessment, health checks, watchdog and updates on the device"
DESCRIPTION = "The device jar of Twinroot (daemon and twinrootctl) and its library jars, run by systemd on the \
JRE of meta-openjdk-temurin. They are built by the project's Maven build and copied next to this recipe; \
see meta-twinroot/README.md."
# The project has not chosen a license yet; set LICENSE and LIC_FILES_CHKSUM here when it does.
LICENSE = "CLOSED"

# PV is the Maven project version (the parent pom.xml); the layer checker fails when they differ.
# files/twinroot-supervisor/ is not committed (files/.gitignore): it holds what `mvn -B -pl supervisor -am package`
# leaves in supervisor/target, twinroot-supervisor.jar and lib/*.jar, copied as README.md says. A file:// directory
# is copied whole into WORKDIR by do_unpack (no jar in it is unzipped), and do_fetch's checksum covers every file
# in it, so a new build of any jar reruns the recipe. (Written without a trailing '/', so that the parse error
# without the copy names it: "SRC_URI entry twinroot-supervisor: file could not be found".)
SRC_URI = "file://twinroot-supervisor \
           file://twinroot-supervisor.service \
           "

S = "${WORKDIR}"

inherit systemd

SYSTEMD_SERVICE:${PN} = "twinroot-supervisor.service"
SYSTEMD_AUTO_ENABLE:${PN} = "enable"

# The same layout as twinroot image build: the jar's manifest Class-Path names its libraries as lib/NAME.jar,
# relative to the jar, so `java -jar ${libdir}/twinroot/twinroot-supervisor.jar` finds them in ${libdir}/twinroot/lib.
do_install() {
    install -d ${D}${libdir}/twinroot/lib
    install -m 0644 ${WORKDIR}/twinroot-supervisor/twinroot-supervisor.jar ${D}${libdir}/twinroot/twinroot-supervisor.jar
    install -m 0644 ${WORKDIR}/twinroot-supervisor/lib/*.jar ${D}${libdir}/twinroot/lib/
    install -d ${D}${systemd_system_unitdir}
    install -m 0644 ${WORKDIR}/twinroot-supervisor.service ${D}${systemd_system_unitdir}/twinroot-supervisor.service
}

FILES:${PN} += "${libdir}/twinroot/twinroot-supervisor.jar ${libdir}/twinroot/lib/*.jar \
                ${systemd_system_unitdir}/twinroot-supervisor.service"

# java2-runtime: provided by openjdk-17-jre (meta-openjdk-temurin), which puts java at /usr/bin/java.
RDEPENDS:${PN} = "openjdk-17-jre twinroot-config"
