# Twinroot boot script, generated from dev.twinroot.updater.contract.BootContract: do not edit.
# Boot contract: boot the first slot in BOOT_ORDER with tries left, after decrementing and saving its tries.
if test -z "${devtype}"; then setenv devtype virtio; fi
if test -z "${devnum}"; then setenv devnum 0; fi
setenv tr_addr1 ${kernel_addr_r}
setexpr tr_addr2 ${kernel_addr_r} + 0x8000
# copy 1: valid if it loads, has the right size, a good CRC and a BOOT_SEQ
setenv tr_seq1
setenv BOOT_SEQ
if load ${devtype} ${devnum}:1 ${tr_addr1} boot-state-1.env 0x4001; then if test "${filesize}" = 4000; then if env import -c ${tr_addr1} 0x4000 BOOT_SEQ; then setenv tr_seq1 ${BOOT_SEQ}; fi; fi; fi
# copy 2: valid if it loads, has the right size, a good CRC and a BOOT_SEQ
setenv tr_seq2
setenv BOOT_SEQ
if load ${devtype} ${devnum}:1 ${tr_addr2} boot-state-2.env 0x4001; then if test "${filesize}" = 4000; then if env import -c ${tr_addr2} 0x4000 BOOT_SEQ; then setenv tr_seq2 ${BOOT_SEQ}; fi; fi; fi
setenv tr_use
if test -n "${tr_seq1}"; then setenv tr_use 1; fi
if test -n "${tr_seq2}"; then if test -z "${tr_use}"; then setenv tr_use 2; elif test ${tr_seq2} -gt ${tr_seq1}; then setenv tr_use 2; fi; fi
setenv BOOT_ORDER
setenv BOOT_A_LEFT
setenv BOOT_B_LEFT
setenv BOOT_SEQ
if test "${tr_use}" = 1; then env import -c ${tr_addr1} 0x4000 BOOT_ORDER BOOT_A_LEFT BOOT_B_LEFT BOOT_SEQ; setenv tr_write 2; fi
if test "${tr_use}" = 2; then env import -c ${tr_addr2} 0x4000 BOOT_ORDER BOOT_A_LEFT BOOT_B_LEFT BOOT_SEQ; setenv tr_write 1; fi
if test -z "${tr_use}"; then echo "twinroot: no valid boot state, using defaults"; setenv BOOT_ORDER "A B"; setenv BOOT_A_LEFT 3; setenv BOOT_B_LEFT 3; setenv BOOT_SEQ 0x0; setenv tr_write 1; fi
setenv tr_slot
for s in ${BOOT_ORDER}; do if test -z "${tr_slot}"; then if test "${s}" = A; then if test "${BOOT_A_LEFT}" -gt 0; then setenv tr_slot A; fi; fi; if test "${s}" = B; then if test "${BOOT_B_LEFT}" -gt 0; then setenv tr_slot B; fi; fi; fi; done
if test -z "${tr_slot}"; then echo "twinroot: no slot has tries left, resetting every slot to 3"; setenv BOOT_A_LEFT 3; setenv BOOT_B_LEFT 3; fi
setenv tr_slot
for s in ${BOOT_ORDER}; do if test -z "${tr_slot}"; then if test "${s}" = A; then if test "${BOOT_A_LEFT}" -gt 0; then setenv tr_slot A; fi; fi; if test "${s}" = B; then if test "${BOOT_B_LEFT}" -gt 0; then setenv tr_slot B; fi; fi; fi; done
# BOOT_ORDER names no known slot: fall back to the default order
if test -z "${tr_slot}"; then setenv BOOT_ORDER "A B"; setenv tr_slot A; fi
if test "${tr_slot}" = A; then setexpr BOOT_A_LEFT ${BOOT_A_LEFT} - 1; setenv tr_left ${BOOT_A_LEFT}; setenv tr_part 2; setenv tr_partuuid; part uuid ${devtype} ${devnum}:2 tr_partuuid; setenv bootargs "root=PARTUUID=${tr_partuuid} ro rootwait twinroot.slot=A panic=5 console=ttyS0,115200"; fi
if test "${tr_slot}" = B; then setexpr BOOT_B_LEFT ${BOOT_B_LEFT} - 1; setenv tr_left ${BOOT_B_LEFT}; setenv tr_part 3; setenv tr_partuuid; part uuid ${devtype} ${devnum}:3 tr_partuuid; setenv bootargs "root=PARTUUID=${tr_partuuid} ro rootwait twinroot.slot=B panic=5 console=ttyS0,115200"; fi
setexpr tr_next ${BOOT_SEQ} + 1
setenv BOOT_SEQ 0x${tr_next}
env export -c -s 0x4000 ${tr_addr1} BOOT_ORDER BOOT_A_LEFT BOOT_B_LEFT BOOT_SEQ
if test "${tr_write}" = 1; then setenv tr_file boot-state-1.env; else setenv tr_file boot-state-2.env; fi
echo "twinroot: saving boot state to ${tr_file}"
if fatwrite ${devtype} ${devnum}:1 ${tr_addr1} ${tr_file} 0x4000; then echo "twinroot: saved boot state to ${tr_file}"; else echo "twinroot: could not save the boot state, booting anyway"; fi
echo "twinroot: booting slot ${tr_slot} (tries left ${tr_left})"
echo "twinroot: kernel arguments ${bootargs}"
if load ${devtype} ${devnum}:${tr_part} ${kernel_addr_r} /boot/Image; then if load ${devtype} ${devnum}:${tr_part} ${ramdisk_addr_r} /boot/initrd.img; then booti ${kernel_addr_r} ${ramdisk_addr_r}:${filesize} ${fdtcontroladdr}; fi; fi
echo "twinroot: boot failed, resetting"
reset
